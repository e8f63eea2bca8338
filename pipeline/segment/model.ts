/** What the segment stage finds in a document, before it becomes a record. */
import type { MappedText, Span } from '../text/mapped.ts';

export interface Field<T> {
  value: T;
  span: Span;
  ruleId: string;
}

export interface Header {
  body: Field<string> | null;
  symbol: Field<string> | null;
  number: Field<string> | null;
  title: Field<string> | null;
  session: Field<number> | null;
  place: Field<string> | null;
  adopted: Field<string> | null;
  date: Field<string> | null;
  agendaItem: Field<string> | null;
}

export interface SubItem {
  label: string;
  span: Span;
}

export interface Clause {
  part: 'preamble' | 'operative';
  number: string | null;
  opener: string;
  /** where the opener came from: the emphasis printed in the text, a rule, or the first word */
  openerSource: 'emphasis' | 'rule' | 'first-word' | 'none';
  ruleId: string | null;
  relation: string | null;
  text: MappedText;
  items: SubItem[];
  markers: { marker: string; span: Span }[];
}

export interface Footnote {
  marker: string;
  text: MappedText;
  span: Span;
  /** the clause carrying its marker: ['preamble', 3] or ['operative', 0]; null when in the header or not found */
  clause: { part: 'preamble' | 'operative'; index: number } | null;
  markerSpan: Span | null;
}

export interface Block {
  text: MappedText;
  kind: 'heading' | 'paragraph';
}

export interface Segments {
  kind: 'resolution' | 'press-release' | 'report' | 'other';
  header: Header;
  enacting: MappedText | null;
  preamble: Clause[];
  operative: Clause[];
  footnotes: Footnote[];
  closing: { text: MappedText; meeting: number | null; date: string | null } | null;
  /** headings printed between clauses ("Modalités de financement des engagements autorisés") */
  headings: MappedText[];
  /** what follows the closing (annexes), as paragraphs */
  annex: MappedText[];
  /** documents that are not resolutions: their sections in reading order, and quotes */
  sections: import('./sections.ts').Section[];
  quotes: import('./sections.ts').Quote[];
}

export function emptyHeader(): Header {
  return { body: null, symbol: null, number: null, title: null, session: null, place: null, adopted: null, date: null, agendaItem: null };
}

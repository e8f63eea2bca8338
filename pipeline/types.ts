/**
 * The state a document carries through the stages. Each stage declares which fields it reads and
 * which it adds (see stages.ts); a test checks that every field read was added before.
 */
import type { Reporter } from './diagnostics.ts';
import type { CompiledRules } from './rules/compile.ts';
import type { MappedText, Span } from './text/mapped.ts';

/** One physical line of the raw input. */
export interface Line {
  index: number;
  /** raw offset of the first character (after a form feed, if any) */
  start: number;
  /** raw offset after the last character, end of line excluded */
  end: number;
  /** raw content, end of line excluded */
  raw: string;
  /** the line started with a form feed: a page break */
  formFeed: boolean;
  /** why the line was dropped, if it was: a rule id */
  dropped?: string;
  /** the line opens or continues a footnote definition */
  footnote?: { marker: string; first: boolean };
  /** the cleaned content, set by the inline cleaner */
  clean?: CleanLine;
}

/** A footnote marker found in the text. `at` is an offset into the cleaned text holding it. */
export interface Marker {
  marker: string;
  at: number;
  span: Span;
}

export interface CleanLine {
  text: MappedText;
  /** [start, end) ranges of emphasised (italic or bold) text */
  emphasis: [number, number][];
  markers: Marker[];
  /** the line's cells where the layout puts columns side by side (3 spaces or more apart) */
  cells: MappedText[];
}

export interface Paragraph {
  text: MappedText;
  emphasis: [number, number][];
  markers: Marker[];
  /** indices of the lines it was made of */
  lines: number[];
  /** a page break (furniture, a form feed, several blank lines) stands before it */
  afterBreak: boolean;
}

export interface FootnoteDef {
  marker: string;
  text: MappedText;
  span: Span;
  /** index of the paragraph the def follows in reading order (for page-local matching) */
  line: number;
}

export type DocKind = 'resolution' | 'press-release' | 'report' | 'other';

export interface Dropped {
  ruleId: string;
  span: Span;
  text: string;
}

export interface DocState {
  /** path of the input relative to the input root, '/'-separated */
  source: string;
  bytes?: Uint8Array;
  raw: string;
  encoding: string;
  reporter: Reporter;
  rulesDir?: string;
  // read
  // language detection (in clean)
  language?: string;
  rules?: CompiledRules | null;
  /** what the document is, from the evidence rules of rules/<lang>/documents.yaml */
  kind?: DocKind;
  kindEvidence?: { rule: string; kind: DocKind; line: number }[];
  // clean
  lines?: Line[];
  paragraphs?: Paragraph[];
  footnoteDefs?: FootnoteDef[];
  dropped?: Dropped[];
  /** lines that are no content (web addresses, handles), kept apart */
  boilerplate?: Dropped[];
  /** the document's words and hyphenated compounds, for undoing hyphenation */
  vocab?: import('./clean/paragraphs.ts').Vocabulary;
  // segment
  segments?: import('./segment/model.ts').Segments;
  // extract
  references?: import('./extract/model.ts').Reference[];
  entities?: import('./extract/model.ts').Entity[];
  // emit
  record?: import('./schema.ts').ResolexRecord;
}

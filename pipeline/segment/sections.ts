/**
 * Documents that are not resolutions (press releases, reports, brochures): title, date and place
 * from the head, then sections in reading order — a heading, its paragraphs and its bullet items —
 * and the quotes with who said them. Patterns are rules (rules/<lang>/documents.yaml).
 */
import type { CompiledRules } from '../rules/compile.ts';
import { findEntities } from '../extract/entities.ts';
import { joinMapped, type MappedText } from '../text/mapped.ts';
import type { Paragraph } from '../types.ts';
import type { Field, Header } from './model.ts';
import { emptyHeader } from './model.ts';

export interface Section {
  heading: MappedText | null;
  paragraphs: MappedText[];
  items: MappedText[];
}

export interface Quote {
  text: MappedText;
  speaker: string | null;
  role: string | null;
}

/** paragraphs at the head of a document where title, date and place are looked for */
const HEAD = 12;
/** a heading is short */
const MAX_HEADING = 160;
// Punctuation that ends a sentence or a clause: a line ending so is no heading
const SENTENCE_END = /[.;:!?,»"”]$/;

function words(t: string): number {
  return t.split(/\s+/).filter(Boolean).length;
}

/**
 * The first pattern's match of `t`, in rule order, or null. Stops at the first: the patterns carry
 * no global flag, so running the rest only made an array of matches for every paragraph.
 */
function firstMatch(patterns: { re: RegExp }[], t: string): RegExpExecArray | null {
  for (const p of patterns) {
    const m = p.re.exec(t);
    if (m) return m;
  }
  return null;
}

export function segmentDocument(paras: Paragraph[], rules: CompiledRules): { header: Header; sections: Section[]; quotes: Quote[] } {
  const header = emptyHeader();
  const d = rules.documents;
  const rel = rules.raw.paths['documents.yaml'] ?? 'documents.yaml';
  const used = new Set<number>();
  const field = <T>(value: T, t: MappedText, rule: string): Field<T> => ({ value, span: t.rawSpan(), ruleId: rule });
  // date: a paragraph of the head that is a date and nothing else ("10 décembre 2022", "OCTOBRE 2023")
  if (rules.entities) {
    for (let i = 0; i < Math.min(HEAD, paras.length); i++) {
      const t = paras[i].text;
      const found = findEntities(t, rules.entities, { year: null, ordinal: () => null }).filter((e) => e.type === 'date');
      if (found.length === 1 && found[0].text.length >= t.text.trim().length - 1 && found[0].normalized && !found[0].normalized.includes('/')) {
        header.date = field(found[0].normalized, t, found[0].rule);
        used.add(i);
        break;
      }
    }
  }
  // place: the dateline ("ORGANISATION DES NATIONS UNIES (New York) –")
  for (let i = 0; i < Math.min(HEAD, paras.length) && !header.place; i++) {
    for (const p of d?.datelines ?? []) {
      const m = p.re.exec(paras[i].text.text);
      if (m?.groups?.place) {
        header.place = field(m.groups.place.trim(), paras[i].text, `${rel}#${p.id}`);
        break;
      }
    }
  }
  // title: the first paragraph of the head with a few words that is neither the date nor a bullet
  for (let i = 0; i < Math.min(HEAD, paras.length); i++) {
    const t = paras[i].text.text;
    if (used.has(i) || words(t) < 3 || d?.bullets.some((b) => b.re.test(t))) continue;
    header.title = field(t, paras[i].text, 'segment/title');
    used.add(i);
    break;
  }
  const isHeading = (t: string) =>
    !SENTENCE_END.test(t) && (d?.headings.some((h) => h.re.test(t)) || (t.length <= MAX_HEADING && /^\p{Lu}/u.test(t) && words(t) >= 2 && words(t) <= 14));
  const sections: Section[] = [];
  let cur: Section | null = null;
  paras.forEach((p, i) => {
    if (used.has(i)) return;
    const t = p.text.text;
    const bullet = firstMatch(d?.bullets ?? [], t);
    if (bullet) {
      if (!cur) sections.push((cur = { heading: null, paragraphs: [], items: [] }));
      cur.items.push(p.text.slice(bullet[0].length));
      return;
    }
    if (isHeading(t)) {
      sections.push((cur = { heading: p.text, paragraphs: [], items: [] }));
      return;
    }
    if (!cur) sections.push((cur = { heading: null, paragraphs: [], items: [] }));
    cur.paragraphs.push(p.text);
  });
  const quotes: Quote[] = [];
  let lastSpeaker: { speaker: string | null; role: string | null } = { speaker: null, role: null };
  // a quote may run over several paragraphs of a section: read them joined
  for (const sec of sections) {
    const text = joinMapped(sec.paragraphs);
    for (const q of d?.quotes ?? []) {
      q.re.lastIndex = 0;
      for (const m of text.text.matchAll(q.re)) {
        const g = m.groups ?? {};
        const at = m.index! + m[0].indexOf(g.quote);
        const who = g.speaker ? { speaker: g.speaker, role: g.role?.trim() ?? null } : lastSpeaker;
        quotes.push({ text: text.slice(at, at + g.quote.length), ...who });
        lastSpeaker = who;
      }
    }
  }
  return { header, sections, quotes };
}

/**
 * Stage 4, segment: header (body, symbol, number, title, session, place, dates), the enacting
 * formula, preambular and operative clauses with their sub-items, footnotes with the clause each
 * belongs to, and the closing (`39e séance plénière`, `Adoptée`). What follows the closing is the
 * annex: kept as paragraphs, never taken for clauses.
 */
import type { CompiledRules } from './rules/compile.ts';
import type { DocState, Paragraph } from './types.ts';
import { parseHeader } from './segment/header.ts';
import { segmentClauses } from './segment/clauses.ts';
import { linkFootnotes } from './segment/footnotes.ts';
import { firstDate } from './segment/dates.ts';
import { emptyHeader, type Segments } from './segment/model.ts';
import { segmentDocument } from './segment/sections.ts';

function findEnacting(paras: Paragraph[], rules: CompiledRules): number {
  const re = rules.header.get('enacting')?.re;
  if (!re) return -1;
  return paras.findIndex((p) => re.test(p.text.text));
}

/** The first paragraph that opens a clause, for documents whose enacting formula is missing. */
function firstClause(paras: Paragraph[], rules: CompiledRules): number {
  return paras.findIndex((p) => /^1\.\s/.test(p.text.text) || (rules.openers.match(p.text.text)?.role === 'preamble' && /,\s*$/.test(p.text.text)));
}

function findClosing(paras: Paragraph[], from: number, doc: DocState, rules: CompiledRules): number {
  const meeting = rules.header.get('closing-meeting')?.re;
  const adopted = rules.header.get('closing-adopted')?.re;
  for (let i = from; i < paras.length; i++) {
    const p = paras[i];
    const first = doc.lines![p.lines[0]].clean?.text.text ?? p.text.text;
    if (meeting?.test(first) || adopted?.test(p.text.text) || adopted?.test(first)) return i;
  }
  return -1;
}

export function segment(doc: DocState): void {
  const paras = doc.paragraphs!;
  const rules = doc.rules;
  const seg: Segments = {
    kind: 'other',
    header: emptyHeader(),
    enacting: null,
    preamble: [],
    operative: [],
    footnotes: [],
    closing: null,
    headings: [],
    annex: [],
    sections: [],
    quotes: [],
  };
  doc.segments = seg;
  if (!rules || !rules.raw.files['header.yaml'] || !rules.raw.files['openers.yaml']) {
    seg.annex = paras.map((p) => p.text);
    return;
  }
  const asDocument = (kind: Segments['kind']) => {
    const r = segmentDocument(paras, rules);
    seg.kind = kind;
    seg.header = r.header;
    seg.sections = r.sections;
    seg.quotes = r.quotes;
    seg.preamble = [];
    seg.operative = [];
    seg.headings = [];
    seg.annex = [];
    seg.enacting = null;
    seg.closing = null;
    seg.footnotes = [];
  };
  if (doc.kind && doc.kind !== 'resolution') {
    asDocument(doc.kind);
    return;
  }
  let e = findEnacting(paras, rules);
  let bodyFrom = e + 1;
  if (e < 0) {
    const f = firstClause(paras, rules);
    e = -1;
    bodyFrom = f < 0 ? paras.length : f;
    doc.reporter.report('header-missing', 'segment/enacting', 'no enacting formula found', paras[bodyFrom]?.text.rawSpan(0, 1));
  }
  const headerParas = paras.slice(0, e >= 0 ? e : bodyFrom);
  const enacting = e >= 0 ? paras[e] : null;
  seg.header = parseHeader(headerParas, enacting, doc.lines!, rules);
  seg.enacting = enacting?.text ?? null;
  const c = findClosing(paras, bodyFrom, doc, rules);
  const bodyTo = c < 0 ? paras.length : c;
  if (c >= 0) {
    const cp = paras[c];
    let date = firstDate(cp.text.text, rules);
    const next = paras[c + 1];
    if (!date && next && firstDate(next.text.text, rules)?.index === 0 && next.text.length < 30) date = firstDate(next.text.text, rules);
    const mm = rules.header.get('closing-meeting')?.re.exec(doc.lines![cp.lines[0]].clean?.text.text ?? '');
    seg.closing = { text: cp.text, meeting: mm?.groups?.meeting ? Number(mm.groups.meeting) : null, date: date?.iso ?? null };
    if (!seg.header.adopted && date) seg.header.adopted = { value: date.iso, span: cp.text.rawSpan(), ruleId: `${rules.raw.paths['header.yaml']}#closing-meeting` };
  }
  const { preamble, operative, headings } = segmentClauses(paras.slice(bodyFrom, bodyTo), {
    rules,
    vocab: doc.vocab!,
    reporter: doc.reporter,
  });
  seg.preamble = preamble;
  seg.operative = operative;
  seg.headings = headings;
  const closingEnd = c < 0 ? paras.length : c + 1 + (seg.closing?.date && !firstDate(paras[c].text.text, rules) ? 1 : 0);
  seg.annex = paras.slice(closingEnd).map((p) => p.text);
  const headerMarkers = [...headerParas, ...(enacting ? [enacting] : [])].flatMap((p) => p.markers);
  seg.footnotes = linkFootnotes(doc.footnoteDefs!, preamble, operative, headerMarkers, doc.reporter);
  const isResolution = !!enacting || preamble.length + operative.length >= 2;
  seg.kind = isResolution ? 'resolution' : 'other';
  if (!isResolution) {
    doc.reporter.report('not-a-resolution', 'segment/kind', 'no enacting formula and fewer than two clauses: not read as a resolution');
    asDocument('other');
  }
}

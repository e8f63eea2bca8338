/**
 * Stage 3, clean: repairs what PDF-to-text and OCR leave, keeping a map from every cleaned
 * character back to the raw input. The cleaners run in this order, each small and tested alone:
 *   lines → furniture → footnote-defs → noise → inline → glued-markers → paragraphs
 */
import { splitLines } from './clean/lines.ts';
import { markFurniture } from './clean/furniture.ts';
import { markFootnoteDefs, defPrefix } from './clean/footnote-defs.ts';
import { markNoise } from './clean/noise.ts';
import { markRepeats } from './clean/repeats.ts';
import { cleanInline, singleStars, type InlineState } from './clean/inline.ts';
import { isBlank } from './clean/lines.ts';
import { removeGluedMarkers } from './clean/glued-markers.ts';
import { buildParagraphs, vocabulary } from './clean/paragraphs.ts';
import { UnitsBuffer } from './text/units.ts';
import type { DocState, Dropped } from './types.ts';

/** the cleaner's own units buffer: nothing called while it is read fills it */
const rawUnits = new UnitsBuffer();

export const CLEANERS = ['lines', 'furniture', 'footnote-defs', 'noise', 'repeats', 'inline', 'glued-markers', 'paragraphs'] as const;

export function clean(doc: DocState): void {
  const raw = doc.raw;
  const rules = doc.rules;
  const lines = splitLines(raw);
  markFurniture(lines, rules?.furniture ?? []);
  markFootnoteDefs(lines);
  markNoise(lines, doc.reporter);
  const docRules = rules?.documents;
  if (docRules && doc.kind !== 'resolution') markRepeats(lines, docRules.boilerplate, rules!.raw.paths['documents.yaml']!, doc.reporter);
  // italics may span the hard-wrapped lines of a paragraph: asterisks pair up per block of lines
  let block: typeof lines = [];
  const cleanBlock = () => {
    // counted line by line: a line end never joins two asterisks into "**"
    let stars = 0;
    for (const l of block) stars += singleStars(l.raw);
    const paired = stars % 2 === 0;
    const state: InlineState = { starsPaired: paired };
    for (const l of block) {
      if (l.footnote?.first) state.italicOpen = false;
      // a footnote's own number is not part of its text
      const skip = l.footnote?.first ? (defPrefix(l.raw)?.len ?? 0) : 0;
      l.clean = cleanInline(raw, l.start + skip, l.end, state, units);
    }
    block = [];
  };
  // every line is tested for repairs: read from the text's units (null for a text longer than the buffer)
  const units = rawUnits.of(raw);
  for (const l of lines) {
    if (l.dropped || isBlank(l)) {
      cleanBlock();
      if (!l.dropped) l.clean = cleanInline(raw, l.start, l.end, {}, units);
      continue;
    }
    block.push(l);
  }
  cleanBlock();
  removeGluedMarkers(lines);
  const vocab = vocabulary(raw);
  const { paragraphs, defs } = buildParagraphs(lines, vocab, rules?.keepHyphen ?? new Set(), docRules?.bullets ?? [], doc.kind !== 'resolution');
  const boilerplateRule = rules?.raw.paths['documents.yaml'] ?? '\0';
  const dropped: Dropped[] = [];
  const boilerplate: Dropped[] = [];
  for (const l of lines) {
    if (!l.dropped) continue;
    const d: Dropped = { ruleId: l.dropped, span: { start: l.start, end: l.end }, text: l.raw.trim() };
    (d.ruleId.startsWith(boilerplateRule) ? boilerplate : dropped).push(d);
  }
  for (const d of dropped) {
    if (d.ruleId.startsWith('page.yaml')) doc.reporter.report('page-furniture-dropped', d.ruleId, `dropped "${d.text.slice(0, 60)}"`, d.span);
    else if (d.ruleId === 'clean/stray-line') doc.reporter.report('stray-line-dropped', d.ruleId, `dropped "${d.text.slice(0, 60)}"`, d.span);
  }
  for (const d of boilerplate) doc.reporter.report('boilerplate-kept-apart', d.ruleId, `"${d.text.slice(0, 60)}" kept as boilerplate`, d.span);
  doc.boilerplate = boilerplate;
  doc.lines = lines;
  doc.paragraphs = paragraphs;
  doc.footnoteDefs = defs;
  doc.dropped = dropped;
  doc.vocab = vocab;
}

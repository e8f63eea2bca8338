/**
 * Footnotes: each note printed at a page bottom, with its marker in the text and the clause that
 * carries that marker. A marker without a note, or a note without a marker, is reported.
 */
import type { Reporter } from '../diagnostics.ts';
import type { FootnoteDef, Marker } from '../types.ts';
import type { Clause, Footnote } from './model.ts';

export function linkFootnotes(defs: FootnoteDef[], preamble: Clause[], operative: Clause[], headerMarkers: Marker[], reporter: Reporter): Footnote[] {
  const where = new Map<string, { clause: Footnote['clause']; span: Footnote['markerSpan'] }>();
  for (const m of headerMarkers) if (!where.has(m.marker)) where.set(m.marker, { clause: null, span: m.span });
  const parts = [
    ['preamble', preamble],
    ['operative', operative],
  ] as const;
  for (const [part, list] of parts) {
    list.forEach((c, index) => {
      for (const m of c.markers) if (!where.has(m.marker)) where.set(m.marker, { clause: { part, index }, span: m.span });
    });
  }
  const defined = new Set(defs.map((d) => d.marker));
  for (const [marker, w] of where) {
    if (!defined.has(marker) && w.span) reporter.report('footnote-marker-without-note', 'segment/footnotes', `footnote marker ${marker} has no note`, w.span);
  }
  return defs.map((d) => {
    const w = where.get(d.marker);
    if (!w) reporter.report('footnote-without-marker', 'segment/footnotes', `footnote ${d.marker} has no marker in the text`, d.span);
    return { marker: d.marker, text: d.text, span: d.span, clause: w?.clause ?? null, markerSpan: w?.span ?? null };
  });
}

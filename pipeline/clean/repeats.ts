/**
 * Cleaner `repeats`: in documents that are not resolutions, a line printed again (a caption under
 * every figure, a cover block printed twice) is kept once: later copies are dropped, one message
 * per line saying how many. Lines that are no content (web addresses, social-media handles) leave
 * the text too, but are kept apart as boilerplate.
 */
import type { Reporter } from '../diagnostics.ts';
import { matchesLine, type LinePattern } from '../rules/line-starts.ts';
import type { Line } from '../types.ts';
import { isBlank } from './lines.ts';

// White space that folding to one space would change: a space other than " ", or two in a row
// (e.g. "Genève\u00a0(Suisse)", "Lyon  France"). Most lines have none and are their own key.
const SPACE_TO_FOLD = /[^\S ]| {2}/;

export function markRepeats(lines: Line[], boilerplate: LinePattern[], rel: string, reporter: Reporter): void {
  const first = new Map<string, Line>();
  const copies = new Map<string, Line[]>();
  for (const l of lines) {
    if (l.dropped || isBlank(l)) continue;
    const t = l.raw.trim();
    const b = boilerplate.find((p) => matchesLine(p, t));
    if (b) {
      l.dropped = `${rel}#${b.id}`;
      continue;
    }
    const k = SPACE_TO_FOLD.test(t) ? t.replace(/\s+/g, ' ') : t;
    if (!first.has(k)) first.set(k, l);
    else {
      l.dropped = 'clean/repeated-line';
      copies.set(k, [...(copies.get(k) ?? []), l]);
    }
  }
  for (const [k, ls] of copies) {
    const f = first.get(k)!;
    reporter.report('repeated-line-dropped', 'clean/repeated-line', `"${k.slice(0, 60)}" printed ${ls.length + 1} times: ${ls.length} copies dropped`, { start: f.start, end: f.end });
  }
}

/**
 * Cleaner `noise`: drops stray one-character lines ("/", "|", "·") that OCR and PDF-to-text leave,
 * and a line printed twice in a row (a repeated caption or a duplicated line at a page break).
 */
import type { Reporter } from '../diagnostics.ts';
import type { Line } from '../types.ts';
import { isBlank } from './lines.ts';

// A line made of one sign that is neither a letter nor a digit: "/", "|", "•", "*" — but not the
// punctuation a wrapped clause may leave alone on a line (";", ",", ".", "»")
const STRAY = /^\s*[^\p{L}\p{N}\s;,.:!?»”)]\s*$/u;
/** shorter repeated lines may be legitimate (list items such as "Ibid.") */
const MIN_REPEAT = 20;

export function markNoise(lines: Line[], reporter?: Reporter): void {
  let prev: Line | null = null;
  /** prev's text, trimmed */
  let prevText = '';
  let run = 0;
  const close = () => {
    if (prev && run) reporter?.report('repeated-line-dropped', 'clean/repeated-line', `"${prevText.slice(0, 60)}" printed ${run + 1} times in a row: ${run} copies dropped`, { start: prev.start, end: prev.end });
    run = 0;
  };
  for (const l of lines) {
    if (l.dropped || isBlank(l)) continue;
    const t = l.raw.trim();
    // one sign is one code point (two units for a pair): longer lines are not tried
    if (t.length <= 2 && STRAY.test(t)) {
      l.dropped = 'clean/stray-line';
      continue;
    }
    if (prev && t.length >= MIN_REPEAT && t === prevText && !l.footnote) {
      l.dropped = 'clean/repeated-line';
      run++;
      continue;
    }
    close();
    prev = l;
    prevText = t;
  }
  close();
}

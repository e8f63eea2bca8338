/**
 * Cleaner `lines`: the raw text as physical lines with their offsets. LF, CRLF and CR all end a
 * line; a form feed at the start of a line marks a page break and is not part of the line.
 */
import { isSpace } from '../text/mapped.ts';
import type { Line } from '../types.ts';

/**
 * Line ends are found with indexOf, not a line pattern: a match array and two strings per line
 * were 3% of the bytes a document allocated (measured with the sampling heap profiler).
 */
export function splitLines(raw: string): Line[] {
  const out: Line[] = [];
  const n = raw.length;
  // the next "\n", "\r" and "\f" at or after `pos` (n when none): each is searched for again only
  // once passed (a form feed looked for in every line was ~1% of the pipeline: most texts have none)
  let lf = -1;
  let cr = -1;
  let nextFf = -1;
  let pos = 0;
  for (;;) {
    if (lf < pos) lf = indexOrEnd(raw, '\n', pos);
    if (cr < pos) cr = indexOrEnd(raw, '\r', pos);
    if (nextFf < pos) nextFf = indexOrEnd(raw, '\f', pos);
    const e = Math.min(lf, cr);
    let start = pos;
    let content = raw.slice(pos, e);
    let formFeed = false;
    // form feeds may stand anywhere in pdftotext output; each starts a page
    const ff = nextFf < e ? content.lastIndexOf('\f') : -1;
    if (ff >= 0) {
      formFeed = true;
      start = pos + ff + 1;
      content = content.slice(ff + 1);
    }
    // every field a later cleaner sets is here from the start: lines of one shape, where fields
    // added later in varying orders gave the cleaners' loops lines of several shapes to read
    out.push({ index: out.length, start, end: start + content.length, raw: content, formFeed, dropped: undefined, footnote: undefined, clean: undefined });
    if (e >= n) break;
    // "\r\n" is one line end
    pos = e === cr && lf === e + 1 ? e + 2 : e + 1;
  }
  return out;
}

function indexOrEnd(s: string, c: string, from: number): number {
  const i = s.indexOf(c, from);
  return i < 0 ? s.length : i;
}

export function isBlank(l: Line): boolean {
  const s = l.raw;
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

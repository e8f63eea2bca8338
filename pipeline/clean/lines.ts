/**
 * Cleaner `lines`: the raw text as physical lines with their offsets. LF, CRLF and CR all end a
 * line; a form feed at the start of a line marks a page break and is not part of the line.
 */
import type { Line } from '../types.ts';

// A line and its end: "text\r\n", "text\n", "text\r" or the last "text".
const LINE = /([^\r\n]*)(\r\n|\n|\r|$)/y;

export function splitLines(raw: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  while (pos <= raw.length) {
    LINE.lastIndex = pos;
    const m = LINE.exec(raw)!;
    let start = pos;
    let content = m[1];
    let formFeed = false;
    // form feeds may stand anywhere in pdftotext output; each starts a page
    const ff = content.lastIndexOf('\f');
    if (ff >= 0) {
      formFeed = true;
      start = pos + ff + 1;
      content = content.slice(ff + 1);
    }
    out.push({ index: out.length, start, end: start + content.length, raw: content, formFeed });
    if (!m[2]) break;
    pos = m.index + m[0].length;
  }
  return out;
}

export function isBlank(l: Line): boolean {
  return !/\S/.test(l.raw);
}

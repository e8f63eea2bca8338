/**
 * Cleaner `footnote-defs`: finds the footnote texts printed at page bottoms, so they leave the
 * body (the paragraph the page break cut is rejoined later) and become footnotes.
 *
 * Marked-up notes are certain: `^{3} Résolution 60/288.`, `<sup>3</sup> …`, `³ …`. Plain notes
 * (`3 Résolution 60/288.`, as PDF-to-text prints them) are taken only where they must be notes:
 * the number is the next one expected, and the block of lines ends at a page break.
 */
import type { Line } from '../types.ts';
import { isBlank } from './lines.ts';
import { superscriptDigits } from '../text/letters.ts';

// "^{3} text", "<sup>3</sup> text", "³ text" at line start
// (a space must follow: "²⁹, et à prendre" at a line start is a marker in a wrapped sentence)
const MARKED_DEF = /^\s*(?:\^\{(\d{1,3})\}|<sup>(\d{1,3})<\/sup>|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))\s+(?=\S)/;
// "3 text" at line start (plain layout); the text must not start like a number continuation
const PLAIN_DEF = /^\s*(\d{1,3})\s+(?=[^\s\d])/;

/** Length of the marker prefix to skip on a def's first line, or 0. */
export function defPrefix(raw: string): { marker: string; len: number } | null {
  const m = MARKED_DEF.exec(raw);
  if (m) {
    const marker = m[1] ?? m[2] ?? superscriptDigits(m[3]);
    return { marker: String(Number(marker)), len: m[0].length };
  }
  const p = PLAIN_DEF.exec(raw);
  if (p) return { marker: String(Number(p[1])), len: p[0].length };
  return null;
}

export function markFootnoteDefs(lines: Line[]): void {
  let expected = 1;
  let inDef: string | null = null;
  // marked-up definitions: anywhere
  let anyMarked = false;
  for (const l of lines) {
    if (l.dropped) {
      inDef = null;
      continue;
    }
    if (isBlank(l)) {
      inDef = null;
      continue;
    }
    const m = MARKED_DEF.exec(l.raw);
    if (m) {
      const d = defPrefix(l.raw)!;
      l.footnote = { marker: d.marker, first: true };
      inDef = d.marker;
      anyMarked = true;
    } else if (inDef) {
      l.footnote = { marker: inDef, first: false };
    }
  }
  if (anyMarked) return;
  // plain definitions: blocks that end at a page break
  const blocks: Line[][] = [];
  let cur: Line[] = [];
  for (const l of lines) {
    if (isBlank(l) || l.dropped || l.formFeed) {
      if (cur.length) blocks.push(cur);
      cur = [];
      if (!isBlank(l) && !l.dropped) cur.push(l);
      continue;
    }
    cur.push(l);
  }
  if (cur.length) blocks.push(cur);
  for (const block of blocks) {
    const first = PLAIN_DEF.exec(block[0].raw);
    if (!first || Number(first[1]) !== expected) continue;
    if (!endsAtPageBreak(lines, block[block.length - 1].index)) continue;
    let marker = '';
    for (const l of block) {
      const p = PLAIN_DEF.exec(l.raw);
      if (p && Number(p[1]) === expected) {
        marker = String(expected);
        expected++;
        l.footnote = { marker, first: true };
      } else {
        l.footnote = { marker, first: false };
      }
    }
  }
}

/** Only blank lines stand between line i and furniture, a form feed or the end of the text. */
function endsAtPageBreak(lines: Line[], i: number): boolean {
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j];
    if (l.dropped && l.dropped.startsWith('page.yaml')) return true;
    if (l.formFeed) return true;
    if (!isBlank(l)) return false;
  }
  return true;
}

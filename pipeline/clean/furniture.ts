/**
 * Cleaner `furniture`: drops what a page break leaves in PDF-to-text output — job numbers, bar
 * codes, page numbers, the symbol and the running title repeated in every page head. A line is
 * only furniture where a page break is: beside another furniture line or a form feed. A running
 * title is recognised because it repeats at several breaks or repeats the document's own header.
 */
import { matchesLine, type LinePattern } from '../rules/line-starts.ts';
import type { Line } from '../types.ts';
import { isBlank } from './lines.ts';

const WEAK = new Set(['running-symbol']);
/** how many non-blank lines from a strong anchor a weak anchor or running title may stand */
const REACH = 3;
/** lines at the top of the document that form its header, compared with running titles */
const HEADER_LINES = 40;

function fold(s: string): string {
  return s.replace(/[*#_]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * A page number stands apart: "2/4" between blank lines is page 2 of 4; "49/222" wrapped between
 * two lines of text is part of a resolution number.
 */
function plausible(id: string, t: string, lines: Line[], i: number): boolean {
  if (id !== 'page-of' && id !== 'page-number') return true;
  if (id === 'page-of') {
    const [n, m] = t.split('/').map(Number);
    if (!(n >= 1 && n <= m)) return false;
  }
  const apart = (l: Line | undefined) => !l || isBlank(l) || l.formFeed;
  return (apart(lines[i - 1]) || lines[i].formFeed) && apart(lines[i + 1]);
}

export function markFurniture(lines: Line[], patterns: LinePattern[]): void {
  if (!patterns.length) return;
  const nonBlank = lines.filter((l) => !isBlank(l));
  const kind = new Map<Line, string>();
  for (const l of nonBlank) {
    const t = l.raw.trim();
    for (const p of patterns) {
      if (matchesLine(p, t) && plausible(p.id, t, lines, l.index)) {
        kind.set(l, p.id);
        break;
      }
    }
  }
  // strong anchors: furniture that cannot be body text; form feeds too
  const strong = new Set<number>();
  nonBlank.forEach((l, i) => {
    const k = kind.get(l);
    if ((k && !WEAK.has(k)) || l.formFeed) strong.add(i);
  });
  if (!strong.size) return;
  const near = (i: number) => {
    for (let d = -REACH; d <= REACH; d++) if (strong.has(i + d)) return true;
    return false;
  };
  const anchors = new Set<number>();
  nonBlank.forEach((l, i) => {
    const k = kind.get(l);
    if (!k) return;
    if (!WEAK.has(k) || near(i)) {
      anchors.add(i);
      l.dropped = `page.yaml#${k}`;
    }
  });
  // the first page's head (symbol, title) is the header, not furniture: keep what precedes the
  // first strong anchor unless a form feed said it was a page head
  // running titles: lines next to anchors (only blank lines or anchors between)
  // the header the running title repeats: the top of the first page, before any furniture
  const firstAnchor = Math.min(...anchors);
  const header = fold(nonBlank.slice(0, Math.min(HEADER_LINES, firstAnchor)).map((l) => l.raw).join(' '));
  const candidates: number[] = [];
  nonBlank.forEach((l, i) => {
    if (anchors.has(i)) return;
    if (anchors.has(i - 1) || anchors.has(i + 1)) candidates.push(i);
  });
  const counts = new Map<string, number>();
  for (const i of candidates) {
    const k = fold(nonBlank[i].raw);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  for (const i of candidates) {
    if (i <= firstAnchor) continue;
    const k = fold(nonBlank[i].raw);
    const words = k.split(' ').length;
    const repeated = (counts.get(k) ?? 0) >= 2 && k.length >= 8;
    const echoesHeader = words >= 3 && k.length >= 15 && header.includes(k) && !/[,;.:]$/.test(k);
    if (repeated || echoesHeader) nonBlank[i].dropped = 'page.yaml#running-title';
  }
}

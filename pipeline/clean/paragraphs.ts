/**
 * Cleaner `paragraphs`: joins hard-wrapped lines into paragraphs (a blank line, a page break or a
 * footnote ends one) and undoes hyphenation at line ends. "inclu-" + "sive" → "inclusive", but
 * "sous-" + "régionales" keeps its hyphen: a compound the document prints elsewhere with its hyphen,
 * or whose first part is a known compound prefix (rules/<lang>/hyphenation.yaml), stays whole.
 */
import { fold } from '../rules/compile.ts';
import { MappedBuilder } from '../text/mapped.ts';
import type { CleanLine, FootnoteDef, Line, Marker, Paragraph } from '../types.ts';
import { isBlank } from './lines.ts';
import { isLetterAt, prevIndex } from '../text/letters.ts';
import { matchesLine, type LinePattern } from '../rules/line-starts.ts';

/**
 * The word part before a hyphen ending a line: "inclu-" → "inclu"; null when the line does not end
 * so. Scanned backwards from the end: a pattern anchored at the end would try every letter of the
 * line first.
 */
export function trailingPart(text: string): string | null {
  if (!text.endsWith('-')) return null;
  let i = text.length - 1;
  for (let p = prevIndex(text, i); p >= 0 && isLetterAt(text, p); p = prevIndex(text, i)) i = p;
  return i < text.length - 1 ? text.slice(i, text.length - 1) : null;
}
// The first word of the next line: "sive", "régionales"
export const LEADING_WORD = /^([\p{L}]+)/u;

/**
 * Hyphenated compounds and plain words of the document, folded. Only a hyphen at a line end asks
 * about them, a few times a document: each question searches the folded text (folded once, on the
 * first question) rather than a set of every word being built for all documents.
 */
export class Vocabulary {
  private folded: string | null = null;

  constructor(private readonly raw: string) {}

  /** whether `word` stands in the folded text with no letter on either side */
  private has(word: string): boolean {
    const t = (this.folded ??= fold(this.raw));
    for (let at = t.indexOf(word); at >= 0; at = t.indexOf(word, at + 1)) {
      const before = prevIndex(t, at);
      const after = at + word.length;
      if (!(before >= 0 && isLetterAt(t, before)) && !(after < t.length && isLetterAt(t, after))) return true;
    }
    return false;
  }

  /** "sous-regionales" printed whole somewhere */
  hasCompound(folded: string): boolean {
    return this.has(folded);
  }

  /** "inclusive" printed whole somewhere (words of four letters or more) */
  hasWord(folded: string): boolean {
    return folded.length >= 4 && this.has(folded);
  }
}

export function vocabulary(raw: string): Vocabulary {
  return new Vocabulary(raw);
}

/** Whether "left-" at a line end and "right" on the next line keep their hyphen. */
export function keepsHyphen(left: string, right: string, vocab: Vocabulary, keep: Set<string>): boolean {
  if (!/^\p{Ll}/u.test(right)) return true; // "États-" + "Unis", "COVID-" + "19"
  const l = fold(left);
  const r = fold(right);
  if (vocab.hasCompound(`${l}-${r}`)) return true;
  if (vocab.hasWord(l + r)) return false;
  return keep.has(l);
}

interface Piece {
  line: CleanLine;
  index: number;
}

function join(pieces: Piece[], vocab: Vocabulary, keep: Set<string>) {
  const b = new MappedBuilder();
  const emphasis: [number, number][] = [];
  const markers: Marker[] = [];
  pieces.forEach((p, k) => {
    const t = p.line.text;
    if (k > 0 && b.length) {
      const prevEnd = pieces[k - 1].line.text;
      const gapStart = prevEnd.length ? prevEnd.endAt(prevEnd.length - 1) : t.startAt(0);
      const gapEnd = t.length ? t.startAt(0) : gapStart;
      const prevText = prevEnd.text;
      const tail = trailingPart(prevText);
      const head = tail ? LEADING_WORD.exec(t.text) : null;
      if (tail && head) {
        if (!keepsHyphen(tail, head[1], vocab, keep)) b.trimEnd().dropLast(1);
      } else if (tail && /^\p{N}/u.test(t.text)) {
        // "COVID-" + "19": the hyphen stays, nothing between
      } else {
        b.emit(' ', gapStart, gapEnd);
      }
    }
    const base = b.length;
    for (const [s, e] of p.line.emphasis) {
      // an italic that ran to the end of the previous line goes on: one range
      const last = emphasis[emphasis.length - 1];
      if (s === 0 && last && last[1] >= base - 1) last[1] = e + base;
      else emphasis.push([s + base, e + base]);
    }
    for (const m of p.line.markers) markers.push({ marker: m.marker, at: m.at + base, span: m.span });
    b.append(t);
  });
  return { text: b.build(), emphasis, markers };
}

/** The width of a line's leading spaces and tabs, a tab counting four (a loop: a pattern and a replace were ~0.6% of the pipeline). */
export function indentOf(l: Pick<Line, 'raw'>): number {
  const s = l.raw;
  let width = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === SPACE) width++;
    else if (c === TAB) width += TAB_WIDTH;
    else break;
  }
  return width;
}

const SPACE = 0x20;
const TAB = 0x09;
const TAB_WIDTH = 4;

/** lines indented like this, followed by an unindented line, at least this often: a layout regime */
const MIN_INDENTED_PARAGRAPHS = 3;

/**
 * Some layouts mark paragraphs by indenting their first line instead of a blank line. When one
 * indentation keeps opening lines followed by unindented ones, a line so indented opens a paragraph.
 */
export function paragraphIndent(lines: Line[]): number | null {
  const counts = new Map<number, number>();
  let prev: Line | null = null;
  for (const l of lines) {
    if (isBlank(l) || l.dropped) continue;
    if (prev && !prev.footnote && !l.footnote) {
      const a = indentOf(prev);
      if (a >= 2 && indentOf(l) === 0) counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    prev = l;
  }
  let best: number | null = null;
  let n = 0;
  for (const [k, v] of counts) if (v > n) [best, n] = [k, v];
  return n >= MIN_INDENTED_PARAGRAPHS ? best : null;
}

/**
 * In a first-line-indent layout a heading is printed flush left, right after a paragraph: a line
 * ending a clause (";" or ".") followed by a capitalised line starts a new paragraph.
 */
function endsParagraph(prev: CleanLine, next: Line): boolean {
  return /[;.]$/.test(prev.text.text) && indentOf(next) === 0 && /^\p{Lu}/u.test(next.clean?.text.text ?? '');
}

/** a line this short, without final punctuation, before a capitalised line, stands alone (a date, a caption) */
const SHORT_LINE = 40;

function isShortLine(prev: CleanLine, next: Line): boolean {
  const t = prev.text.text;
  // "10 décembre 2022" before "Échange d'informations …"; not "OBJECTIFS DE DÉVELOPPEMENT" before "DURABLE"
  return t.length < SHORT_LINE && !/[,;:\-]$/.test(t) && /^\p{Lu}\p{Ll}/u.test(next.clean?.text.text ?? '');
}

export function buildParagraphs(
  lines: Line[],
  vocab: Vocabulary,
  keep: Set<string>,
  bullets: LinePattern[] = [],
  /** documents that are not resolutions set lines apart: a short line before a capitalised one ends a paragraph */
  shortLinesApart = false,
): { paragraphs: Paragraph[]; defs: FootnoteDef[] } {
  const indent = paragraphIndent(lines);
  const paragraphs: Paragraph[] = [];
  const defs: FootnoteDef[] = [];
  let cur: Piece[] = [];
  let curDef: { marker: string; pieces: Piece[] } | null = null;
  let breakPending = false;
  let blanks = 0;

  const flush = () => {
    if (cur.length) {
      const j = join(cur, vocab, keep);
      if (j.text.length) {
        paragraphs.push({ text: j.text, emphasis: j.emphasis, markers: j.markers, lines: cur.map((p) => p.index), afterBreak: breakPending });
        breakPending = false;
      }
    }
    cur = [];
  };
  const flushDef = () => {
    if (curDef && curDef.pieces.length) {
      const j = join(curDef.pieces, vocab, keep);
      const first = lines[curDef.pieces[0].index];
      const last = lines[curDef.pieces[curDef.pieces.length - 1].index];
      defs.push({ marker: curDef.marker, text: j.text, span: { start: first.start, end: last.end }, line: first.index });
    }
    curDef = null;
  };

  for (const l of lines) {
    if (l.formFeed) breakPending = true;
    if (l.dropped) {
      flush();
      flushDef();
      if (l.dropped.startsWith('page.yaml')) breakPending = true;
      continue;
    }
    if (isBlank(l) || !l.clean || !l.clean.text.length) {
      flush();
      flushDef();
      blanks++;
      if (blanks >= 3) breakPending = true;
      continue;
    }
    blanks = 0;
    if (l.footnote) {
      flush();
      if (l.footnote.first) {
        flushDef();
        curDef = { marker: l.footnote.marker, pieces: [] };
      }
      curDef?.pieces.push({ line: l.clean, index: l.index });
      breakPending = true;
      continue;
    }
    flushDef();
    // a bullet opens a list item of its own, even without a blank line before it
    const t = l.raw.trim();
    const bullet = bullets.some((b) => matchesLine(b, t));
    const prev = cur[cur.length - 1]?.line;
    const apart = shortLinesApart && !!prev && isShortLine(prev, l);
    if (cur.length && (bullet || apart || (indent !== null && (indentOf(l) === indent || endsParagraph(prev!, l))))) flush();
    cur.push({ line: l.clean, index: l.index });
  }
  flush();
  flushDef();
  return { paragraphs, defs };
}

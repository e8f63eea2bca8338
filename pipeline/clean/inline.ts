/**
 * Cleaner `inline`: repairs one line's content, keeping the offset map. Markdown emphasis and
 * heading marks go (emphasis ranges are kept: an italic opener is the printed opener),
 * superscripts are resolved (`^{er}`, `<sup>o</sup>`, `ᵉ` become letters; `^{3}`, `<sup>3</sup>`,
 * `³` become footnote markers), non-breaking and thin spaces become spaces, soft hyphens and
 * zero-width characters go, and runs of spaces fold into one (3 or more mark a column gap).
 */
import { MappedBuilder, MappedText } from '../text/mapped.ts';
import { UnitsBuffer } from '../text/units.ts';
import { superscriptDigits } from '../text/letters.ts';
import type { CleanLine, Marker } from '../types.ts';

const SUP_LETTERS: Record<string, string> = { ᵉ: 'e', ʳ: 'r', ᵈ: 'd', ⁿ: 'n', ᵒ: 'o', ˢ: 's', ᵃ: 'a', ᵐ: 'm', ᵗ: 't' };

// Markdown heading marks at line start: "# 75/108. Question d’Anguilla"
const HEADING = /^[ \t]{0,3}#{1,6}[ \t]+/;

// One alternation, scanned left to right; each group is one kind of repair:
//  1 "**"  2 "*"  3 "^{er}" or "^{3}"  4 "<sup>o</sup>"  5 "³"  6 "ᵉʳ"  7 runs of spaces, or one
//  space other than " " (a lone " " needs no repair and is copied with the words around it)
//  8 invisible characters  9 "^er" (caret without braces, letters only)
const INLINE =
  /(\*\*)|(\*)|\^\{([^{}\n]{1,12})\}|<sup>([^<>\n]{1,12})<\/sup>|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|([ᵉʳᵈⁿᵒˢᵃᵐᵗ]+)|([ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000])|([\u00ad\u200b-\u200d\u2060\ufeff])|\^([a-zè]{1,3})(?![\p{L}])/gu;

// The characters an INLINE repair can start with (a plain space only when another space follows)
const REPAIR_STARTS = '*^<⁰¹²³⁴⁵⁶⁷⁸⁹ᵉʳᵈⁿᵒˢᵃᵐᵗ\t\u00a0\u202f\u205f\u3000\u00ad\u200b\u200c\u200d\u2060\ufeff';
const SPACES = ' \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000';
const STARTS = new Uint8Array(0x10000);
for (const c of REPAIR_STARTS + SPACES.slice(1)) STARTS[c.charCodeAt(0)] = 1;
for (const c of SPACES) STARTS[c.charCodeAt(0)] |= 2;

/**
 * Whether INLINE could match anywhere in the line: most lines hold none of the characters a repair
 * starts with, and a loop over a table tells so faster than the pattern's nine alternatives. The
 * table repeats what INLINE starts with: tests/cleaners.test.ts checks it against INLINE for every
 * character.
 */
export function mayNeedRepair(line: string): boolean {
  // pieces overlapping by one unit: a space and what follows it are seen together
  let may = false;
  lineUnits.pieces(line, 1, (units, n) => !(may = mayNeedRepairUnits(units, 0, n)));
  return may;
}

/** the units buffer of lines tested alone: mayNeedRepairUnits fills none */
const lineUnits = new UnitsBuffer();

/** mayNeedRepair of raw[from, to), read from the raw text's code units (see text/units.ts). */
export function mayNeedRepairUnits(units: Uint16Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = units[i];
    if (STARTS[c] & 1) return true;
    if (c === 32 && i + 1 < to && STARTS[units[i + 1]] & 2) return true;
  }
  return false;
}

/** Whether INLINE finds a repair in the line, from `pos` on. */
export function hasRepair(line: string, pos = 0): boolean {
  INLINE.lastIndex = pos;
  return INLINE.test(line);
}

const STAR = 0x2a;

/**
 * Single asterisks are emphasis only when they pair up (on the line, or in its paragraph). Found
 * with indexOf: most lines hold none, and a loop over every character was 3% of the pipeline.
 */
export function singleStars(s: string): number {
  let n = 0;
  for (let i = s.indexOf('*'); i >= 0; i = s.indexOf('*', i)) {
    // inside the string: a read past its end sends V8 back to compile the cleaner again
    if (i + 1 < s.length && s.charCodeAt(i + 1) === STAR) {
      i += 2;
      continue;
    }
    n++;
    i++;
  }
  return n;
}

/** "ᵉʳ" → "er": each of these letters is one unit */
function supLetters(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SUP_LETTERS[s[i]] ?? s[i];
  return out;
}

export interface InlineState {
  /** single asterisks pair up in the paragraph this line belongs to */
  starsPaired?: boolean;
  /** an italic opened on an earlier line of the paragraph is still open */
  italicOpen?: boolean;
}

/**
 * Cleans raw[from, to) (one line). `state` carries italics across the lines of a paragraph: it is
 * read at the start and updated at the end. `units`, when given, holds raw's code units.
 */
export function cleanInline(raw: string, from: number, to: number, state: InlineState = {}, units: Uint16Array | null = null): CleanLine {
  let line = units ? null : raw.slice(from, to);
  const may = units ? mayNeedRepairUnits(units, from, to) : mayNeedRepair(line!);
  // most lines have no heading mark, nothing to repair and no italics to carry: with the units,
  // told without a copy of the line or a pattern run on it
  if (!may && !state.italicOpen && !mayBeHeading(raw, from, to)) return asItIs(raw, from, to, state);
  line ??= raw.slice(from, to);
  const h = HEADING.exec(line);
  let pos = h ? h[0].length : 0;
  if (!h && !state.italicOpen && (!may || !hasRepair(line, pos))) return asItIs(raw, from, to, state);
  const b = new MappedBuilder();
  const emphasis: [number, number][] = [];
  const markers: Marker[] = [];
  const cellBreaks: number[] = [];
  const starsPaired = state.starsPaired ?? singleStars(line) % 2 === 0;
  let italicAt = state.italicOpen ? 0 : -1;
  let boldAt = -1;
  INLINE.lastIndex = pos;
  let m: RegExpExecArray | null;
  while ((m = INLINE.exec(line))) {
    b.copy(raw, from + pos, from + m.index);
    const at = from + m.index;
    const end = at + m[0].length;
    if (m[1]) {
      if (boldAt < 0) boldAt = b.length;
      else boldAt = -1;
    } else if (m[2]) {
      if (!starsPaired) b.copy(raw, at, end);
      else if (italicAt < 0) italicAt = b.length;
      else {
        if (b.length > italicAt) emphasis.push([italicAt, b.length]);
        italicAt = -1;
      }
    } else if (m[3] !== undefined || m[4] !== undefined) {
      const inner = (m[3] ?? m[4]).trim();
      if (/^\d{1,4}$/.test(inner)) markers.push({ marker: String(Number(inner)), at: b.length, span: { start: at, end } });
      else {
        const innerStart = at + m[0].indexOf(inner);
        b.copy(raw, innerStart, innerStart + inner.length);
      }
    } else if (m[5]) {
      markers.push({ marker: String(Number(superscriptDigits(m[5]))), at: b.length, span: { start: at, end } });
    } else if (m[6]) {
      b.emit(supLetters(m[6]), at, end);
    } else if (m[7]) {
      if (m[7].length >= 3 && b.length) cellBreaks.push(b.length);
      b.emit(' ', at, end);
    } else if (m[9]) {
      b.copy(raw, at + 1, end);
    }
    // group 8 (invisible characters): dropped
    pos = m.index + m[0].length;
  }
  b.copy(raw, from + pos, to);
  if (italicAt >= 0 && b.length > italicAt) emphasis.push([italicAt, b.length]);
  state.italicOpen = italicAt >= 0;
  const full = b.build();
  // trim, shifting the ranges found so far
  const lead = /^\s*/.exec(full.text)![0].length;
  const text = full.trim();
  const shift = (x: number) => Math.max(0, Math.min(text.length, x - lead));
  // plain loops, not map, filter or spreads: this tail runs for the few lines with repairs, and
  // V8 compiled the whole cleaner again each time one of those built arrays of another kind (four
  // compilations of ~75 ms in a worker's first documents, measured with --trace-opt)
  const cells: MappedText[] = [];
  let c0 = 0;
  for (let k = 0; k <= cellBreaks.length; k++) {
    const cb = k < cellBreaks.length ? shift(cellBreaks[k]) : text.length;
    const cell = text.slice(c0, cb).trim();
    if (cell.length) cells.push(cell);
    c0 = cb;
  }
  const ranges = emptyRanges();
  for (const [s, e] of emphasis) {
    const r: [number, number] = [shift(s), shift(e)];
    if (r[1] > r[0]) ranges.push(r);
  }
  const shifted = emptyMarkers();
  for (const mk of markers) shifted.push({ marker: mk.marker, at: shift(mk.at), span: mk.span });
  return { text, emphasis: ranges, markers: shifted, cells };
}

/**
 * The emphasis ranges and markers of every clean line come from here, repaired or not: arrays made
 * at one place share what V8 learns of their elements (ranges, not small integers), so the stages
 * reading them see one kind of array, not an empty one of another kind now and then.
 */
function emptyRanges(): [number, number][] {
  return [];
}
function emptyMarkers(): Marker[] {
  return [];
}

/** A line with nothing to repair: as it is, trimmed. */
function asItIs(raw: string, from: number, to: number, state: InlineState): CleanLine {
  state.italicOpen = false;
  const text = MappedText.trimmedFromRaw(raw, from, to);
  return { text, emphasis: emptyRanges(), markers: emptyMarkers(), cells: text.length ? [text] : [] };
}

/** Whether HEADING may match raw[from, to): up to three spaces or tabs, then "#". */
function mayBeHeading(raw: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && i < from + 3 && (raw.charCodeAt(i) === 0x20 || raw.charCodeAt(i) === 0x09)) i++;
  return i < to && raw.charCodeAt(i) === 0x23;
}

/** Removes characters [at, at+len) of a clean line (a glued footnote marker), keeping the rest. */
export function removeFromLine(line: CleanLine, at: number, len: number): void {
  const t = line.text;
  const b = new MappedBuilder().append(t.slice(0, at)).append(t.slice(at + len));
  line.text = b.build();
  const fix = (x: number) => (x > at ? Math.max(at, x - len) : x);
  const ranges = emptyRanges();
  for (const [s, e] of line.emphasis) ranges.push([fix(s), fix(e)]);
  const markers = emptyMarkers();
  for (const mk of line.markers) markers.push({ marker: mk.marker, at: fix(mk.at), span: mk.span });
  line.emphasis = ranges;
  line.markers = markers;
}

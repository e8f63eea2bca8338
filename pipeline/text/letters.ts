/**
 * Character classes by table. `\p{L}` and kin in a unicode pattern cost a search through hundreds
 * of ranges for every character of the text; hot scans test a table of the 65,536 UTF-16 code
 * units instead, built once from the same properties (so the answers are the same). A character
 * outside the BMP (a surrogate pair) is tested by its code point.
 */
const LETTER = 1;
const NUMBER = 2;
const MARK = 4;
const UPPER = 8;

let table: Uint8Array | null = null;

function build(): Uint8Array {
  const t = new Uint8Array(65536);
  // One character of each class: "é" is a letter, "٣" a number, "\u0301" a mark, "É" upper case
  const L = /^\p{L}$/u;
  const N = /^\p{N}$/u;
  const M = /^\p{M}$/u;
  const LU = /^\p{Lu}$/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const s = String.fromCharCode(c);
    t[c] = (L.test(s) ? LETTER : 0) | (N.test(s) ? NUMBER : 0) | (M.test(s) ? MARK : 0) | (LU.test(s) ? UPPER : 0);
  }
  return t;
}

function flags(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return (table ??= build())[c];
  const cp = s.codePointAt(i)!;
  if (cp <= 0xffff) return 0; // a lone surrogate
  const ch = String.fromCodePoint(cp);
  return (/\p{L}/u.test(ch) ? LETTER : 0) | (/\p{N}/u.test(ch) ? NUMBER : 0) | (/\p{M}/u.test(ch) ? MARK : 0) | (/\p{Lu}/u.test(ch) ? UPPER : 0);
}

/** `\p{L}` at s[i] (the whole pair when s[i] starts one) */
export function isLetterAt(s: string, i: number): boolean {
  return (flags(s, i) & LETTER) !== 0;
}

/** `[\p{L}\p{N}]` at s[i] */
export function isAlnumAt(s: string, i: number): boolean {
  return (flags(s, i) & (LETTER | NUMBER)) !== 0;
}

/** `\p{Lu}` at s[i] */
export function isUpperAt(s: string, i: number): boolean {
  return (flags(s, i) & UPPER) !== 0;
}

/** The character before s[i], as a whole code point: a low surrogate is read with its pair. */
export function prevIndex(s: string, i: number): number {
  if (i <= 0) return -1;
  const c = s.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? i - 2 : i - 1;
}

/**
 * Calls `f` with the start and end of each maximal run of letters (`[\p{L}]+`), in order.
 * With `marks`, combining marks count as letters (`[\p{L}\p{M}]+`).
 */
export function forEachWord(s: string, f: (start: number, end: number) => void, marks = false): void {
  const want = marks ? LETTER | MARK : LETTER;
  const t = (table ??= build());
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let fl: number;
    let w = 1;
    if (c < 0xd800 || c > 0xdfff) fl = t[c];
    else {
      fl = flags(s, i);
      if (s.codePointAt(i)! > 0xffff) w = 2;
    }
    if (fl & want) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      f(start, i);
      start = -1;
    }
    i += w - 1;
  }
  if (start >= 0) f(start, s.length);
}

/**
 * The next maximal run of letters (and marks, with `marks`) at or after `from`, as [start, end],
 * or null: one step of forEachWord, for scans that stop early.
 */
export function nextWord(s: string, from: number, marks = false): [number, number] | null {
  const want = marks ? LETTER | MARK : LETTER;
  let i = from;
  while (i < s.length && !(flags(s, i) & want)) i += width(s, i);
  if (i >= s.length) return null;
  const start = i;
  while (i < s.length && flags(s, i) & want) i += width(s, i);
  return [start, i];
}

function width(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.codePointAt(i)! > 0xffff ? 2 : 1;
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** "¹²" → "12": the superscript digits are one unit each (a unit outside them reads as -1) */
export function superscriptDigits(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SUPERSCRIPT_DIGITS.indexOf(s[i]);
  return out;
}

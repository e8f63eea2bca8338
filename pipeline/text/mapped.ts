/**
 * Text that remembers where every character came from.
 *
 * Cleaning rewrites the input (drops markup, joins wrapped lines, removes footnote markers), but
 * every span the tool reports must point into the raw input. Each character of a MappedText
 * carries the raw range it was produced from: a copied character maps to itself, a synthetic one
 * (the space that replaces a line break) maps to the raw range it replaces.
 *
 * The mapping is kept as runs, not per character: a run of copied characters maps to a run of raw
 * offsets, a run of synthetic characters to one raw range. A paragraph has as many runs as it has
 * seams (line joins, dropped markers), so mapping costs next to nothing beside the text itself.
 */
import { ResolexError } from '../diagnostics.ts';

export interface Span {
  start: number;
  end: number;
}

export class MappedText {
  /**
   * Run k covers text [pos[k], pos[k+1]) (the last run ends at the text's end). When to[k] is -1
   * the run is copied: character i maps to [base[k] + i - pos[k], +1). Otherwise it is synthetic:
   * every character maps to [base[k], to[k]).
   */
  constructor(
    readonly text: string,
    private readonly pos: number[],
    private readonly base: number[],
    private readonly to: number[],
  ) {}

  static empty(): MappedText {
    return EMPTY;
  }

  /**
   * A raw slice copied verbatim: character i maps to offset + i. Its one run's start and kind are
   * the same arrays for every such text (runs are never changed once made): most texts are one
   * line as it was, and two arrays less apiece were ~2% of the bytes a document allocated.
   */
  static fromRaw(raw: string, offset = 0): MappedText {
    return raw.length ? new MappedText(raw, FIRST_RUN, [offset], COPIED_RUN) : EMPTY;
  }

  get length(): number {
    return this.text.length;
  }

  /** The run holding character i (binary search: texts have few runs, slices ask often). */
  private runAt(i: number): number {
    const pos = this.pos;
    let lo = 0;
    let hi = pos.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pos[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Raw start of character i. */
  startAt(i: number): number {
    const k = this.runAt(i);
    return this.to[k] === -1 ? this.base[k] + i - this.pos[k] : this.base[k];
  }

  /** Raw end (exclusive) of character i. */
  endAt(i: number): number {
    const k = this.runAt(i);
    return this.to[k] === -1 ? this.base[k] + i - this.pos[k] + 1 : this.to[k];
  }

  slice(start: number, end = this.text.length): MappedText {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    if (s === e) return MappedText.empty();
    if (s === 0 && e === this.text.length) return this;
    const k0 = this.runAt(s);
    const k1 = this.runAt(e - 1);
    const pos: number[] = [];
    const base: number[] = [];
    const to: number[] = [];
    for (let k = k0; k <= k1; k++) {
      const from = Math.max(this.pos[k], s);
      pos.push(from - s);
      base.push(this.to[k] === -1 ? this.base[k] + from - this.pos[k] : this.base[k]);
      to.push(this.to[k]);
    }
    return new MappedText(this.text.slice(s, e), pos, base, to);
  }

  /** The raw range covering characters [start, end) of this text. */
  rawSpan(start = 0, end = this.text.length): Span {
    if (this.text.length === 0) return { start: 0, end: 0 };
    const s = Math.max(0, Math.min(start, this.text.length - 1));
    if (end <= start) return { start: this.startAt(s), end: this.startAt(s) };
    const e = Math.max(s, Math.min(end, this.text.length) - 1);
    return { start: this.startAt(s), end: this.endAt(e) };
  }

  /** raw[from, to) copied verbatim and trimmed: fromRaw(raw.slice(from, to), from).trim() without the untrimmed copy. */
  static trimmedFromRaw(raw: string, from: number, to: number): MappedText {
    const [s, e] = trimmed(raw, from, to);
    return MappedText.fromRaw(raw.slice(s, e), s);
  }

  /** Trims white space at both ends, keeping the mapping. */
  trim(): MappedText {
    const [s, e] = trimmed(this.text, 0, this.text.length);
    return this.slice(s, e);
  }

  /** Calls `f` for each run: text range, raw base, raw end of a synthetic run or -1 for a copy. */
  forEachRun(f: (from: number, to: number, base: number, rawEnd: number) => void): void {
    for (let k = 0; k < this.pos.length; k++) f(this.pos[k], k + 1 < this.pos.length ? this.pos[k + 1] : this.text.length, this.base[k], this.to[k]);
  }
}

const FIRST_RUN = [0];
const COPIED_RUN = [-1];
const EMPTY = new MappedText('', [], [], []);

/** [from, to) of `s` without the white space at its ends (an empty range when it is all white space). */
function trimmed(s: string, from: number, to: number): [number, number] {
  while (from < to && isSpace(s.charCodeAt(from))) from++;
  while (to > from && isSpace(s.charCodeAt(to - 1))) to--;
  return [from, to];
}

/** White space as `\s` has it, tested by code so trimming never runs a regex backwards. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Appends pieces of text with their raw origin; `build()` freezes them into a MappedText and ends
 * the builder: the text takes its run arrays as they are, uncopied (the line joining a text and
 * copying its three arrays took ~1% of the pipeline's profile), so appending after it throws
 * rather than change a built text.
 */
export class MappedBuilder {
  private parts: string[] = [];
  private pos: number[] = [];
  private base: number[] = [];
  private to: number[] = [];
  private n = 0;
  private built = false;

  get length(): number {
    return this.n;
  }

  /** Adds a run, or lengthens the last one when the new run continues it. */
  private run(len: number, base: number, to: number): void {
    this.open();
    const k = this.pos.length - 1;
    const continues =
      k >= 0 &&
      (to === -1 ? this.to[k] === -1 && this.base[k] + (this.n - this.pos[k]) === base : this.to[k] === to && this.base[k] === base);
    if (!continues) {
      this.pos.push(this.n);
      this.base.push(base);
      this.to.push(to);
    }
    this.n += len;
  }

  /** Copies raw[from, to), each character mapping to its own raw offset (plus `offset`). */
  copy(raw: string, from: number, to: number, offset = 0): this {
    if (to <= from) return this;
    this.parts.push(raw.slice(from, to));
    this.run(to - from, from + offset, -1);
    return this;
  }

  /** Appends a synthetic string whose every character stands for raw[rawStart, rawEnd). */
  emit(str: string, rawStart: number, rawEnd: number): this {
    if (!str) return this;
    this.parts.push(str);
    this.run(str.length, rawStart, rawEnd);
    return this;
  }

  /** Appends a MappedText, keeping its mapping. */
  append(t: MappedText): this {
    if (!t.length) return this;
    this.parts.push(t.text);
    t.forEachRun((from, to, base, rawEnd) => this.run(to - from, base, rawEnd));
    return this;
  }

  /** The last character appended, or '' when empty. */
  lastChar(): string {
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const p = this.parts[i];
      if (p.length) return p[p.length - 1];
    }
    return '';
  }

  /** Removes the last n characters appended (a hyphen undone at a line end). */
  dropLast(n: number): this {
    if (n <= 0) return this;
    const text = this.parts.join('');
    this.cut(Math.max(0, text.length - n), text);
    return this;
  }

  /** Removes trailing white space already appended (used before joining pieces). */
  trimEnd(): this {
    const text = this.parts.join('');
    let k = text.length;
    while (k > 0 && isSpace(text.charCodeAt(k - 1))) k--;
    this.cut(k, text);
    return this;
  }

  private cut(length: number, text: string): void {
    this.open();
    this.parts = [text.slice(0, length)];
    this.n = Math.min(this.n, length);
    while (this.pos.length && this.pos[this.pos.length - 1] >= this.n) {
      this.pos.pop();
      this.base.pop();
      this.to.pop();
    }
  }

  build(): MappedText {
    this.open();
    this.built = true;
    return new MappedText(this.parts.join(''), this.pos, this.base, this.to);
  }

  private open(): void {
    if (this.built) throw new ResolexError('internal-error', 'a MappedBuilder was used after build()');
  }
}

/** Joins pieces with a separator standing for the raw gap between them. */
export function joinMapped(pieces: MappedText[], sep = ' '): MappedText {
  const b = new MappedBuilder();
  pieces.forEach((p, i) => {
    if (i > 0 && p.length && b.length) {
      const prev = pieces[i - 1];
      const gapStart = prev.length ? prev.endAt(prev.length - 1) : p.startAt(0);
      b.emit(sep, gapStart, Math.max(gapStart, p.startAt(0)));
    }
    b.append(p);
  });
  return b.build();
}

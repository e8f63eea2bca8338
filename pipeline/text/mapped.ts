/**
 * Text that remembers where every character came from.
 *
 * Cleaning rewrites the input (drops markup, joins wrapped lines, removes footnote markers), but
 * every span the tool reports must point into the raw input. Each character of a MappedText
 * carries the raw range it was produced from: a copied character maps to itself, a synthetic one
 * (the space that replaces a line break) maps to the raw range it replaces.
 */
export interface Span {
  start: number;
  end: number;
}

export class MappedText {
  constructor(
    readonly text: string,
    /** raw start of each character */
    readonly starts: Uint32Array,
    /** raw end (exclusive) of each character */
    readonly ends: Uint32Array,
  ) {}

  static empty(): MappedText {
    return new MappedText('', new Uint32Array(0), new Uint32Array(0));
  }

  /** A raw slice copied verbatim: character i maps to offset + i. */
  static fromRaw(raw: string, offset = 0): MappedText {
    const b = new MappedBuilder();
    b.copy(raw, 0, raw.length, offset);
    return b.build();
  }

  get length(): number {
    return this.text.length;
  }

  slice(start: number, end = this.text.length): MappedText {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    return new MappedText(this.text.slice(s, e), this.starts.subarray(s, e), this.ends.subarray(s, e));
  }

  /** The raw range covering characters [start, end) of this text. */
  rawSpan(start = 0, end = this.text.length): Span {
    if (this.text.length === 0) return { start: 0, end: 0 };
    const s = Math.max(0, Math.min(start, this.text.length - 1));
    if (end <= start) return { start: this.starts[s], end: this.starts[s] };
    const e = Math.max(s, Math.min(end, this.text.length) - 1);
    return { start: this.starts[s], end: this.ends[e] };
  }

  /** Trims white space at both ends, keeping the mapping. */
  trim(): MappedText {
    const t = this.text;
    let m = 0;
    while (m < t.length && isSpace(t.charCodeAt(m))) m++;
    if (m === t.length) return this.slice(0, 0);
    let n = t.length;
    while (n > m && isSpace(t.charCodeAt(n - 1))) n--;
    return m === 0 && n === t.length ? this : this.slice(m, n);
  }
}

/** White space as `\s` has it, tested by code so trimming never runs a regex backwards. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Appends pieces of text with their raw origin; `build()` freezes them into a MappedText.
 * Offsets go into typed buffers that double when full: a document's text is mapped character by
 * character, and boxed number arrays cost more in memory and collection than the text itself.
 */
export class MappedBuilder {
  private parts: string[] = [];
  private starts = new Uint32Array(256);
  private ends = new Uint32Array(256);
  private n = 0;

  get length(): number {
    return this.n;
  }

  private reserve(extra: number): void {
    const need = this.n + extra;
    if (need <= this.starts.length) return;
    let cap = this.starts.length * 2;
    while (cap < need) cap *= 2;
    const s = new Uint32Array(cap);
    s.set(this.starts.subarray(0, this.n));
    const e = new Uint32Array(cap);
    e.set(this.ends.subarray(0, this.n));
    this.starts = s;
    this.ends = e;
  }

  /** Copies raw[from, to), each character mapping to its own raw offset (plus `offset`). */
  copy(raw: string, from: number, to: number, offset = 0): this {
    if (to <= from) return this;
    this.parts.push(raw.slice(from, to));
    this.reserve(to - from);
    const s = this.starts;
    const e = this.ends;
    let k = this.n;
    for (let i = from; i < to; i++, k++) {
      s[k] = i + offset;
      e[k] = i + offset + 1;
    }
    this.n = k;
    return this;
  }

  /** Appends a synthetic string whose every character stands for raw[rawStart, rawEnd). */
  emit(str: string, rawStart: number, rawEnd: number): this {
    if (!str) return this;
    this.parts.push(str);
    this.reserve(str.length);
    this.starts.fill(rawStart, this.n, this.n + str.length);
    this.ends.fill(rawEnd, this.n, this.n + str.length);
    this.n += str.length;
    return this;
  }

  /** Appends a MappedText, keeping its mapping. */
  append(t: MappedText): this {
    if (!t.length) return this;
    this.parts.push(t.text);
    this.reserve(t.length);
    this.starts.set(t.starts, this.n);
    this.ends.set(t.ends, this.n);
    this.n += t.length;
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
    this.parts = [text.slice(0, Math.max(0, text.length - n))];
    this.n = Math.max(0, this.n - n);
    return this;
  }

  /** Removes trailing white space already appended (used before joining pieces). */
  trimEnd(): this {
    let text = this.parts.join('');
    let k = text.length;
    while (k > 0 && isSpace(text.charCodeAt(k - 1))) k--;
    if (k < text.length) {
      text = text.slice(0, k);
      this.n = k;
    }
    this.parts = [text];
    return this;
  }

  build(): MappedText {
    return new MappedText(this.parts.join(''), this.starts.slice(0, this.n), this.ends.slice(0, this.n));
  }
}

/** Joins pieces with a separator standing for the raw gap between them. */
export function joinMapped(pieces: MappedText[], sep = ' '): MappedText {
  const b = new MappedBuilder();
  pieces.forEach((p, i) => {
    if (i > 0 && p.length && b.length) {
      const prev = pieces[i - 1];
      const gapStart = prev.length ? prev.ends[prev.length - 1] : p.starts[0];
      b.emit(sep, gapStart, Math.max(gapStart, p.starts[0]));
    }
    b.append(p);
  });
  return b.build();
}

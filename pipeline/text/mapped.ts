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
    const m = /^\s*/.exec(this.text)![0].length;
    if (m === this.text.length) return this.slice(0, 0);
    const n = this.text.length - this.text.trimEnd().length;
    return this.slice(m, this.text.length - n);
  }
}

/** Appends pieces of text with their raw origin; `build()` freezes them into a MappedText. */
export class MappedBuilder {
  private parts: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];

  get length(): number {
    return this.starts.length;
  }

  /** Copies raw[from, to), each character mapping to its own raw offset (plus `offset`). */
  copy(raw: string, from: number, to: number, offset = 0): this {
    if (to <= from) return this;
    this.parts.push(raw.slice(from, to));
    for (let i = from; i < to; i++) {
      this.starts.push(i + offset);
      this.ends.push(i + offset + 1);
    }
    return this;
  }

  /** Appends a synthetic string whose every character stands for raw[rawStart, rawEnd). */
  emit(str: string, rawStart: number, rawEnd: number): this {
    if (!str) return this;
    this.parts.push(str);
    for (let i = 0; i < str.length; i++) {
      this.starts.push(rawStart);
      this.ends.push(rawEnd);
    }
    return this;
  }

  /** Appends a MappedText, keeping its mapping. */
  append(t: MappedText): this {
    if (!t.length) return this;
    this.parts.push(t.text);
    for (let i = 0; i < t.length; i++) {
      this.starts.push(t.starts[i]);
      this.ends.push(t.ends[i]);
    }
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
    this.starts.length = Math.max(0, this.starts.length - n);
    this.ends.length = Math.max(0, this.ends.length - n);
    return this;
  }

  /** Removes trailing white space already appended (used before joining pieces). */
  trimEnd(): this {
    let text = this.parts.join('');
    const n = text.length - text.trimEnd().length;
    if (n) {
      text = text.slice(0, text.length - n);
      this.parts = [text];
      this.starts.length -= n;
      this.ends.length -= n;
    }
    return this;
  }

  build(): MappedText {
    return new MappedText(this.parts.join(''), Uint32Array.from(this.starts), Uint32Array.from(this.ends));
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

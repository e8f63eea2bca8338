import { describe, expect, it } from 'vitest';
import { MappedBuilder, MappedText, joinMapped } from '../pipeline/text/mapped.ts';

/** The mapping spelled out per character, as the runs must reproduce it. */
class Naive {
  text = '';
  starts: number[] = [];
  ends: number[] = [];
  copy(raw: string, from: number, to: number, offset = 0) {
    for (let i = from; i < to; i++) {
      this.text += raw[i];
      this.starts.push(i + offset);
      this.ends.push(i + offset + 1);
    }
  }
  emit(str: string, s: number, e: number) {
    for (const c of str) {
      this.text += c;
      this.starts.push(s);
      this.ends.push(e);
    }
  }
  dropLast(n: number) {
    const k = Math.max(0, this.text.length - n);
    this.text = this.text.slice(0, k);
    this.starts.length = k;
    this.ends.length = k;
  }
}

function expectSame(t: MappedText, n: { text: string; starts: number[]; ends: number[] }) {
  expect(t.text).toBe(n.text);
  for (let i = 0; i < t.length; i++) expect([i, t.startAt(i), t.endAt(i)]).toEqual([i, n.starts[i], n.ends[i]]);
}

const RAW = 'Rappelant sa résolution 77/20 du 1er décembre 2022,\nNotant avec satisfaction…';

describe('mapped text runs', () => {
  it.each([
    ['copies merge into one run', [['copy', 0, 10], ['copy', 10, 20]]],
    ['a synthetic space between copies', [['copy', 0, 9], ['emit', ' ', 9, 10], ['copy', 10, 20]]],
    ['a dropped marker', [['copy', 0, 29], ['copy', 30, 40]]],
    ['a hyphen undone', [['copy', 0, 12], ['drop', 1], ['copy', 13, 20]]],
    ['drop across runs', [['copy', 0, 5], ['emit', '--', 5, 6], ['copy', 6, 9], ['drop', 5], ['copy', 20, 30]]],
    ['an offset copy', [['copyAt', 0, 10, 100], ['copy', 10, 12]]],
  ] as [string, (string | number)[][]][])('%s', (_name, ops) => {
    const b = new MappedBuilder();
    const n = new Naive();
    for (const [op, a, c, d] of ops) {
      if (op === 'copy') (b.copy(RAW, a as number, c as number), n.copy(RAW, a as number, c as number));
      if (op === 'copyAt') (b.copy(RAW, a as number, c as number, d as number), n.copy(RAW, a as number, c as number, d as number));
      if (op === 'emit') (b.emit(a as string, c as number, d as number), n.emit(a as string, c as number, d as number));
      if (op === 'drop') (b.dropLast(a as number), n.dropLast(a as number));
    }
    const t = b.build();
    expectSame(t, n);
    // every slice maps as the naive slice does
    for (let s = 0; s <= t.length; s += 3) {
      for (let e = s; e <= t.length; e += 4) {
        const sl = t.slice(s, e);
        expectSame(sl, { text: n.text.slice(s, e), starts: n.starts.slice(s, e), ends: n.ends.slice(s, e) });
        // a slice appended elsewhere keeps its mapping
        expectSame(new MappedBuilder().append(sl).build(), { text: n.text.slice(s, e), starts: n.starts.slice(s, e), ends: n.ends.slice(s, e) });
      }
    }
  });

  it('trims and joins with the gap mapped to the raw gap', () => {
    const a = MappedText.fromRaw('  Rappelant  ', 10).trim();
    expect([a.text, a.rawSpan()]).toEqual(['Rappelant', { start: 12, end: 21 }]);
    const j = joinMapped([MappedText.fromRaw('ab', 0), MappedText.fromRaw('cd', 5)]);
    expect([j.text, j.startAt(2), j.endAt(2), j.rawSpan()]).toEqual(['ab cd', 2, 5, { start: 0, end: 7 }]);
  });

  it('trimEnd removes spaces that span runs', () => {
    const b = new MappedBuilder().copy('abc  ', 0, 4).emit('  ', 4, 9);
    const t = b.trimEnd().copy('xy', 0, 2, 50).build();
    expect([t.text, t.startAt(3), t.rawSpan()]).toEqual(['abcxy', 50, { start: 0, end: 52 }]);
  });

  // a built text holds the builder's run arrays: the builder is done with
  it.each([
    ['copy', (b: MappedBuilder) => b.copy('xyz', 0, 3)],
    ['emit', (b: MappedBuilder) => b.emit(' ', 9, 10)],
    ['append', (b: MappedBuilder) => b.append(MappedText.fromRaw('xyz', 20))],
    ['trimEnd', (b: MappedBuilder) => b.trimEnd()],
    ['dropLast', (b: MappedBuilder) => b.dropLast(1)],
    ['build', (b: MappedBuilder) => b.build()],
  ])('%s after build() throws internal-error, the built text unchanged', (_name, use) => {
    const raw = 'abc   de';
    const b = new MappedBuilder().copy(raw, 0, 4).emit(' ', 4, 6).copy(raw, 6, 8);
    const t = b.build();
    expect(() => use(b)).toThrow(/^internal-error: /);
    expect([t.text, t.rawSpan(), t.startAt(5), t.endAt(4)]).toEqual(['abc  de', { start: 0, end: 8 }, 6, 6]);
  });
});

describe('a raw slice, trimmed', () => {
  it.each([
    ['  Rappelant sa résolution  ', 3, 25],
    ['\u00a0Notant\t', 0, 8],
    ['   ', 0, 3],
    ['Décide', 0, 6],
    ['x  Décide  y', 1, 11],
  ])('%j [%i, %i) maps as fromRaw(...).trim() does', (raw, from, to) => {
    const want = MappedText.fromRaw(raw.slice(from, to), from).trim();
    const got = MappedText.trimmedFromRaw(raw, from, to);
    expect(got.text).toBe(want.text);
    expect(got.rawSpan()).toEqual(want.rawSpan());
    for (let i = 0; i < got.length; i++) expect([got.startAt(i), got.endAt(i)]).toEqual([want.startAt(i), want.endAt(i)]);
  });
});

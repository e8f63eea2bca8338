/**
 * Property-based: real documents mutated (truncated, bytes flipped, lines dropped or repeated,
 * footnote markers and foreign text inserted, re-encoded) and random text or bytes. Whatever the
 * input, extraction returns (no throw, no hang), its record or error record passes the zod schema,
 * and every span lies within the decoded input.
 *
 * RESOLEX_FUZZ_RUNS sets the number of runs of each property (default 200); `npm run fuzz -- 2000`
 * runs them longer. RESOLEX_FUZZ_SEED replays a failing run (fast-check prints the seed).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDocument, RecordSchema, ErrorRecordSchema } from '../pipeline/index.ts';
import { decode } from '../pipeline/read.ts';
import { spansOf } from './spans.ts';

const RUNS = Number(process.env.RESOLEX_FUZZ_RUNS ?? 200);
const SEED = process.env.RESOLEX_FUZZ_SEED ? Number(process.env.RESOLEX_FUZZ_SEED) : undefined;
/** Per document: the cooperative budget, and the time a run may take at most. */
const BUDGET_MS = 5000;
const CORPUS = join(import.meta.dirname, '..', 'corpus');
const SEEDS = readdirSync(CORPUS)
  .sort()
  .map((f) => new Uint8Array(readFileSync(join(CORPUS, f))));

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const lines = (b: Uint8Array) => dec(b).split('\n');

type Mutation = (b: Uint8Array) => Uint8Array;

const MARKERS = ['¹', '²³', '^{3}', '<sup>4</sup>', '12', '*', '**', 'ᵉʳ', '\f', '20-14789 (F)', '1.', 'a)', '(i)', '«', '»', '-\n', '\r\n', '\u00a0', '\u00ad'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (b: Uint8Array) => b.subarray(0, Math.floor(b.length * f))),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([i, v]) => (b: Uint8Array) => {
    const c = b.slice();
    if (c.length) c[i % c.length] = v;
    return c;
  }),
  fc.nat().map((i) => (b: Uint8Array) => {
    const l = lines(b);
    l.splice(i % Math.max(1, l.length), 1);
    return enc(l.join('\n'));
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 50 })).map(([i, n]) => (b: Uint8Array) => {
    const l = lines(b);
    const k = i % Math.max(1, l.length);
    l.splice(k, 0, ...Array(n).fill(l[k] ?? ''));
    return enc(l.join('\n'));
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...MARKERS), fc.integer({ min: 1, max: 200 })).map(([i, m, n]) => (b: Uint8Array) => {
    const s = dec(b);
    const k = i % (s.length + 1);
    return enc(s.slice(0, k) + m.repeat(n) + s.slice(k));
  }),
  fc.tuple(fc.nat(), fc.string({ unit: 'grapheme', maxLength: 200, size: 'max' })).map(([i, t]) => (b: Uint8Array) => {
    const s = dec(b);
    const k = i % (s.length + 1);
    return enc(s.slice(0, k) + t + s.slice(k));
  }),
  fc.constantFrom<Mutation>(
    // re-encoded as UTF-16 LE with its BOM
    (b) => {
      const s = dec(b);
      const out = new Uint8Array(2 + s.length * 2);
      out[0] = 0xff;
      out[1] = 0xfe;
      for (let i = 0; i < s.length; i++) {
        out[2 + 2 * i] = s.charCodeAt(i) & 0xff;
        out[3 + 2 * i] = s.charCodeAt(i) >> 8;
      }
      return out;
    },
    // as Latin-1, where it can be
    (b) => Uint8Array.from(dec(b), (c) => Math.min(c.charCodeAt(0), 0xff)),
    // line ends as CR only
    (b) => enc(dec(b).replace(/\n/g, '\r')),
    // no line ends at all
    (b) => enc(dec(b).replace(/\s+/g, ' ')),
  ),
);

const mutated = fc.tuple(fc.nat(SEEDS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([i, ms]) => ms.reduce<Uint8Array>((b, m) => m(b), SEEDS[i]));

const randomInput = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 2000, size: 'max' }).map(enc),
  fc.string({ unit: 'binary', maxLength: 2000, size: 'max' }).map(enc),
  fc.uint8Array({ maxLength: 2000, size: 'max' }),
  fc.array(fc.constantFrom(...MARKERS, 'Décide', 'Rappelant', 'L’Assemblée générale,', ' ', '\n', '\n\n', '77/20', 'résolution', ';', ','), { maxLength: 400, size: 'max' }).map((a) => enc(a.join(''))),
);

/** The property: extraction returns in time, with a valid record or error record whose spans fit the input. */
function holds(bytes: Uint8Array): void {
  const t = performance.now();
  const r = extractDocument({ source: 'fuzz.txt', bytes, deadline: Date.now() + BUDGET_MS });
  expect(performance.now() - t).toBeLessThan(BUDGET_MS * 2);
  if (!r.ok) {
    expect(ErrorRecordSchema.safeParse(r.record).success).toBe(true);
    expect(['not-text', 'empty-input', 'time-budget']).toContain(r.record.error.code);
    return;
  }
  const parsed = RecordSchema.safeParse(r.record);
  expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0])).toBe(true);
  const length = decode(bytes).text.length;
  for (const s of spansOf(r.record)) {
    if (!(s.start >= 0 && s.start <= s.end && s.end <= length)) throw new Error(`span ${JSON.stringify(s)} outside the input (${length})`);
  }
}

describe('fuzz', { timeout: Math.max(120_000, RUNS * 2 * BUDGET_MS) }, () => {
  it(`mutated real documents (${RUNS} runs)`, () => {
    fc.assert(fc.property(mutated, holds), { numRuns: RUNS, seed: SEED });
  });
  it(`random text and bytes (${RUNS} runs)`, () => {
    fc.assert(fc.property(randomInput, holds), { numRuns: RUNS, seed: SEED });
  });
  it('the seeds themselves hold', () => {
    for (const s of SEEDS) holds(s);
  });
});

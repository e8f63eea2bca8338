/**
 * tee: one pass over a source for several readers, each getting every item in order; the source
 * read no further ahead of the slowest reader than allowed; a reader that stops, or a failing
 * source, holding no one back.
 */
import { describe, expect, it } from 'vitest';
import { tee } from '../pipeline/tee.ts';

/** a source of 0 … n-1 that counts what was pulled from it, may fail after `failAt` items, and says whether it was closed */
function counted(n: number, failAt = Infinity) {
  const state = { pulled: 0, closed: false };
  async function* gen(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error('source failed');
        state.pulled++;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { source: gen(), state };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** reads everything, pausing a turn of the event loop every `every` items; at most `limit` items */
async function readAll(it: AsyncIterable<number>, every: number, limit = Infinity, seen?: (v: number) => void): Promise<number[]> {
  const out: number[] = [];
  for await (const v of it) {
    out.push(v);
    seen?.(v);
    if (out.length % every === 0) await tick();
    if (out.length >= limit) break;
  }
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('tee', () => {
  it.each([
    ['two readers at the same pace', 2, 1_000, [1, 1]],
    ['a slow reader and a fast one', 2, 3_000, [1, 50]],
    ['three readers', 3, 2_000, [7, 1, 13]],
    ['an empty source', 2, 0, [1, 1]],
  ])('%s: every reader gets every item, in order', async (_name, readers, n, paces) => {
    const { source, state } = counted(n);
    const its = tee(source, readers, 64);
    const got = await Promise.all(its.map((it, k) => readAll(it, paces[k])));
    for (const g of got) expect(g).toEqual(range(n));
    expect(state.pulled).toBe(n);
  });

  it.each([16, 64, 256])('the source runs at most %i items ahead of the slowest reader', async (ahead) => {
    const { source, state } = counted(5_000);
    const [fast, slow] = tee(source, 2, ahead);
    let slowest = 0;
    let most = 0;
    await Promise.all([
      readAll(fast, 1_000, Infinity, () => (most = Math.max(most, state.pulled - slowest))),
      readAll(slow, 1, Infinity, (v) => (slowest = v + 1)),
    ]);
    expect(most).toBeLessThanOrEqual(ahead);
    expect(most).toBeGreaterThan(ahead / 2);
  });

  it('a reader that stops early holds the other back no more, and the source is closed once both are done', async () => {
    const { source, state } = counted(2_000);
    const [a, b] = tee(source, 2, 32);
    const [first, all] = await Promise.all([readAll(a, 1, 10), readAll(b, 3)]);
    expect(first).toEqual(range(10));
    expect(all).toEqual(range(2_000));
    expect(state.closed).toBe(true);
  });

  it('a reader never read but told to stop lets the other finish', async () => {
    const { source } = counted(1_000);
    const [a, b] = tee(source, 2, 8);
    // no pause before it has run 8 ahead of the other and waits for it
    const reading = readAll(b, 100);
    await tick();
    await a.return!();
    expect(await reading).toEqual(range(1_000));
  });

  it('both stop early: the source is closed', async () => {
    const { source, state } = counted(1_000);
    const [a, b] = tee(source, 2, 8);
    await Promise.all([readAll(a, 1, 3), readAll(b, 1, 5)]);
    expect(state.closed).toBe(true);
    expect(state.pulled).toBeLessThan(20);
  });

  it('a source that fails: each reader gets the items before it, then the error', async () => {
    const { source } = counted(100, 40);
    const its = tee(source, 2, 8);
    const got: number[][] = [[], []];
    const results = await Promise.allSettled(its.map((it, k) => readAll(it, k + 1, Infinity, (v) => got[k].push(v))));
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: { message: 'source failed' } });
    for (const g of got) expect(g).toEqual(range(40));
  });
});

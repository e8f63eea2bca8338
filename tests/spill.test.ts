/**
 * A spill gives back what was appended, in order, to any number of readers at once, and leaves
 * nothing on disk once removed.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Spill } from '../pipeline/spill.ts';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

describe('spill', () => {
  const lists: unknown[][] = [
    [],
    [1, 'two', null, { three: [3] }],
    // line breaks and separators inside values stay inside them
    ['a\nb', 'c\r\nd', 'e\u2028f', 'é🙂'],
    // more than one write buffer
    Array.from({ length: 5000 }, (_, i) => ({ i, pad: 'x'.repeat(i % 50) })),
  ];
  // on disk from the first value, from the third, or never
  it.each(lists.flatMap((values, i) => [0, 2, 10_000].map((inMemory) => [i, inMemory, values] as const)))('list %i, %i in memory: read back as appended, by two readers at once', async (_, inMemory, values) => {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-spill-'));
    const s = await Spill.create<unknown>(join(dir, '.plan'), inMemory);
    for (const v of values) await s.append(v);
    expect(s.length).toBe(values.length);
    expect(s.onDisk).toBe(values.length > inMemory);
    await s.close();
    const [a, b] = await Promise.all([all(s.read()), all(s.read())]);
    expect(a).toEqual(values);
    expect(b).toEqual(values);
    await s.remove();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is named as a temporary file, read only once closed, appended to only before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-spill-'));
    const s = await Spill.create<number>(join(dir, '.plan'), 0);
    expect(s.path).toMatch(/\/\.plan\.\d+\.\d+\.tmp$/);
    await s.append(1);
    expect(existsSync(s.path)).toBe(true);
    await expect(all(s.read())).rejects.toThrow(/read before it was closed/);
    await s.close();
    await expect(s.append(2)).rejects.toThrow(/appended to after it was closed/);
    await s.remove();
    expect(existsSync(s.path)).toBe(false);
  });

  it('a reader left early lets the file go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-spill-'));
    const s = await Spill.create<number>(join(dir, '.plan'), 10);
    for (let i = 0; i < 1000; i++) await s.append(i);
    await s.close();
    for await (const v of s.read()) if (v === 3) break;
    await s.remove();
    expect(readdirSync(dir)).toEqual([]);
  });
});

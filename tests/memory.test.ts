import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../pipeline/memory.ts';

describe('collectGarbage', () => {
  it('frees what is no longer reachable, at once', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    // some 60 MB of small objects that outlive a young collection, then dropped
    let garbage: { n: number; s: string }[] | null = Array.from({ length: 1_000_000 }, (_, n) => ({ n, s: `item ${n}` }));
    expect(process.memoryUsage().heapUsed - before).toBeGreaterThan(30 * 1024 * 1024);
    garbage.length = 0;
    garbage = null;
    collectGarbage();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 1024 * 1024);
  });
});

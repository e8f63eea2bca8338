import { describe, expect, it } from 'vitest';
import { INITIAL, STAGES } from '../pipeline/stages.ts';
import { CLEANERS } from '../pipeline/clean.ts';

describe('stage chain', () => {
  it('every field a stage reads was present at the start or added by an earlier stage', () => {
    const have = new Set<string>(INITIAL);
    for (const s of STAGES) {
      for (const r of s.reads) expect(have.has(r), `${s.name} reads ${r}`).toBe(true);
      for (const a of s.adds) have.add(a);
    }
  });
  it('runs in the documented order', () => {
    expect(STAGES.map((s) => s.name)).toEqual(['read', 'detect', 'clean', 'segment', 'extract', 'emit']);
    expect(CLEANERS[0]).toBe('lines');
    expect(CLEANERS.at(-1)).toBe('paragraphs');
  });
});

/**
 * Golden records: the corpus extracted now must equal tests/golden/. After a deliberate change,
 * `npm run golden` regenerates them and the diff is reviewed like code.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDocument } from '../pipeline/index.ts';
import { outputName, toJson } from '../pipeline/io.ts';

const CORPUS = join(import.meta.dirname, '..', 'corpus');
const GOLDEN = join(import.meta.dirname, 'golden');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();

describe('golden records of corpus/', () => {
  it('the corpus is not empty', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  it.each(files)('%s', (f) => {
    const bytes = readFileSync(join(CORPUS, f));
    const got = toJson(extractDocument({ source: f, bytes }).record);
    const want = readFileSync(join(GOLDEN, outputName(f)), 'utf8');
    expect(got).toBe(want);
  });
  it.each(files)('%s: same bytes on a second run', (f) => {
    const bytes = readFileSync(join(CORPUS, f));
    expect(toJson(extractDocument({ source: f, bytes }).record)).toBe(toJson(extractDocument({ source: f, bytes }).record));
  });
});

/**
 * Comparing two benchmark results: the change of each run's time, and of its time over the
 * retext-latin row's, which cancels a machine that runs slower or faster as a whole.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compareResults, readResults, type Results } from '../bench/compare.ts';

const run = (name: string, seconds: number, peakRssMb = 100, mb = 100) => ({ name, seconds, mbPerSecond: mb / seconds, documentsPerSecond: 1000 / seconds, peakRssMb });
const results = (runs: ReturnType<typeof run>[], corpus = { documents: 1000, bytes: 100e6 }, extra: Partial<Results> = {}): Results => ({ resolexBench: 1, date: 'd', corpus, runs, ...extra });

/** the line of a run, split in its columns */
function row(lines: string[], name: string): string[] {
  const l = lines.find((x) => x.trimStart().startsWith(`${name} `));
  if (!l) throw new Error(`no line for ${name} in\n${lines.join('\n')}`);
  return l.trim().split(/\s{2,}/);
}

describe('bench comparison', () => {
  const cases: { name: string; before: Results; now: Results; run: string; expected: string[] }[] = [
    {
      name: 'the same results: no change',
      before: results([run('retext', 20), run('full-jobs1', 25)]),
      now: results([run('retext', 20), run('full-jobs1', 25)]),
      run: 'full-jobs1',
      expected: ['full-jobs1', '25.00 s', '25.00 s', '=', '=', '100 → 100 MB'],
    },
    {
      name: 'the whole machine half as fast again: slower, but not against retext',
      before: results([run('retext', 20), run('full-jobs1', 24)]),
      now: results([run('retext', 30), run('full-jobs1', 36)]),
      run: 'full-jobs1',
      expected: ['full-jobs1', '24.00 s', '36.00 s', '+50.0 %', '=', '100 → 100 MB'],
    },
    {
      name: 'the tool faster on the same machine',
      before: results([run('retext', 20), run('full-jobs1', 25, 250)]),
      now: results([run('retext', 20), run('full-jobs1', 20, 240)]),
      run: 'full-jobs1',
      expected: ['full-jobs1', '25.00 s', '20.00 s', '-20.0 %', '-20.0 %', '250 → 240 MB'],
    },
    {
      name: 'other corpora: compared as MB/s, the change given in time',
      before: results([run('retext', 20), run('full-jobs1', 25, 100, 100)]),
      now: results([run('retext', 40), run('full-jobs1', 40, 100, 200)], { documents: 2000, bytes: 200e6 }),
      run: 'full-jobs1',
      expected: ['full-jobs1', '4.00 MB/s', '5.00 MB/s', '-20.0 %', '100 → 100 MB'],
    },
    {
      name: 'the stages row: always MB/s',
      before: results([run('stages', 10, 100, 20)]),
      now: results([run('stages', 5, 100, 20)]),
      run: 'stages',
      expected: ['stages', '2.00 MB/s', '4.00 MB/s', '-50.0 %', '100 → 100 MB'],
    },
    {
      name: 'inputs runs of other counts: MB/s',
      before: results([run('inputs-jobs2', 100, 200, 50)], undefined, { inputs: 100000 }),
      now: results([run('inputs-jobs2', 200, 240, 100)], undefined, { inputs: 200000 }),
      run: 'inputs-jobs2',
      expected: ['inputs-jobs2', '0.50 MB/s', '0.50 MB/s', '=', '200 → 240 MB'],
    },
    {
      name: 'a run new since',
      before: results([run('retext', 20)]),
      now: results([run('retext', 20), run('full-jobs1', 25)]),
      run: 'full-jobs1',
      expected: ['full-jobs1', '—', '25.00 s', '(not in before)'],
    },
  ];
  it.each(cases)('$name', ({ before, now, run: name, expected }) => {
    expect(row(compareResults(before, now), name)).toEqual(expected);
  });

  it('says when the corpora differ, and names a run gone since', () => {
    const lines = compareResults(results([run('retext', 20), run('floor', 3)]), results([run('retext', 20)], { documents: 5, bytes: 1e6 }), 'old.json');
    expect(lines.join('\n')).toMatch(/the corpora differ \(1000 documents, 100\.0 MB then; 5, 1\.0 MB now\)/);
    expect(lines.join('\n')).toMatch(/floor +\(in old\.json only\)/);
  });

  it('prints the ratios side by side', () => {
    const lines = compareResults(
      results([run('retext', 20)], undefined, { ratios: { fullOverFloor: 8.5, jobs2OverJobs1: 1.3 } }),
      results([run('retext', 20)], undefined, { ratios: { fullOverFloor: 7.25, jobs2OverJobs1: 1.55 } }),
    );
    expect(lines).toContain('  full / floor           8.50 → 7.25');
    expect(lines).toContain('  jobs 2 / jobs 1        1.30 → 1.55');
  });

  const dir = mkdtempSync(join(tmpdir(), 'resolex-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it.each([
    ['not JSON', '{', /^bench-results-unreadable: .*JSON\.json: /],
    ['another format', JSON.stringify({ resolexBench: 2 }), /^bench-results-invalid: .*format\.json: at resolexBench: /],
    ['a run without its time', JSON.stringify(results([{ ...run('retext', 1), seconds: undefined } as never])), /^bench-results-invalid: .*at runs\.0\.seconds: /],
  ])('a results file that is %s: an error naming it and the place', (name, text, message) => {
    const p = join(dir, `${name.split(' ').pop()}.json`);
    writeFileSync(p, text);
    expect(() => readResults(p)).toThrow(message);
  });
});

import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openManifest, openStatCache, writeManifest, writeStatCache, SortedCursor, type ManifestEntry, type StatEntry } from '../pipeline/manifest.ts';
import { FORMAT_VERSION } from '../pipeline/schema.ts';
import { PreviousDataset, writeLinesIndex } from '../pipeline/previous-dataset.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'resolex-manifest-'));
});

const entry = (n: number, extra: Partial<ManifestEntry> = {}): ManifestEntry => ({ sha256: String(n).repeat(64).slice(0, 64), record: `r${n}.json`, language: 'fr', rules: 'f'.repeat(64), ok: true, ...extra });
const ENTRIES: [string, ManifestEntry][] = [
  ['a "quoted" \\ name.txt', entry(1)],
  ['a/b.txt', entry(2, { ok: false, language: 'und' })],
  ['a-b.txt', entry(3)],
  ['é.txt', entry(4)],
].sort(([a], [b]) => (a < b ? -1 : 1)) as [string, ManifestEntry][];

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function folder(name: string): string {
  const d = join(work, name);
  mkdirSync(d, { recursive: true });
  return d;
}

describe('manifest.json', () => {
  it('is written one entry a line, is plain JSON, and reads back the same', async () => {
    const out = folder('round');
    await writeManifest(out, { resolex: FORMAT_VERSION, code: 'c0de' }, ENTRIES);
    const text = readFileSync(join(out, 'manifest.json'), 'utf8');
    expect(text.split('\n')).toHaveLength(ENTRIES.length + 7);
    expect(JSON.parse(text)).toEqual({ resolex: FORMAT_VERSION, code: 'c0de', entries: Object.fromEntries(ENTRIES) });
    const m = await openManifest(out);
    expect(m?.head).toEqual({ resolex: FORMAT_VERSION, code: 'c0de' });
    expect(await all(m!.entries())).toEqual(ENTRIES);
  });

  it('with no entries', async () => {
    const out = folder('empty');
    await writeManifest(out, { resolex: FORMAT_VERSION, code: 'c' }, []);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).entries).toEqual({});
    expect(await all((await openManifest(out))!.entries())).toEqual([]);
  });

  // other layouts are read whole, and their entries still come in input-path order
  const cases: { name: string; text: () => string; expected: [string, ManifestEntry][] | null }[] = [
    { name: 'compact JSON on one line', text: () => JSON.stringify({ resolex: FORMAT_VERSION, code: 'c', entries: Object.fromEntries(ENTRIES) }), expected: ENTRIES },
    { name: 'indented JSON', text: () => JSON.stringify({ resolex: FORMAT_VERSION, code: 'c', entries: Object.fromEntries(ENTRIES) }, null, 2), expected: ENTRIES },
    { name: 'entries out of order', text: () => JSON.stringify({ resolex: FORMAT_VERSION, code: 'c', entries: Object.fromEntries([...ENTRIES].reverse()) }), expected: ENTRIES },
    { name: 'an entry of the wrong shape, left out', text: () => JSON.stringify({ resolex: FORMAT_VERSION, code: 'c', entries: { ...Object.fromEntries(ENTRIES), 'z.txt': { sha256: 1 } } }), expected: ENTRIES },
    { name: 'another format version', text: () => JSON.stringify({ resolex: '0', code: 'c', entries: Object.fromEntries(ENTRIES) }), expected: null },
    { name: 'cut short', text: () => '{\n  "resolex": "1",\n  "code": "c",\n  "entries": {\n    "a.txt": {"sha256":"x","record":"a.json","language":"fr","rules":"r","ok":true},\n', expected: null },
    { name: 'not JSON', text: () => '\u0000\u0001', expected: null },
  ];
  for (const c of cases) {
    it(`laid out otherwise: ${c.name}`, async () => {
      const out = folder(`other-${cases.indexOf(c)}`);
      writeFileSync(join(out, 'manifest.json'), c.text());
      const m = await openManifest(out);
      if (c.expected === null) expect(m).toBeNull();
      else expect(await all(m!.entries())).toEqual(c.expected);
    });
  }

  it('a line in the layout but out of order makes it read whole, sorted', async () => {
    const out = folder('unsorted-lines');
    await writeManifest(out, { resolex: FORMAT_VERSION, code: 'c' }, ENTRIES);
    const lines = readFileSync(join(out, 'manifest.json'), 'utf8').split('\n');
    // two entry lines (not the last: both end with a comma) swapped
    [lines[4], lines[5]] = [lines[5], lines[4]];
    writeFileSync(join(out, 'manifest.json'), lines.join('\n'));
    expect(await all((await openManifest(out))!.entries())).toEqual(ENTRIES);
  });

  it('none at all', async () => {
    expect(await openManifest(folder('none'))).toBeNull();
  });
});

describe('.resolex-stat', () => {
  const STATS: [string, StatEntry][] = [
    ['a.txt', [10, 1.5, 2.5, 7, 'h1']],
    ['b.txt', [20, 3.5, 4.5, 8, 'h2']],
    ['c.txt', [30, 5.5, 6.5, 9, 'h3']],
  ];

  it('reads back what was written', async () => {
    const out = folder('stat');
    await writeStatCache(out, STATS);
    const c = await openStatCache(out);
    expect(c.written).toBeGreaterThan(0);
    expect(await all(c.entries)).toEqual(STATS);
  });

  const broken: { name: string; edit: (lines: string[]) => string[]; expected: number }[] = [
    { name: 'a line that is not JSON ends what is taken', edit: (l) => [l[0], l[1], '[', l[3]], expected: 1 },
    { name: 'a line out of order ends what is taken', edit: (l) => [l[0], l[2], l[1], l[3]], expected: 1 },
    { name: 'a line of the wrong shape ends what is taken', edit: (l) => [l[0], l[1], '["b.txt",1,2]', l[3]], expected: 1 },
    { name: 'a head of another format: nothing taken', edit: (l) => ['{"written":5}', ...l.slice(1)], expected: 0 },
    { name: 'an empty file: nothing taken', edit: () => [], expected: 0 },
  ];
  for (const b of broken) {
    it(b.name, async () => {
      const out = folder(`stat-${broken.indexOf(b)}`);
      await writeStatCache(out, STATS);
      const lines = readFileSync(join(out, '.resolex-stat'), 'utf8').trimEnd().split('\n');
      writeFileSync(join(out, '.resolex-stat'), b.edit(lines).join('\n'));
      expect(await all((await openStatCache(out)).entries)).toHaveLength(b.expected);
    });
  }

  it('none at all', async () => {
    const c = await openStatCache(folder('stat-none'));
    expect(c.written).toBe(0);
    expect(await all(c.entries)).toEqual([]);
  });
});

describe('SortedCursor', () => {
  const table: { keys: string[]; asked: string[]; found: (number | undefined)[]; passed: string[] }[] = [
    { keys: ['a', 'b', 'c'], asked: ['a', 'b', 'c'], found: [0, 1, 2], passed: [] },
    { keys: ['a', 'b', 'c'], asked: ['b'], found: [1], passed: ['a', 'c'] },
    { keys: ['a', 'c'], asked: ['b', 'c', 'd'], found: [undefined, 1, undefined], passed: ['a'] },
    { keys: [], asked: ['a'], found: [undefined], passed: [] },
    { keys: ['a/b', 'a-b'].sort(), asked: ['a-b'], found: [0], passed: ['a/b'] },
  ];
  for (const t of table) {
    it(`keys ${JSON.stringify(t.keys)}, asked ${JSON.stringify(t.asked)}`, async () => {
      async function* src(): AsyncGenerator<[string, number]> {
        for (const [i, k] of t.keys.entries()) yield [k, i];
      }
      const c = new SortedCursor(src());
      const passed: string[] = [];
      const found = [];
      for (const k of t.asked) found.push(await c.take(k, (key) => passed.push(key)));
      await c.rest((key) => passed.push(key));
      expect(found).toEqual(t.found);
      expect(passed).toEqual(t.passed);
    });
  }
});

describe('the previous dataset, read alongside the inputs', () => {
  const sha = (c: string) => c.repeat(64);
  const line = (source: string, hash: string | null, pad: number) => JSON.stringify({ resolex: FORMAT_VERSION, source, sha256: hash, pad: 'x'.repeat(pad) });
  const entry = (hash: string, rules = 'R'): ManifestEntry => ({ sha256: hash, record: 'r.json', language: 'fr', rules, ok: true });
  const text = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('utf8') : null);

  it('takes lines across its buffer and longer than it, passes over the inputs not asked, and gives no line that is not the input’s', async () => {
    const out = mkdtempSync(join(tmpdir(), 'resolex-previous-'));
    const lines = [
      line('a.txt', sha('a'), 10),
      // longer than the buffer (1 MB), a quote in the name
      line('b "q".txt', sha('b'), 1_500_000),
      line('c.txt', sha('c'), 700_000),
      line('d.txt', sha('d'), 700_000),
      line('e.txt', sha('e'), 10),
      line('f.txt', null, 10),
      line('é.txt', sha('f'), 10),
    ];
    writeFileSync(join(out, 'dataset.jsonl'), lines.map((l) => `${l}\n`).join(''));
    await writeLinesIndex(out, 'code', { fr: 'R' });
    expect(await PreviousDataset.open(out, 'other code')).toBeNull();
    const prev = (await PreviousDataset.open(out, 'code'))!;
    try {
      expect(text(await prev.take('a.txt', entry(sha('a'))))).toBe(`${lines[0]}\n`);
      expect(text(await prev.take('b "q".txt', entry(sha('b'))))).toBe(`${lines[1]}\n`);
      // c.txt is not asked (an input gone): passed over
      expect(await prev.take('d.txt', entry(sha('0')))).toBeNull();
      expect(await prev.take('e.txt', entry(sha('e'), 'other rules'))).toBeNull();
      // an input with no line (new): none, and the next input's line is still there
      expect(await prev.take('e2.txt', entry(sha('e')))).toBeNull();
      // an error record without a hash is never taken
      expect(await prev.take('f.txt', entry(sha('f')))).toBeNull();
      expect(text(await prev.take('é.txt', entry(sha('f'))))).toBe(`${lines[6]}\n`);
      expect(await prev.take('z.txt', entry(sha('z')))).toBeNull();
    } finally {
      await prev.close();
    }
  });

  it('a dataset that cannot be read gives no line, and no error', async () => {
    const out = mkdtempSync(join(tmpdir(), 'resolex-previous-'));
    writeFileSync(join(out, 'dataset.jsonl'), `${line('a.txt', sha('a'), 1)}\n`);
    await writeLinesIndex(out, 'code', { fr: 'R' });
    const prev = (await PreviousDataset.open(out, 'code'))!;
    // its file closed under it: the read fails
    await prev.close();
    expect(await prev.take('a.txt', entry(sha('a')))).toBeNull();
  });

  it('a line that does not read as a record ends what is taken', async () => {
    const out = mkdtempSync(join(tmpdir(), 'resolex-previous-'));
    writeFileSync(join(out, 'dataset.jsonl'), `${line('a.txt', sha('a'), 1)}\n{"not":"a record"}\n${line('c.txt', sha('c'), 1)}\n`);
    await writeLinesIndex(out, 'code', { fr: 'R' });
    const prev = (await PreviousDataset.open(out, 'code'))!;
    try {
      expect(await prev.take('a.txt', entry(sha('a')))).not.toBeNull();
      expect(await prev.take('c.txt', entry(sha('c')))).toBeNull();
    } finally {
      await prev.close();
    }
  });
});

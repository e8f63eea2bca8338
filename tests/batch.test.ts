/**
 * The batch runner end to end, through the command: determinism across --jobs, incremental
 * re-runs, rule changes, interrupted runs, check and diff. Inputs are the corpus, copied under
 * several names so that the pool has work to share.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, utimesSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, appendFileSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { BIN, ROOT, outputTree as tree, runCli as run } from './helpers.ts';
import { runBatch, workerCount, workerLimits, WORKER_BYTES } from '../pipeline/batch.ts';
import { madeWith } from '../pipeline/previous-dataset.ts';

const CORPUS = join(ROOT, 'corpus');

let work: string;
let input: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'resolex-batch-'));
  input = join(work, 'in');
  mkdirSync(join(input, 'b'), { recursive: true });
  for (const f of readdirSync(CORPUS)) {
    cpSync(join(CORPUS, f), join(input, f));
    cpSync(join(CORPUS, f), join(input, 'b', `copy-${f}`));
  }
});

describe('rules the last dataset was made with', () => {
  const index = (code: string, rules: Record<string, string>) => JSON.stringify({ resolexLines: 1, dataset: { size: 1, mtimeMs: 1, ino: 1 }, code, rules });
  const now = { und: 'none', en: 'e1', fr: 'f1' };
  it.each([
    ['the same code and rules', index('c1', { und: 'none', en: 'e1', fr: 'f1' }), true],
    ['no index', null, false],
    ['an index that does not read', '{"resolexLines": 1,', false],
    ['another format', JSON.stringify({ resolexLines: 2, code: 'c1', rules: now }), false],
    ['other code', index('c0', now), false],
    ['other French rules', index('c1', { und: 'none', en: 'e1', fr: 'f0' }), false],
    ['a language fewer', index('c1', { und: 'none', fr: 'f1' }), false],
    ['a language more', index('c1', { ...now, de: 'd1' }), false],
    ['no rules', JSON.stringify({ resolexLines: 1, code: 'c1', rules: null }), false],
  ] as const)('%s', async (_name, text, want) => {
    const out = mkdtempSync(join(tmpdir(), 'resolex-made-'));
    if (text !== null) writeFileSync(join(out, '.resolex-lines'), text);
    expect(await madeWith(out, 'c1', now)).toBe(want);
  });
});

describe('worker heaps', () => {
  // 48 MB each up to two jobs; past that, a budget shared, never under 16 MB
  it.each([
    [1, 48],
    [2, 48],
    [3, 32],
    [4, 24],
    [6, 16],
    [8, 16],
  ])('--jobs %i: %i MB of young generation each', (jobs, young) => {
    expect(workerLimits(jobs)).toEqual({ maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: young });
  });
});

describe('workers started', () => {
  // a worker's start costs more than extracting a few MB: small runs get one
  const MB = 1024 * 1024;
  it.each([
    [0, 2, 1],
    [100_000, 2, 1],
    [WORKER_BYTES - 1, 2, 1],
    [WORKER_BYTES, 2, 2],
    [129 * MB, 2, 2],
    [129 * MB, 1, 1],
    [2 * WORKER_BYTES + 1, 8, 3],
    [129 * MB, 8, 8],
  ])('%i bytes to read, --jobs %i: %i', (bytes, jobs, n) => {
    expect(workerCount(bytes, jobs)).toBe(n);
  });
});

describe('batch', { timeout: 120_000 }, () => {
  it('--jobs 1 and --jobs 2 give identical bytes', () => {
    const a = join(work, 'j1');
    const b = join(work, 'j2');
    expect(run(['extract', input, '--out', a, '--jobs', '1', '--quiet']).code).toBe(0);
    expect(run(['extract', input, '--out', b, '--jobs', '2', '--quiet']).code).toBe(0);
    const ta = tree(a);
    expect(Object.keys(ta)).toContain('dataset.jsonl');
    expect(Object.keys(ta)).toContain('manifest.json');
    expect(Object.keys(ta)).toContain('b/copy-003_51d80619498729c9.json');
    expect(tree(b)).toEqual(ta);
    expect(ta['dataset.jsonl'].trim().split('\n')).toHaveLength(10);
  });

  it('a plan on disk gives what a plan in memory gives: a first run, then one with an input changed, one gone and one new', async () => {
    const inp = join(work, 'in-spill');
    cpSync(input, inp, { recursive: true });
    const runs = { memory: join(work, 'out-memory'), disk: join(work, 'out-disk') };
    const once = async () => {
      for (const [how, out] of Object.entries(runs)) {
        const lines: string[] = [];
        const sum = await runBatch({ inputs: [inp], out, jobs: 2, force: false, minSeverity: 'warning', spillAfter: how === 'disk' ? 0 : undefined, log: (l) => lines.push(l) });
        expect(sum.interrupted).toBe(false);
        // a plan left on disk would be listed in the tree
        expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      }
      expect(tree(runs.disk)).toEqual(tree(runs.memory));
      // the stat caches too (written side by side with the manifest), but for when they were written
      const stat = (out: string) => readFileSync(join(out, '.resolex-stat'), 'utf8').split('\n').slice(1);
      expect(stat(runs.disk)).toEqual(stat(runs.memory));
    };
    await once();
    appendFileSync(join(inp, '001_ae5fb4e1d94c0dac.txt'), '\nNote ajoutée.\n');
    rmSync(join(inp, 'b', 'copy-002_cb8aaed3bd6e14a8.txt'));
    cpSync(join(CORPUS, '004_da3c5f2f6630bbbe.txt'), join(inp, 'new.txt'));
    await once();
    const m = JSON.parse(readFileSync(join(runs.disk, 'manifest.json'), 'utf8'));
    expect(Object.keys(m.entries)).toHaveLength(10);
    expect(m.entries['new.txt'].record).toBe('new.json');
    expect(existsSync(join(runs.disk, 'b', 'copy-002_cb8aaed3bd6e14a8.json'))).toBe(false);
  });

  it.each(['disk', 'memory'])('a manifest that cannot be written (plan in %s) fails the run, and the stat cache written beside it is whole', async (how) => {
    const out = join(work, `out-no-manifest-${how}`);
    // a folder where the manifest goes: its temporary file cannot be renamed over it
    mkdirSync(join(out, 'manifest.json', 'x'), { recursive: true });
    await expect(runBatch({ inputs: [input], out, jobs: 1, force: false, minSeverity: 'warning', spillAfter: how === 'disk' ? 0 : undefined, log: () => {} })).rejects.toThrow();
    const lines = readFileSync(join(out, '.resolex-stat'), 'utf8').trimEnd().split('\n');
    expect(lines.slice(1).map((l) => JSON.parse(l)[0])).toEqual([...readdirSync(join(input, 'b')).map((f) => `b/${f}`), ...readdirSync(input).filter((f) => f.endsWith('.txt'))].sort());
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a run stopped midway with its plan on disk keeps what it did; the next run finishes it as one uninterrupted run would', async () => {
    const out = join(work, 'out-stopped-disk');
    const stop = new AbortController();
    const first = await runBatch({ inputs: [input], out, jobs: 2, force: false, minSeverity: 'warning', spillAfter: 0, signal: stop.signal, log: () => {}, progress: (done) => done >= 3 && stop.abort() });
    expect(first.interrupted).toBe(true);
    expect(first.extracted).toBeGreaterThanOrEqual(3);
    expect(first.extracted).toBeLessThan(10);
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // the manifest lists what was done, so the next run does only the rest
    const listed = Object.keys(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).entries);
    expect(listed).toHaveLength(first.extracted);
    const second = await runBatch({ inputs: [input], out, jobs: 2, force: false, minSeverity: 'warning', spillAfter: 0, log: () => {} });
    expect(second.extracted).toBe(10 - first.extracted);
    const whole = join(work, 'out-whole-disk');
    await runBatch({ inputs: [input], out: whole, jobs: 2, force: false, minSeverity: 'warning', spillAfter: 0, log: () => {} });
    expect(tree(out)).toEqual(tree(whole));
  });

  it('a second run on an unchanged corpus processes nothing', () => {
    const out = join(work, 'j1');
    const r = run(['extract', input, '--out', out, '--jobs', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\(0 extracted, 10 unchanged, 0 removed\)/);
  });

  it('the stat cache spares reading unchanged inputs, and a rewrite of the same size and time is still seen', () => {
    const inp = join(work, 'in-stat');
    const out = join(work, 'out-stat');
    cpSync(input, inp, { recursive: true });
    const old = new Date('2020-01-01T00:00:00Z');
    const files = ['000_f28d2c598c50b370.txt', '002_cb8aaed3bd6e14a8.txt'];
    for (const f of readdirSync(inp)) if (f.endsWith('.txt')) utimesSync(join(inp, f), old, old);
    expect(run(['extract', inp, '--out', out, '--jobs', '1', '--quiet']).code).toBe(0);
    // a head line, then one line an input: [path, size, mtime, ctime, inode, hash]
    const [head, ...lines] = readFileSync(join(out, '.resolex-stat'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(head.written).toBeGreaterThan(0);
    expect(lines.map((l) => l[0])).toHaveLength(10);
    // a cached hash is trusted while the file looks the same: a wrong one makes the run redo it
    lines.find((l) => l[0] === files[0])[5] = '0'.repeat(64);
    writeFileSync(join(out, '.resolex-stat'), [head, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(run(['extract', inp, '--out', out, '--jobs', '1']).stderr).toMatch(/\(1 extracted, 9 unchanged, 0 removed\)/);
    // same size, same modification time, other bytes: the change time tells
    const p = join(inp, files[1]);
    const text = readFileSync(p, 'utf8');
    writeFileSync(p, text.replace('a', 'e'));
    utimesSync(p, old, old);
    expect(run(['extract', inp, '--out', out, '--jobs', '1']).stderr).toMatch(/\(1 extracted, 9 unchanged, 0 removed\)/);
  });

  it('a changed input, a deleted input and a changed rule file are taken into account', () => {
    const inp = join(work, 'in2');
    cpSync(input, inp, { recursive: true });
    const rules = join(work, 'rules');
    cpSync(join(ROOT, 'rules'), rules, { recursive: true });
    const out = join(work, 'o2');
    expect(run(['extract', inp, '--out', out, '--rules', rules, '--quiet']).code).toBe(0);
    appendFileSync(join(inp, '002_cb8aaed3bd6e14a8.txt'), '\n');
    rmSync(join(inp, 'b', 'copy-000_f28d2c598c50b370.txt'));
    let r = run(['extract', inp, '--out', out, '--rules', rules]);
    expect(r.stderr).toMatch(/\(1 extracted, 8 unchanged, 1 removed\)/);
    expect(existsSync(join(out, 'b', 'copy-000_f28d2c598c50b370.json'))).toBe(false);
    // a French rule file changes: the French documents are extracted again, and only they
    appendFileSync(join(rules, 'fr', 'hyphenation.yaml'), '# touched\n');
    r = run(['check', inp, '--out', out, '--rules', rules]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/stale {4}002_cb8aaed3bd6e14a8\.txt {2}\(rules\)/);
    r = run(['extract', inp, '--out', out, '--rules', rules]);
    expect(r.stderr).toMatch(/\(9 extracted, 0 unchanged, 0 removed\)/);
    expect(run(['check', inp, '--out', out, '--rules', rules]).code).toBe(0);
  });

  it('rules checked by an earlier run are not checked again; rules changed since are, with nothing to extract', () => {
    const inp = join(work, 'in-checked');
    cpSync(input, inp, { recursive: true });
    const rules = join(work, 'rules-checked');
    cpSync(join(ROOT, 'rules'), rules, { recursive: true });
    const out = join(work, 'o-checked');
    expect(run(['extract', inp, '--out', out, '--rules', rules, '--quiet']).code).toBe(0);
    expect(run(['extract', inp, '--out', out, '--rules', rules]).stderr).toMatch(/\(0 extracted, 10 unchanged, 0 removed\)/);
    // one input changed: the rules load when its document is found, and it is extracted as in a first run
    appendFileSync(join(inp, '002_cb8aaed3bd6e14a8.txt'), '\nNote ajoutée.\n');
    expect(run(['extract', inp, '--out', out, '--rules', rules]).stderr).toMatch(/\(1 extracted, 9 unchanged, 0 removed\)/);
    const fresh = join(work, 'o-checked-fresh');
    expect(run(['extract', inp, '--out', fresh, '--rules', rules, '--quiet']).code).toBe(0);
    expect(readFileSync(join(out, '002_cb8aaed3bd6e14a8.json'), 'utf8')).toBe(readFileSync(join(fresh, '002_cb8aaed3bd6e14a8.json'), 'utf8'));
    // a bad pattern in a language no input is in: nothing is to be extracted, and the run stops on it
    writeFileSync(join(rules, 'en', 'page.yaml'), 'furniture:\n  - id: broken\n    pattern: "^(unclosed$"\n    example: "x"\n    reason: A pattern that does not compile.\n');
    const r = run(['extract', inp, '--out', out, '--rules', rules]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/en\/page\.yaml/);
  });

  describe('the lines of unchanged documents are taken from the previous dataset when it is theirs', () => {
    // a record file edited after the run tells where a line came from: the previous dataset keeps
    // the line the extraction made, a line made from the record file shows the edit
    const EDITED = '"kind": "edited-after-the-run"';
    const setUp = (name: string) => {
      const inp = join(work, `in-${name}`);
      const out = join(work, `out-${name}`);
      cpSync(input, inp, { recursive: true });
      expect(run(['extract', inp, '--out', out, '--quiet']).code).toBe(0);
      const record = join(out, '000_f28d2c598c50b370.json');
      writeFileSync(record, readFileSync(record, 'utf8').replace(/"kind": "[a-z-]+"/, EDITED));
      appendFileSync(join(inp, '002_cb8aaed3bd6e14a8.txt'), '\nNote ajoutée.\n');
      return { inp, out };
    };
    const kindIn = (out: string) => JSON.parse(readFileSync(join(out, 'dataset.jsonl'), 'utf8').split('\n').find((l) => l.includes('"source":"000_f28d2c598c50b370.txt"'))!).kind;

    it.each([
      ['the index and the dataset as the run left them: taken', (_out: string) => {}, 'resolution'],
      ['no index: made from the record file', (out: string) => rmSync(join(out, '.resolex-lines')), 'edited-after-the-run'],
      ['a dataset written since (another size): made from the record file', (out: string) => appendFileSync(join(out, 'dataset.jsonl'), '\n'), 'edited-after-the-run'],
      ['lines made with other French rules (a run stopped after extracting with new ones): made from the record file', (out: string) => {
        const index = JSON.parse(readFileSync(join(out, '.resolex-lines'), 'utf8'));
        index.rules.fr = '0'.repeat(64);
        writeFileSync(join(out, '.resolex-lines'), JSON.stringify(index));
      }, 'edited-after-the-run'],
      ['lines made by other code: made from the record file', (out: string) => {
        const index = JSON.parse(readFileSync(join(out, '.resolex-lines'), 'utf8'));
        index.code = '0'.repeat(64);
        writeFileSync(join(out, '.resolex-lines'), JSON.stringify(index));
      }, 'edited-after-the-run'],
    ] as const)('%s', (name, alter, kind) => {
      const { inp, out } = setUp(name.split(':')[0].replace(/[^a-z]+/g, '-'));
      alter(out);
      const r = run(['extract', inp, '--out', out]);
      expect(r.stderr).toMatch(/\(1 extracted, 9 unchanged, 0 removed\)/);
      expect(kindIn(out)).toBe(kind);
      // the other lines are those of a whole run, whichever way they were made
      const whole = join(work, `whole-${name.split(':')[0].replace(/[^a-z]+/g, '-')}`);
      expect(run(['extract', inp, '--out', whole, '--quiet']).code).toBe(0);
      const lines = (o: string) => readFileSync(join(o, 'dataset.jsonl'), 'utf8').split('\n').filter((l) => !l.includes('"source":"000_f28d2c598c50b370.txt"'));
      expect(lines(out)).toEqual(lines(whole));
    });
  });

  it('check fails on a stale, a missing and an orphaned record', () => {
    const inp = join(work, 'in3');
    cpSync(input, inp, { recursive: true });
    const out = join(work, 'o3');
    expect(run(['extract', inp, '--out', out, '--quiet']).code).toBe(0);
    expect(run(['check', inp, '--out', out]).code).toBe(0);
    writeFileSync(join(inp, 'new.txt'), readFileSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt')));
    appendFileSync(join(inp, '003_51d80619498729c9.txt'), '\n');
    rmSync(join(inp, '004_da3c5f2f6630bbbe.txt'));
    const r = run(['check', inp, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(
      ['missing  new.txt', 'orphaned 004_da3c5f2f6630bbbe.txt', 'stale    003_51d80619498729c9.txt  (changed)'].sort(),
    );
  });

  it('a run killed midway and run again gives the same result as an uninterrupted run', async () => {
    // enough documents that the kill lands while records are being written
    const big = join(work, 'big');
    mkdirSync(big);
    for (let i = 0; i < 30; i++) for (const f of readdirSync(CORPUS)) cpSync(join(CORPUS, f), join(big, `${String(i).padStart(2, '0')}-${f}`));
    const whole = join(work, 'big-whole');
    expect(run(['extract', big, '--out', whole, '--jobs', '2', '--quiet']).code).toBe(0);
    const out = join(work, 'big-killed');
    const child = spawn(process.execPath, [BIN, 'extract', big, '--out', out, '--jobs', '2', '--quiet'], { cwd: ROOT, stdio: 'ignore' });
    // kill as soon as the first records are on disk
    for (let t = 0; t < 200 && !(existsSync(out) && readdirSync(out).length > 3); t++) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(existsSync(join(out, 'dataset.jsonl'))).toBe(false);
    expect(run(['extract', big, '--out', out, '--quiet']).code).toBe(0);
    expect(tree(out)).toEqual(tree(whole));
  });

  it('a document that cannot be read gets an error record, the batch goes on, the exit code says so', () => {
    const inp = join(work, 'in4');
    mkdirSync(inp);
    cpSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt'), join(inp, 'good.txt'));
    writeFileSync(join(inp, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3]));
    const out = join(work, 'o4');
    const r = run(['extract', inp, '--out', out, '--quiet']);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'binary.json'), 'utf8')).error.code).toBe('not-text');
    expect(JSON.parse(readFileSync(join(out, 'good.json'), 'utf8')).kind).toBe('resolution');
  });

  it('a record that cannot be written fails its document alone; dataset.jsonl holds the others', () => {
    const out = join(work, 'out-blocked');
    // a folder where the first record should go
    mkdirSync(join(out, '000_f28d2c598c50b370.json'), { recursive: true });
    const r = run(['extract', CORPUS, '--out', out, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/000_f28d2c598c50b370\.txt:1:1 {2}error {2}its record cannot be written: EISDIR {2}write-failed/);
    const lines = readFileSync(join(out, 'dataset.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).source)).toEqual(['001_ae5fb4e1d94c0dac.txt', '002_cb8aaed3bd6e14a8.txt', '003_51d80619498729c9.txt', '004_da3c5f2f6630bbbe.txt']);
  });

  it('usage errors exit 2', () => {
    expect(run(['extract', input]).code).toBe(2);
    expect(run(['extract', input, '--out', join(work, 'x'), '--jobs', 'many']).code).toBe(2);
    expect(run(['nonsense']).code).toBe(2);
  });

  it('diff reports a reworded clause and lost references, and exits 1; identical outputs exit 0', () => {
    const a = join(work, 'j1');
    const b = join(work, 'd2');
    cpSync(a, b, { recursive: true });
    const p = join(b, '003_51d80619498729c9.json');
    const rec = JSON.parse(readFileSync(p, 'utf8'));
    rec.operative[4].text = rec.operative[4].text.replace('entretiennent', 'maintiennent');
    rec.references = rec.references.filter((x: { id: string }) => x.id !== 'A/RES/60/288');
    writeFileSync(p, JSON.stringify(rec, null, 2));
    const r = run(['diff', a, b]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('operative 5 reworded');
    expect(r.stdout).toContain('[-entretiennent-]{+maintiennent+}');
    expect(r.stdout).toContain('references lost: A/RES/60/288');
    const j = JSON.parse(run(['diff', a, b, '--json']).stdout);
    expect(j[0].clauses[0]).toMatchObject({ part: 'operative', change: 'reworded', index: 5 });
    expect(run(['diff', a, join(work, 'j2')]).code).toBe(0);
  });

  it('show prints a document readably', () => {
    const r = run(['show', join(CORPUS, '003_51d80619498729c9.txt')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('symbol: A/RES/77/20');
    expect(r.stdout).toMatch(/ {2}P1 {2}«Rappelant»/);
    expect(r.stdout).toContain('→ refs: A/RES/51/1');
  });
});

/**
 * Bad files of every kind: encodings, sizes, pathological text, paths that try to leave the output
 * folder, signals and crashed workers. The batch must never crash, hang, lose other work or write
 * outside --out.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { BIN, ROOT, outputTree as tree, runCli as run } from './helpers.ts';
import { extractDocument, RecordSchema, ErrorRecordSchema } from '../pipeline/index.ts';
import { decode } from '../pipeline/read.ts';
import { outputName, outputPath } from '../pipeline/io.ts';
import { Pool, GRACE_MS } from '../pipeline/pool.ts';
import { loadAllRules } from '../pipeline/rules/load.ts';
import { main } from '../pipeline/cli.ts';
import { PATHOLOGICAL } from './pathological.ts';
import { spansOf } from './spans.ts';

const CORPUS = join(ROOT, 'corpus');
const enc = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: (number | string)[]) => Uint8Array.from(b.flatMap((x) => (typeof x === 'string' ? [...enc(x)] : [x])));
const utf16 = (s: string, le: boolean) => {
  const out = [le ? 0xff : 0xfe, le ? 0xfe : 0xff];
  for (const c of s) {
    const u = c.charCodeAt(0);
    out.push(...(le ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff]));
  }
  return Uint8Array.from(out);
};

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'resolex-hostile-'));
});

describe('encodings', () => {
  it.each([
    ['UTF-8', enc('Décide'), 'Décide', 'utf-8', 0],
    ['UTF-8 with BOM', bytes(0xef, 0xbb, 0xbf, 'Décide'), 'Décide', 'utf-8-bom', 0],
    ['UTF-16 LE with BOM', utf16('Décide ✓', true), 'Décide ✓', 'utf-16le', 0],
    ['UTF-16 BE with BOM', utf16('Décide ✓', false), 'Décide ✓', 'utf-16be', 0],
    ['Windows-1252', bytes('D', 0xe9, 'cide ', 0x80, ' ', 0x93, 'x', 0x94), 'Décide € “x”', 'windows-1252', 0],
    ['Latin-1', bytes('Ann', 0xe9, 'e ', 0xe0, ' ', 0xe7, 'a'), 'Année à ça', 'windows-1252', 0],
    ['UTF-8, a truncated sequence', bytes('Décide ', 0xc3), 'Décide \uFFFD', 'utf-8', 1],
    ['UTF-8, a stray continuation byte', bytes('Décidé', 0x80, ' ici'), 'Décidé\uFFFD ici', 'utf-8', 1],
    ['UTF-8, an overlong form', bytes('é ', 0xc0, 0xaf, ' x'), 'é \uFFFD\uFFFD x', 'utf-8', 2],
    ['UTF-8 with BOM, an invalid byte', bytes(0xef, 0xbb, 0xbf, 'a', 0xff, 'b'), 'a\uFFFDb', 'utf-8-bom', 1],
    ['UTF-8 holding U+FFFD itself', enc('Décide \uFFFD'), 'Décide \uFFFD', 'utf-8', 0],
    ['UTF-16 LE, an odd last byte', Uint8Array.from([...utf16('ab', true), 0x41]), 'ab\uFFFD', 'utf-16le', 1],
    ['UTF-16 LE, a lone surrogate', Uint8Array.from([0xff, 0xfe, 0x61, 0, 0x00, 0xd8, 0x62, 0]), 'a\uFFFDb', 'utf-16le', 1],
    ['CRLF and CR kept', enc('a\r\nb\rc'), 'a\r\nb\rc', 'utf-8', 0],
  ])('%s', (_name, input, text, encoding, invalid) => {
    const d = decode(input);
    expect(d.text).toBe(text);
    expect(d.encoding).toBe(encoding);
    expect(d.invalid).toBe(invalid);
  });

  it.each([
    ['Windows-1252', 'decode-replaced', 'read/encoding', bytes('D', 0xe9, 'cide que la r', 0xe9, 'solution')],
    ['damaged UTF-8', 'decode-invalid', 'read/invalid-bytes', bytes('Décidé que la résolution', 0xc3)],
    ['damaged UTF-16', 'decode-invalid', 'read/invalid-bytes', Uint8Array.from([...utf16('Décide que', true), 0x41])],
  ])('%s is read with a %s warning (rule %s)', (_name, code, rule, input) => {
    const r = extractDocument({ source: 'x.txt', bytes: input });
    expect(r.ok).toBe(true);
    const d = r.diagnostics.find((x) => x.code === code);
    expect(d).toMatchObject({ severity: 'warning', ruleId: rule });
  });

  it.each([
    ['NUL-laden text', bytes('Décide', 0, 0, 0, ' que', 0)],
    ['UTF-16 without BOM', Uint8Array.from([0x44, 0, 0xe9, 0, 0x63, 0])],
    ['a PNG image', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])],
    ['control bytes', Uint8Array.from({ length: 200 }, (_, i) => (i % 3 ? 0x41 : 0x07))],
  ])('%s is refused with not-text', (_name, input) => {
    const r = extractDocument({ source: 'x.bin', bytes: input });
    expect(r.ok ? null : r.record.error.code).toBe('not-text');
    expect(ErrorRecordSchema.safeParse(r.record).success).toBe(true);
  });
});

describe('sizes', { timeout: 120_000 }, () => {
  it.each([
    ['an empty file', new Uint8Array(), 'empty-input'],
    ['a BOM alone', bytes(0xef, 0xbb, 0xbf), 'empty-input'],
    ['white space only', enc(' \n\t\r\n '), 'empty-input'],
  ])('%s gives %s', (_name, input, code) => {
    const r = extractDocument({ source: 'x.txt', bytes: input });
    expect(r.ok ? null : r.record.error.code).toBe(code);
  });

  it('a 200 MB file is refused unread above --max-bytes; the others are extracted', () => {
    const inp = join(work, 'sizes');
    mkdirSync(inp);
    cpSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt'), join(inp, 'good.txt'));
    // a sparse file: 200 MB on paper, nothing on disk, and nothing read
    const fd = openSync(join(inp, 'huge.txt'), 'w');
    ftruncateSync(fd, 200 * 1024 * 1024);
    closeSync(fd);
    const out = join(work, 'sizes-out');
    const t = performance.now();
    const r = run(['extract', inp, '--out', out, '--quiet']);
    expect(performance.now() - t).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/huge\.txt:1:1 {2}error {2}the input is 209715200 bytes, over the limit of 52428800 \(--max-bytes\) {2}too-large/);
    const rec = JSON.parse(readFileSync(join(out, 'huge.json'), 'utf8'));
    expect(rec).toEqual({ resolex: '1', source: 'huge.txt', sha256: null, error: { code: 'too-large', message: 'the input is 209715200 bytes, over the limit of 52428800 (--max-bytes)' } });
    expect(JSON.parse(readFileSync(join(out, 'good.json'), 'utf8')).kind).toBe('resolution');
    // the refusal is remembered: nothing is out of date, nothing redone
    expect(run(['check', inp, '--out', out]).code).toBe(0);
    expect(run(['extract', inp, '--out', out]).stderr).toMatch(/\(0 extracted, 2 unchanged, 0 removed\)/);
  });

  it('--max-bytes 3k refuses the 4,640-byte file and extracts the 2,418-byte one', () => {
    const inp = join(work, 'max');
    mkdirSync(inp);
    cpSync(join(CORPUS, '000_f28d2c598c50b370.txt'), join(inp, 'big.txt'));
    cpSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt'), join(inp, 'small.txt'));
    const out = join(work, 'max-out');
    const r = run(['extract', inp, '--out', out, '--max-bytes', '3k', '--quiet']);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'big.json'), 'utf8')).error.code).toBe('too-large');
    expect(JSON.parse(readFileSync(join(out, 'small.json'), 'utf8')).kind).toBe('resolution');
  });

  it.each([
    ['--max-bytes', 'lots'],
    ['--max-bytes', '0'],
    ['--max-bytes', '1T'],
    ['--time-budget', '-5'],
    ['--time-budget', '1.5'],
    ['--time-budget', 'soon'],
  ])('%s %s is a usage error', async (flag, value) => {
    const stderr = process.stderr.write;
    let said = '';
    process.stderr.write = ((s: string) => ((said += s), true)) as typeof process.stderr.write;
    try {
      expect(await main(['extract', CORPUS, '--out', join(work, 'never'), `${flag}=${value}`])).toBe(2);
    } finally {
      process.stderr.write = stderr;
    }
    expect(said).toContain(`usage-error: ${flag}`);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });
});

describe('pathological text', { timeout: 300_000 }, () => {
  const BUDGET = 2500;
  it('every input gives a record or an error record within its time budget', async () => {
    const pool = new Pool(2);
    try {
      const results = await Promise.all(
        PATHOLOGICAL.map(async ([name, make], id) => {
          const text = make();
          const t = performance.now();
          const r = await pool.run({ id, source: 'p.txt', bytes: enc(text), minSeverity: 'error', budgetMs: BUDGET });
          return { name, text, ms: performance.now() - t, r: r! };
        }),
      );
      for (const { name, text, ms, r } of results) {
        const rec = JSON.parse(r.json);
        // measured from when the document was queued: the queue itself waits for the two workers
        expect(ms, name).toBeLessThan(BUDGET * PATHOLOGICAL.length);
        if (r.ok) {
          expect(RecordSchema.safeParse(rec).success, name).toBe(true);
          for (const s of spansOf(rec)) expect(s.end <= text.length && s.start <= s.end, `${name}: span ${JSON.stringify(s)}`).toBe(true);
        } else {
          expect(ErrorRecordSchema.safeParse(rec).success, name).toBe(true);
          expect(rec.error.code, name).toBe('time-budget');
        }
      }
    } finally {
      await pool.close();
    }
  });

  it('a document past its budget is stopped and gets a time-budget error record; the next one is extracted', async () => {
    const pool = new Pool(1);
    try {
      const [, make] = PATHOLOGICAL.find(([n]) => n === '10 MB on one line')!;
      const t = performance.now();
      const r = await pool.run({ id: 0, source: 'big.txt', bytes: enc(make()), minSeverity: 'error', budgetMs: 200 });
      expect(performance.now() - t).toBeLessThan(200 + GRACE_MS + 2000);
      expect(r!.ok).toBe(false);
      expect(r!.error!.code).toBe('time-budget');
      const next = await pool.run({ id: 1, source: 'good.txt', bytes: new Uint8Array(readFileSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt'))), minSeverity: 'error', budgetMs: 30_000 });
      expect(next!.ok).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it("a worker's start is not counted in its first document's budget", async () => {
    // documents are sent to a worker before it has started (loaded its code, compiled its rules);
    // a budget counted from the send would stop a worker whose start takes longer than the grace,
    // and its replacement the same way. Here the rules of 49 languages make a long start.
    const rulesDir = join(work, 'many-rules');
    for (const lang of ['fr', ...Array.from('abcdefghijklmnopqrstuvwx', (c) => [`x${c}`, `y${c}`]).flat()]) cpSync(join(ROOT, 'rules', 'fr'), join(rulesDir, lang), { recursive: true });
    const pool = new Pool(1, undefined, undefined, rulesDir);
    try {
      const bytes = new Uint8Array(readFileSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt')));
      const t = performance.now();
      const r = await pool.run({ id: 0, source: 'first.txt', bytes, rulesDir, minSeverity: 'error', budgetMs: 1 });
      // the start did take longer than the grace: the test tells something
      expect(performance.now() - t).toBeGreaterThan(GRACE_MS);
      expect(r!.error!.code).toBe('time-budget');
      expect(r!.error!.message).toMatch(/ran out before the \w+ stage/);
      const next = await pool.run({ id: 1, source: 'next.txt', bytes, rulesDir, minSeverity: 'error', budgetMs: 30_000 });
      expect(next!.ok).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('workers compile the rules the main thread loaded and validated, not the files as they are later', async () => {
    const rulesDir = join(work, 'seeded-rules');
    cpSync(join(ROOT, 'rules'), rulesDir, { recursive: true });
    const rules = loadAllRules(rulesDir);
    const bytes = new Uint8Array(readFileSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt')));
    const expected = extractDocument({ source: 'doc.txt', bytes, rulesDir });
    // broken after loading: a worker that read the files would fail on it
    writeFileSync(join(rulesDir, 'fr', 'openers.yaml'), 'openers: [unclosed');
    const seeded = new Pool(1, undefined, undefined, rulesDir, rules);
    const reading = new Pool(1, undefined, undefined, rulesDir);
    try {
      const r = await seeded.run({ id: 0, source: 'doc.txt', bytes, rulesDir, minSeverity: 'error' });
      expect(r!.ok).toBe(true);
      expect(JSON.parse(r!.line)).toEqual(expected.record);
      const broken = await reading.run({ id: 1, source: 'doc.txt', bytes, rulesDir, minSeverity: 'error' });
      expect(broken!.ok).toBe(false);
    } finally {
      await seeded.close();
      await reading.close();
    }
  });

  it('the budget is checked between stages in the main thread too', () => {
    const r = extractDocument({ source: 'x.txt', bytes: enc('Décide'), deadline: Date.now() - 1 });
    expect(r.ok ? null : r.record.error).toEqual({ code: 'time-budget', message: "the document's time budget ran out before the read stage" });
  });

  it('a pool grows to the size asked, never shrinks, and not once closed; each worker extracts', async () => {
    const pool = new Pool(0);
    const doc = (id: number) => ({ id, source: `${id}.txt`, bytes: new Uint8Array(readFileSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt'))), minSeverity: 'error' as const });
    try {
      expect(pool.size).toBe(0);
      pool.grow(2);
      expect(pool.size).toBe(2);
      pool.grow(1);
      expect(pool.size).toBe(2);
      const rs = await Promise.all([0, 1, 2, 3].map((id) => pool.run(doc(id))));
      expect(rs.map((r) => r!.ok)).toEqual([true, true, true, true]);
    } finally {
      await pool.close();
    }
    pool.grow(3);
    expect(pool.size).toBe(2);
    expect(await pool.run(doc(4))).toBe(null);
  });

  it('a worker that dies (here: out of memory) fails its document, not the batch', async () => {
    const pool = new Pool(1, { maxOldGenerationSizeMb: 64 });
    try {
      const [, make] = PATHOLOGICAL.find(([n]) => n === '10 MB on one line')!;
      const good = new Uint8Array(readFileSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt')));
      const [a, b, c] = await Promise.all([
        pool.run({ id: 0, source: 'a.txt', bytes: good, minSeverity: 'error' }),
        pool.run({ id: 1, source: 'big.txt', bytes: enc(make()), minSeverity: 'error' }),
        pool.run({ id: 2, source: 'c.txt', bytes: good, minSeverity: 'error' }),
      ]);
      expect([a!.ok, b!.ok, c!.ok]).toEqual([true, false, true]);
      expect(b!.error!.code).toBe('worker-crashed');
      expect(ErrorRecordSchema.safeParse(JSON.parse(b!.json)).success).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

describe('memory', { timeout: 120_000 }, () => {
  it('a document too large for a small worker heap runs again alone with more, when the pool allows', async () => {
    const corpus = readdirSync(CORPUS).map((f) => readFileSync(join(CORPUS, f), 'utf8')).join('\n');
    let text = '';
    while (text.length < 1e6) text += corpus;
    const small = new Pool(1, { maxOldGenerationSizeMb: 32 });
    const retrying = new Pool(1, { maxOldGenerationSizeMb: 32 }, {});
    try {
      const a = await small.run({ id: 0, source: 'big.txt', bytes: enc(text), minSeverity: 'error' });
      expect(a!.error?.code).toBe('worker-crashed');
      const b = await retrying.run({ id: 0, source: 'big.txt', bytes: enc(text), minSeverity: 'error' });
      expect(b!.ok).toBe(true);
      // the pool goes on with its small worker
      const c = await retrying.run({ id: 1, source: 'small.txt', bytes: enc(corpus.slice(0, 3000)), minSeverity: 'error' });
      expect(c!.ok).toBe(true);
    } finally {
      await small.close();
      await retrying.close();
    }
  });
});

describe('paths', { timeout: 120_000 }, () => {
  it.each([
    ['a.txt', 'a.json'],
    ['un/A_RES_77_20.txt', 'un/A_RES_77_20.json'],
    ['notes.md', 'notes.json'],
    ['a/./b.txt', 'a/b.json'],
    ['a/../b.txt', 'b.json'],
    ['..x.txt', '..x.json'],
    ['no-extension', 'no-extension.json'],
    // a backslash is part of a name on this system: the record keeps it, as the input's file does
    ['a\\b.txt', 'a\\b.json'],
    ['a\\x\\..\\b.md', 'a\\x\\..\\b.json'],
  ])('outputName(%j) is %j', (rel, out) => {
    expect(outputName(rel)).toBe(out);
  });

  it.each([['../x.txt'], ['a/../../x.txt'], ['/etc/passwd.txt'], ['..'], ['C:/x.txt'], ['a\\..\\..\\x.txt'], ['a\0b.txt']])('outputName(%j) is refused: outside-root', (rel) => {
    expect(() => outputName(rel)).toThrow(/^outside-root: /);
  });

  it.each([['../x.json'], ['/tmp/x.json'], ['a/../../x.json'], ['.']])('outputPath(out, %j) is refused', (name) => {
    expect(() => outputPath('/tmp/out', name)).toThrow(/^outside-root: /);
  });

  it('links out of the input folder are not followed, reserved and colliding names are reported, nothing lands outside --out', () => {
    const base = join(work, 'paths');
    const inp = join(base, 'in');
    const outside = join(base, 'outside');
    mkdirSync(join(inp, 'sub'), { recursive: true });
    mkdirSync(outside);
    const doc = readFileSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt'));
    writeFileSync(join(outside, 'secret.txt'), doc);
    writeFileSync(join(inp, 'good.txt'), doc);
    writeFileSync(join(inp, 'a.txt'), doc);
    writeFileSync(join(inp, 'a.md'), doc);
    writeFileSync(join(inp, 'manifest.txt'), doc);
    writeFileSync(join(inp, 'dataset.jsonl.txt'), doc);
    symlinkSync(join(outside, 'secret.txt'), join(inp, 'link-out.txt'));
    symlinkSync(join(inp, 'good.txt'), join(inp, 'sub', 'link-in.txt'));
    symlinkSync(outside, join(inp, 'dir-out'));
    symlinkSync('..', join(inp, 'sub', 'loop'));
    symlinkSync(join(base, 'nowhere.txt'), join(inp, 'dangling.txt'));
    const out = join(base, 'out');
    const before = tree(base);
    const r = run(['extract', inp, '--out', out, '--jobs', '2']);
    expect(r.code).toBe(1);
    // nothing changed outside --out
    const after = tree(base);
    for (const k of Object.keys(after)) if (!k.startsWith('out/')) expect(after[k], k).toBe(before[k]);
    expect(Object.keys(after).filter((k) => !k.startsWith('out/') && !(k in before))).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, 'link-out.json'), 'utf8')).error).toEqual({ code: 'outside-root', message: 'a symbolic link to a file outside the input folder; not read' });
    expect(JSON.parse(readFileSync(join(out, 'sub', 'link-in.json'), 'utf8')).kind).toBe('resolution');
    expect(r.stderr).toMatch(/dir-out:1:1 {2}warning {2}a symbolic link out of the input folder; not followed {2}outside-root/);
    expect(r.stderr).toMatch(/dangling\.txt:1:1 {2}warning {2}a symbolic link to nothing; skipped {2}outside-root/);
    expect(r.stderr).toMatch(/manifest\.txt:1:1 {2}error {2}its record would overwrite the output folder's own manifest\.json; not extracted {2}output-collision/);
    expect(r.stderr).toMatch(/a\.txt:1:1 {2}error {2}its record would overwrite the record of a\.md; not extracted {2}output-collision/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.entries)).toEqual(['a.md', 'dataset.jsonl.txt', 'good.txt', 'link-out.txt', 'sub/link-in.txt']);
    expect(readdirSync(out).sort()).toEqual(['.resolex-lines', '.resolex-stat', 'a.json', 'dataset.jsonl', 'dataset.jsonl.json', 'good.json', 'link-out.json', 'manifest.json', 'sub']);
  });

  it('inputs named with ../ or an absolute path land in --out under their own name', () => {
    const base = join(work, 'named');
    mkdirSync(join(base, 'deep', 'er'), { recursive: true });
    cpSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt'), join(base, 'up.txt'));
    cpSync(join(CORPUS, '000_f28d2c598c50b370.txt'), join(base, 'abs.txt'));
    const out = join(base, 'deep', 'er', 'out');
    const r = spawnSync(process.execPath, [BIN, 'extract', '../../up.txt', join(base, 'abs.txt'), '--out', 'out', '--quiet'], { encoding: 'utf8', cwd: join(base, 'deep', 'er') });
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.resolex-lines', '.resolex-stat', 'abs.json', 'dataset.jsonl', 'manifest.json', 'up.json']);
    expect(readdirSync(base).sort()).toEqual(['abs.txt', 'deep', 'up.txt']);
  });

  it('a record that would stand where another needs a folder is reported, and the batch goes on', () => {
    const inp = join(work, 'file-vs-folder');
    mkdirSync(join(inp, 'a.json'), { recursive: true });
    const doc = readFileSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt'));
    writeFileSync(join(inp, 'a.txt'), doc);
    writeFileSync(join(inp, 'a.json', 'x.txt'), doc);
    writeFileSync(join(inp, 'b.txt'), doc);
    const out = join(work, 'file-vs-folder-out');
    const r = run(['extract', inp, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/a\.txt:1:1 {2}error {2}its record would overwrite the record of a\.json\/x\.txt; not extracted {2}output-collision/);
    expect(Object.keys(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).entries)).toEqual(['a.json/x.txt', 'b.txt']);
  });

  it('an input that loses its record name to a new one leaves the record to it, not deleted', () => {
    const inp = join(work, 'taken-over');
    mkdirSync(inp, { recursive: true });
    writeFileSync(join(inp, 'a.txt'), readFileSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt')));
    const out = join(work, 'taken-over-out');
    expect(run(['extract', inp, '--out', out, '--quiet']).code).toBe(0);
    // "a.md" comes first in input order: it takes a.json, and "a.txt" collides
    writeFileSync(join(inp, 'a.md'), readFileSync(join(CORPUS, '000_f28d2c598c50b370.txt')));
    const r = run(['extract', inp, '--out', out]);
    expect(r.stderr).toMatch(/a\.txt:1:1 {2}error {2}its record would overwrite the record of a\.md/);
    expect(JSON.parse(readFileSync(join(out, 'a.json'), 'utf8')).source).toBe('a.md');
    expect(Object.keys(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).entries)).toEqual(['a.md']);
    expect(run(['check', inp, '--out', out]).code).toBe(0);
  });

  /** one input, good.txt, extracted into base/out; then the manifest lists an input gone, `orphan`, with the record `record` */
  function withOrphanListed(name: string, orphan: string, record: string): { base: string; inp: string; out: string } {
    const base = join(work, name);
    const inp = join(base, 'in');
    mkdirSync(inp, { recursive: true });
    cpSync(join(CORPUS, '002_cb8aaed3bd6e14a8.txt'), join(inp, 'good.txt'));
    const out = join(base, 'out');
    expect(run(['extract', inp, '--out', out, '--quiet']).code).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    m.entries[orphan] = { ...m.entries['good.txt'], record };
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(m));
    return { base, inp, out };
  }

  it('a manifest naming a record outside --out cannot make a run delete it', () => {
    const { base, inp, out } = withOrphanListed('tampered', 'gone.txt', '../precious.json');
    writeFileSync(join(base, 'precious.json'), '{}');
    const r = run(['extract', inp, '--out', out]);
    expect(existsSync(join(base, 'precious.json'))).toBe(true);
    expect(r.stderr).toMatch(/gone\.txt:1:1 {2}warning {2}outside-root: '\.\.\/precious\.json' names a place outside the output folder; not removed {2}outside-root/);
  });

  it.each([
    // the record an input has now: kept, wherever the orphan stands in input order
    ['zz-gone.txt', 'good.json', true],
    ['aa-gone.txt', 'good.json', true],
    // a record no input has: removed
    ['zz-gone.txt', 'stale.json', false],
  ])('an orphan %j listed with a record %j not its own: the record stays only if an input has it (%j)', (orphan, record, kept) => {
    const { inp, out } = withOrphanListed(`not-own-${orphan}-${record}`, orphan, record);
    writeFileSync(join(out, 'stale.json'), '{}');
    const r = run(['extract', inp, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/0 extracted, 1 unchanged, 1 removed/);
    expect(existsSync(join(out, record))).toBe(kept);
    expect(Object.keys(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).entries)).toEqual(['good.txt']);
  });
});

describe('signals', { timeout: 180_000 }, () => {
  let big: string;
  let whole: string;
  beforeAll(() => {
    big = join(work, 'sig-in');
    mkdirSync(big);
    for (let i = 0; i < 12; i++) for (const f of readdirSync(CORPUS)) cpSync(join(CORPUS, f), join(big, `${String(i).padStart(2, '0')}-${f}`));
    whole = join(work, 'sig-whole');
    expect(run(['extract', big, '--out', whole, '--jobs', '2', '--quiet']).code).toBe(0);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s stops the run with whole files only, exit %d; a re-run finishes it', async (sig, code) => {
    const out = join(work, `sig-${sig}`);
    const child = spawn(process.execPath, [BIN, 'extract', big, '--out', out, '--jobs', '2', '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const records = () => (existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.json')).length : 0);
    for (let t = 0; t < 400 && records() < 5; t++) await new Promise((r) => setTimeout(r, 25));
    child.kill(sig);
    const exit = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(exit).toBe(code);
    expect(stderr).toMatch(new RegExp(`resolex: stopped by ${sig}: \\d+ documents written, \\d+ left for the next run`));
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of files.filter((x) => x.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(out, f), 'utf8')), f).not.toThrow();
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const done = Object.keys(manifest.entries).length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(60);
    // every document the manifest lists has its record
    for (const e of Object.values<{ record: string }>(manifest.entries)) expect(existsSync(join(out, e.record))).toBe(true);
    const again = run(['extract', big, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`\\(${60 - done} extracted, ${done} unchanged, 0 removed\\)`));
    expect(tree(out)).toEqual(tree(whole));
  });
});

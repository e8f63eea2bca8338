/**
 * writeAtomicLines writes what it is given in order: text lines get their newline, chunks of bytes
 * go as they are, and a producer that refills one buffer for every chunk (as the dataset writer
 * does with the workers' spools) loses nothing to it.
 */
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeAtomicLines, WRITE_BUFFER } from '../pipeline/io.ts';
import { appendLine, INLINE_LINE, runJob, spoolOf } from '../pipeline/job.ts';

type Item = string | { bytes: string };

/** the items, each chunk of bytes handed in the same buffer, refilled */
async function* reusing(items: Item[]): AsyncGenerator<string | Uint8Array> {
  const buf = Buffer.alloc(2 * WRITE_BUFFER);
  for (const item of items) {
    if (typeof item === 'string') yield item;
    else {
      const n = buf.write(item.bytes);
      yield buf.subarray(0, n);
      // what the writer did not write before asking for more would now be overwritten
      buf.fill(0x2a);
    }
  }
}

describe('writeAtomicLines', () => {
  const big = 'x'.repeat(WRITE_BUFFER + 4_464);
  const small: Item[] = Array.from({ length: 150_000 }, (_, i) => (i % 3 ? `text ${i} ${'é'.repeat(i % 7)}` : { bytes: `bytes ${i}\nand ${i}\n` }));
  const cases: [string, Item[], string][] = [
    ['nothing', [], ''],
    ['text lines', ['a', 'é', ''], 'a\né\n\n'],
    ['bytes as they are', [{ bytes: 'a\nb\n' }, { bytes: 'c\n' }], 'a\nb\nc\n'],
    ['text and bytes in turn', ['a', { bytes: 'b\n' }, 'c', { bytes: 'd\ne\n' }, 'f'], 'a\nb\nc\nd\ne\nf\n'],
    ['text past one write buffer, then bytes', [big, big, { bytes: 'z\n' }], `${big}\n${big}\nz\n`],
    ['a chunk larger than the write buffer', ['a', { bytes: `${big}\n` }, 'b'], `a\n${big}\nb\n`],
    // two bytes an é, one the y, one the newline
    ['a text line filling the write buffer exactly', ['é'.repeat(WRITE_BUFFER / 2 - 1) + 'y', 'z'], `${'é'.repeat(WRITE_BUFFER / 2 - 1)}y\nz\n`],
    ['many small lines, text and bytes, across buffers', small, small.map((x) => (typeof x === 'string' ? `${x}\n` : x.bytes)).join('')],
  ];
  it.each(cases)('%s', async (_, items, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-lines-'));
    await writeAtomicLines(join(dir, 'out.jsonl'), reusing(items));
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe(expected);
    // the temporary file is gone
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
  });

  it('a failing producer leaves no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-lines-'));
    async function* failing(): AsyncGenerator<string> {
      yield 'a';
      throw new Error('stopped');
    }
    await expect(writeAtomicLines(join(dir, 'out.jsonl'), failing())).rejects.toThrow('stopped');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('appendLine (a worker spooling its dataset lines)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resolex-append-'));
  it.each([
    ['plain text', '{"a":1}'],
    ['accents and signs (two and three bytes)', '{"t":"Résolution € adoptée"}'],
    ['characters outside the BMP (four bytes, two units)', '{"t":"𝐒ession 😀"}'],
    ['three-byte units filling the buffer to its last byte', '€'.repeat(349_525)],
    ['longer than the buffer takes: written as text', '€'.repeat(349_526)],
    ['an empty line', ''],
  ])('%s', (_name, line) => {
    const path = join(dir, `${_name.length}-${line.length}.spool`);
    const fd = openSync(path, 'a');
    try {
      const first = appendLine(fd, line);
      const second = appendLine(fd, 'next');
      expect(first).toBe(Buffer.byteLength(line) + 1);
      expect(second).toBe(5);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, 'utf8')).toBe(`${line}\nnext\n`);
  });
});

describe('runJob: a short line travels with its result, a long one through the spool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resolex-spool-'));
  const base = join(dir, 'dataset.jsonl');
  // a document to extract whose record's line is as long as asked: a clause, then filler text
  const input = (units: number) => `L'Assemblée générale,\n\nRappelant sa résolution 60/288,\n\n1. Décide ${'de poursuivre. '.repeat(Math.ceil(units / 15))}\n`;
  let offset = 0;
  it.each([
    ['a short record', 2_000, false],
    ['a line of more than INLINE_LINE units', INLINE_LINE + 4_000, true],
    ['a short one after it', 1_000, false],
    ['a second long one, after the first in the spool', INLINE_LINE * 2, true],
  ])('%s', (name, units, spooled) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.txt`);
    writeFileSync(path, input(units));
    const out = { path: `${path}.json`, tmp: `${path}.json.tmp` };
    const res = runJob({ id: 1, source: 'x.txt', path, out, spool: base, minSeverity: 'warning' });
    const line = JSON.stringify(JSON.parse(readFileSync(out.path, 'utf8')));
    expect(line.length > INLINE_LINE).toBe(spooled);
    if (!spooled) {
      expect(res.spooled).toBeUndefined();
      expect(res.line).toBe(line);
      return;
    }
    expect(res.line).toBe('');
    expect(res.spooled).toEqual({ path: spoolOf(base), offset, length: Buffer.byteLength(line) + 1 });
    expect(readFileSync(spoolOf(base)).subarray(offset, offset + res.spooled!.length).toString()).toBe(`${line}\n`);
    offset += res.spooled!.length;
  });
});

/**
 * The dataset writer reads back the lines the workers spooled: each as it was appended, whichever
 * spool it is in and whatever was appended after the block that holds it was read.
 */
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { appendLine } from '../pipeline/job.ts';
import { SpoolReader, type SpooledLine } from '../pipeline/spool-reader.ts';

/** Appends each line to its spool as a worker does; where each went. */
function spool(dir: string, lines: [number, string][]): SpooledLine[] {
  const size = new Map<number, number>();
  return lines.map(([k, line]) => {
    const path = join(dir, `spool.${k}.tmp`);
    const fd = openSync(path, 'a');
    const offset = size.get(k) ?? 0;
    const length = appendLine(fd, line);
    closeSync(fd);
    size.set(k, offset + length);
    return { path, offset, length };
  });
}

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('spool reader', () => {
  // lines of two spools in input order, as two workers take documents in turn
  const alternating: [number, string][] = Array.from({ length: 40 }, (_, i) => [i % 2, `{"n":${i},"t":"${'é'.repeat(i)}"}`]);
  const cases: [string, [number, string][], number, number][] = [
    // name, lines (spool, line), block size, reads expected
    ['two spools in turn, blocks holding them all', alternating, 1 << 20, 2],
    ['two spools in turn, blocks of 200 bytes', alternating, 200, 13],
    ['one spool, lines longer than a block', Array.from({ length: 5 }, (_, i) => [0, 'x'.repeat(300 + i)] as [number, string]), 64, 5],
    ['one spool, one line', [[0, '{}']], 1 << 20, 1],
  ];
  it.each(cases)('%s: each line as appended, in %#', async (_, lines, block, reads) => {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-spool-'));
    const at = spool(dir, lines);
    const r = new SpoolReader(block);
    for (let i = 0; i < at.length; i++) expect(text(r.read(at[i]))).toBe(`${lines[i][1]}\n`);
    expect(r.reads).toBe(reads);
    r.close();
  });

  it('a line appended after its block was read is read anew', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-spool-'));
    const [first] = spool(dir, [[0, 'one']]);
    const r = new SpoolReader(1024);
    expect(text(r.read(first))).toBe('one\n');
    // the block read above ended where the spool did
    const fd = openSync(first.path, 'a');
    const second = { path: first.path, offset: first.length, length: appendLine(fd, 'two') };
    closeSync(fd);
    expect(text(r.read(second))).toBe('two\n');
    expect(text(r.read(first))).toBe('one\n');
    // the first line's block was left for the second's
    expect(r.reads).toBe(3);
    r.close();
  });

  it('a line missing from its spool is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-spool-'));
    const [first] = spool(dir, [[0, 'one']]);
    const r = new SpoolReader();
    expect(() => r.read({ ...first, offset: first.length })).toThrow(/dataset line of a document is missing/);
    r.close();
  });
});

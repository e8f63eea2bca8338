import { describe, expect, it } from 'vitest';
import { extractDocument } from '../pipeline/index.ts';
import { decode } from '../pipeline/read.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('read', () => {
  it.each([
    ['UTF-8', enc('Décide'), 'Décide', 'utf-8'],
    ['UTF-8 with BOM', Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('Décide')]), 'Décide', 'utf-8-bom'],
    ['UTF-16 LE with BOM', Uint8Array.from([0xff, 0xfe, 0x44, 0x00, 0xe9, 0x00]), 'Dé', 'utf-16le'],
    ['Windows-1252', Uint8Array.from([0x44, 0xe9, 0x63, 0x69, 0x64, 0x65]), 'Décide', 'windows-1252'],
    ['CRLF kept', enc('a\r\nb'), 'a\r\nb', 'utf-8'],
  ])('%s', (_name, bytes, text, encoding) => {
    const d = decode(bytes);
    expect(d.text).toBe(text);
    expect(d.encoding).toBe(encoding);
  });

  it.each([
    ['binary', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]), 'not-text'],
    ['empty', new Uint8Array(), 'empty-input'],
    ['white space only', enc('  \n\n '), 'empty-input'],
  ])('%s input gives an error record', (_name, bytes, code) => {
    const r = extractDocument({ source: 'x.txt', bytes });
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.record.error.code).toBe(code);
  });

  // the NUL test reads the view's own bytes, not the memory around it
  const around = Uint8Array.from([0x00, ...enc('Décide que'), 0x00]);
  it.each([
    ['a view between two NULs', around.subarray(1, around.length - 1), 'read'],
    ['a view holding the first NUL', around.subarray(0, 4), 'not-text'],
    ['a view holding the last NUL', around.subarray(5), 'not-text'],
  ])('%s: %s', (_name, bytes, want) => {
    let code = 'read';
    try {
      decode(bytes);
    } catch (e) {
      code = (e as { code: string }).code;
    }
    expect(code).toBe(want);
  });

  // 100 bytes, `n` of them control bytes (more than 5 refuses), as UTF-8, broken UTF-8 and Windows-1252
  const withControls = (n: number, letter: number[]) => Uint8Array.from({ length: 100 }, (_, i) => (i < n ? [0x07, 0x0b, 0x1b][i % 3] : letter[i % letter.length]));
  it.each([
    ['UTF-8, 5 control bytes', true, withControls(5, [0x41])],
    ['UTF-8, 6 control bytes', false, withControls(6, [0x41])],
    ['UTF-8, tabs and line ends only', true, Uint8Array.from({ length: 100 }, (_, i) => [0x09, 0x0a, 0x0c, 0x0d][i % 4])],
    ['broken UTF-8, 5 control bytes', true, Uint8Array.from([...withControls(5, [0x41]).slice(0, 97), 0xc3, 0xa9, 0xc3])],
    ['broken UTF-8, 6 control bytes', false, Uint8Array.from([0xc3, 0x07, 0xc3, 0x07, 0xc3, 0x07, 0xe2, 0x07, 0xe2, 0x07, 0xe2, 0x07, ...enc('é'.repeat(44))])],
    ['Windows-1252, 5 control bytes', true, withControls(5, [0x44, 0xe9])],
    ['Windows-1252, 6 control bytes', false, withControls(6, [0x44, 0xe9])],
  ])('%s: read is %s', (_name, read, bytes) => {
    expect(bytes.length).toBe(100);
    let code = 'read';
    try {
      decode(bytes);
    } catch (e) {
      code = (e as { code: string }).code;
    }
    expect(code).toBe(read ? 'read' : 'not-text');
  });
});

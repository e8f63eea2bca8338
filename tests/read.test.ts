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
});

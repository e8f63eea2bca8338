/**
 * Stage 1, read: bytes → text. UTF-8 with or without BOM, UTF-16 with BOM; Windows-1252 when the
 * bytes are not UTF-8 (with a warning); binary or empty input is refused with a stable code.
 * Line ends are kept as they are (CRLF, CR): spans point into this text.
 */
import { ResolexError } from './diagnostics.ts';
import type { DocState } from './types.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Share of bytes that are control characters other than tab, LF, CR, FF: high in binary files. */
function controlShare(b: Uint8Array): number {
  let n = 0;
  const len = Math.min(b.length, 65536);
  for (let i = 0; i < len; i++) {
    const c = b[i];
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) n++;
  }
  return len ? n / len : 0;
}

export function decode(bytes: Uint8Array): { text: string; encoding: string; replaced: boolean } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', replaced: false };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', replaced: false };
  }
  if (bytes.includes(0) || controlShare(bytes) > 0.05) {
    throw new ResolexError('not-text', 'the input holds NUL or control bytes: not a text document');
  }
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  try {
    return { text: utf8.decode(bytes.subarray(start)), encoding: start ? 'utf-8-bom' : 'utf-8', replaced: false };
  } catch {
    // not UTF-8: legacy single-byte text, as Windows writes it
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252', replaced: true };
  }
}

export function read(doc: DocState): void {
  if (doc.bytes) {
    const { text, encoding, replaced } = decode(doc.bytes);
    doc.raw = text;
    doc.encoding = encoding;
    doc.reporter.setText(text);
    if (replaced) doc.reporter.report('decode-replaced', 'read/encoding', 'the input is not UTF-8; decoded as Windows-1252');
  } else if (doc.raw.charCodeAt(0) === 0xfeff) {
    doc.raw = doc.raw.slice(1);
    doc.reporter.setText(doc.raw);
  }
  if (!/\S/.test(doc.raw)) throw new ResolexError('empty-input', 'the input holds no text');
}

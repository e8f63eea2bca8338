/**
 * Stage 1, read: bytes → text. UTF-8 with or without BOM, UTF-16 LE/BE with BOM; Windows-1252 when
 * the bytes are not UTF-8 (with a warning); UTF-8 with a few broken sequences is kept as UTF-8, the
 * broken bytes replaced by U+FFFD and reported; binary or empty input is refused with a stable code.
 * Line ends are kept as they are (CRLF, CR): spans point into this text.
 */
import { ResolexError } from './diagnostics.ts';
import type { DocState } from './types.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

// A replacement character, as the lenient decoders put it in place of a broken sequence: "a\uFFFDb".
const REPLACEMENT = /\uFFFD/g;
// A character outside ASCII: "é" — evidence that the bytes really are UTF-8 when some decode well.
const NON_ASCII = /[^\u0000-\u007f\uFFFD]/g;

export interface Decoded {
  text: string;
  encoding: string;
  /** the input is not UTF-8 and was read as Windows-1252 */
  legacy: boolean;
  /** broken byte sequences replaced by U+FFFD */
  invalid: number;
}

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

function count(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s)) n++;
  return n;
}

function utf16(bytes: Uint8Array, label: 'utf-16le' | 'utf-16be'): Decoded {
  const body = bytes.subarray(2);
  const text = new TextDecoder(label, { fatal: false, ignoreBOM: true }).decode(body);
  // U+FFFD written in the input is no broken sequence: count the code units the input holds
  let own = 0;
  const [hi, lo] = label === 'utf-16le' ? [1, 0] : [0, 1];
  for (let i = 0; i + 1 < body.length; i += 2) if (body[i + hi] === 0xff && body[i + lo] === 0xfd) own++;
  return { text, encoding: label, legacy: false, invalid: count(REPLACEMENT, text) - own };
}

// A control character other than tab, LF, FF and CR: "\u0007".
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f]/;

export function decode(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 'utf-16be');
  if (holdsNul(bytes)) throw notText();
  const d = decodeBytes(bytes);
  // a control byte reads as itself in UTF-8 and in Windows-1252, broken sequences around it or
  // not: the bytes are counted only when the text holds one (a loop over every byte of every
  // input was ~1% of the pipeline, measured; the pattern runs at native speed)
  if (CONTROL.test(d.text) && controlShare(bytes) > 0.05) throw notText();
  return d;
}

/** A NUL byte, looked for through a Buffer over the same memory: its indexOf is a native search, where the typed array's includes loops (~0.7% of the pipeline, measured). */
function holdsNul(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0) >= 0;
}

function notText(): ResolexError {
  return new ResolexError('not-text', 'the input holds NUL or control bytes: not a text document');
}

/** UTF-8, with or without BOM, else Windows-1252 (the bytes hold no NUL). */
function decodeBytes(bytes: Uint8Array): Decoded {
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const encoding = start ? 'utf-8-bom' : 'utf-8';
  try {
    return { text: utf8.decode(bytes.subarray(start)), encoding, legacy: false, invalid: 0 };
  } catch {
    const text = utf8Lenient.decode(bytes.subarray(start));
    const own = countEncodedReplacements(bytes, start);
    const invalid = count(REPLACEMENT, text) - own;
    // Windows-1252 text almost never holds a valid UTF-8 sequence ("Ã©"): valid ones, not outnumbered
    // by the broken ones, mean damaged UTF-8 (a truncated copy, a flipped byte), kept with the damage
    // reported; otherwise it is legacy single-byte text, as Windows writes it
    const valid = count(NON_ASCII, text);
    if (start || (valid > 0 && 2 * valid >= invalid)) return { text, encoding, legacy: false, invalid };
    return { text: windows1252(bytes), encoding: 'windows-1252', legacy: true, invalid: 0 };
  }
}

/** Windows-1252's letters and signs at 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ' ' " " • – — ˜ ™ š › œ ž Ÿ); undefined bytes stay C1. */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

// A C1 control, as a Latin-1 decoder leaves bytes 0x80–0x9F: "\u0080".
const C1 = /[\u0080-\u009f]/g;

/** Windows-1252, spelled out: some Node builds decode the label as Latin-1, leaving C1 controls for € “ ” … */
function windows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes).replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** U+FFFD written in the input as its three UTF-8 bytes: not a broken sequence. */
function countEncodedReplacements(b: Uint8Array, from: number): number {
  let n = 0;
  for (let i = b.indexOf(0xef, from); i >= 0 && i + 2 < b.length; i = b.indexOf(0xef, i + 1)) if (b[i + 1] === 0xbf && b[i + 2] === 0xbd) n++;
  return n;
}

export function read(doc: DocState): void {
  if (doc.bytes) {
    const { text, encoding, legacy, invalid } = decode(doc.bytes);
    doc.raw = text;
    doc.encoding = encoding;
    doc.reporter.setText(text);
    if (legacy) doc.reporter.report('decode-replaced', 'read/encoding', 'the input is not UTF-8; decoded as Windows-1252');
    if (invalid) {
      const at = text.indexOf('\uFFFD');
      doc.reporter.report('decode-invalid', 'read/invalid-bytes', `${invalid} invalid ${encoding.startsWith('utf-16') ? 'UTF-16' : 'UTF-8'} sequence${invalid > 1 ? 's' : ''} replaced by U+FFFD`, { start: Math.max(0, at), end: Math.max(0, at) + 1 });
    }
  } else if (doc.raw.charCodeAt(0) === 0xfeff) {
    doc.raw = doc.raw.slice(1);
    doc.reporter.setText(doc.raw);
  }
  if (!/\S/.test(doc.raw)) throw new ResolexError('empty-input', 'the input holds no text');
}

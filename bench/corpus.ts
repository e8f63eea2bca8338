/**
 * The scaled corpus of the benchmark: the documents of corpus/, replicated and varied until the
 * corpus reaches a size and a number of documents. Variants differ in their years and numbers,
 * country names, line width, line ends and spaces, so no two files are the same bytes and the
 * extraction cannot take one for another. The same arguments always give the same files.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusSpec {
  /** folder of the documents to replicate */
  from: string;
  /** folder to write the scaled corpus to (emptied first) */
  to: string;
  /** at least this many bytes */
  bytes: number;
  /** and at least this many documents */
  documents: number;
}

export interface CorpusInfo {
  documents: number;
  bytes: number;
  seeds: number;
}

/** mulberry32: a small seeded generator, so the corpus is the same on every machine */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['France', 'Brésil', 'Kenya', 'Japon', 'Canada', 'Maroc', 'Viet Nam', 'Argentine', 'Norvège', 'Sénégal'];

// A year of this century or the last: "2023", "1999"
const YEAR = /\b(19[5-9]\d|20[0-2]\d)\b/g;
// A country name of the list above, as a word: "France"
const COUNTRY = new RegExp(`\\b(?:${COUNTRIES.join('|')})\\b`, 'g');

/** Re-wraps the lines of a paragraph longer than `width` at word boundaries. */
function rewrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width || /^\s/.test(line)) return line;
      const out: string[] = [];
      let cur = '';
      for (const w of line.split(' ')) {
        if (cur && cur.length + 1 + w.length > width) {
          out.push(cur);
          cur = w;
        } else cur = cur ? `${cur} ${w}` : w;
      }
      if (cur) out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}

/** One variant of a document: the variant number decides every change. */
export function vary(text: string, n: number): string {
  const r = rng(n + 1);
  const shift = Math.floor(r() * 7) - 3;
  let t = text.replace(YEAR, (y) => String(Number(y) + shift));
  const swap = COUNTRIES[Math.floor(r() * COUNTRIES.length)];
  t = t.replace(COUNTRY, (c) => (r() < 0.5 ? swap : c));
  if (r() < 0.5) t = rewrap(t, 60 + Math.floor(r() * 50));
  if (r() < 0.3) t = t.replace(/ ([:;?!])/g, '\u00a0$1');
  // a tag line makes every variant unique, as archives' file headers do
  t = `${t.trimEnd()}\n\n${n}\n`;
  if (r() < 0.25) t = t.replace(/\n/g, '\r\n');
  return t;
}

export function buildCorpus(spec: CorpusSpec): CorpusInfo {
  const seeds = readdirSync(spec.from)
    .filter((f) => /\.(txt|md)$/.test(f))
    .sort()
    .map((f) => readFileSync(join(spec.from, f), 'utf8'));
  if (!seeds.length) throw new Error(`bench: no documents in ${spec.from}`);
  if (existsSync(spec.to)) rmSync(spec.to, { recursive: true, force: true });
  let bytes = 0;
  let n = 0;
  while (bytes < spec.bytes || n < spec.documents) {
    // a thousand files a folder, as large archives are laid out
    const dir = join(spec.to, String(Math.floor(n / 1000)).padStart(3, '0'));
    if (n % 1000 === 0) mkdirSync(dir, { recursive: true });
    const doc = Buffer.from(vary(seeds[n % seeds.length], n), 'utf8');
    writeFileSync(join(dir, `doc-${String(n).padStart(6, '0')}.txt`), doc);
    bytes += doc.length;
    n++;
  }
  return { documents: n, bytes, seeds: seeds.length };
}

/**
 * The many-inputs corpus: `count` small documents (the first lines of a variant, some hundred
 * bytes each), a thousand a folder. It measures what grows with the number of inputs rather than
 * with their size: the listing, the plan, the manifest.
 */
export function buildManyInputs(from: string, to: string, count: number): CorpusInfo {
  const seeds = readdirSync(from)
    .filter((f) => /\.(txt|md)$/.test(f))
    .sort()
    .map((f) => readFileSync(join(from, f), 'utf8'));
  if (!seeds.length) throw new Error(`bench: no documents in ${from}`);
  if (existsSync(to)) rmSync(to, { recursive: true, force: true });
  let bytes = 0;
  for (let n = 0; n < count; n++) {
    const dir = join(to, String(Math.floor(n / 1000)).padStart(3, '0'));
    if (n % 1000 === 0) mkdirSync(dir, { recursive: true });
    const v = vary(seeds[n % seeds.length], n);
    const doc = Buffer.from(`${v.slice(0, SMALL_INPUT)}\n\n${n}\n`, 'utf8');
    writeFileSync(join(dir, `input-${String(n).padStart(7, '0')}.txt`), doc);
    bytes += doc.length;
  }
  return { documents: count, bytes, seeds: seeds.length };
}
/** characters of a variant a small input keeps */
const SMALL_INPUT = 400;

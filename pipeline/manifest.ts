/**
 * What a run keeps about its inputs between runs, read and written as streams, in input-path
 * order: a run over hundreds of thousands of inputs never holds one of these files whole, as a
 * string or as a parsed object.
 *
 * - `<out>/manifest.json`: per input, its content hash, record, language and the hashes of the
 *   rules it was extracted with. Plain JSON, laid out one entry a line (so a reviewer's diff shows
 *   one line per changed input):
 *
 *       {
 *         "resolex": "1",
 *         "code": "5f0c…",
 *         "entries": {
 *           "un/A_RES_77_20.txt": {"sha256":"…","record":"un/A_RES_77_20.json","language":"fr","rules":"…","ok":true},
 *           …
 *         }
 *       }
 *
 *   A manifest laid out otherwise (edited by hand, written by an older version) is still read,
 *   whole, once; the run writes it back in this layout.
 * - `<out>/.resolex-stat`: what each input's file looked like (size, times, inode) when it was last
 *   hashed; this machine's alone. A line each; a line that does not read ends what is taken from it
 *   (the rest of the inputs are hashed: it is a cache).
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { byPath, writeAtomicLines, MANIFEST, STAT_CACHE } from './io.ts';
import { FORMAT_VERSION } from './schema.ts';

export interface ManifestEntry {
  sha256: string;
  record: string;
  language: string;
  rules: string;
  ok: boolean;
}

export interface ManifestHead {
  resolex: string;
  code: string;
}

/** A manifest ready to be read: its head, and its entries in input-path order. */
export interface ManifestSource {
  head: ManifestHead;
  entries: () => AsyncIterable<[string, ManifestEntry]>;
}

/** The lines of a file, streamed. */
async function* linesOf(path: string): AsyncGenerator<string> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    yield* rl;
  } finally {
    // left before the end (a cache line that does not read): the file is closed now, not at exit
    rl.close();
    input.destroy();
  }
}

// The lines of the layout written here, each with an example:
/** `  "resolex": "1",` */
const HEAD_FORMAT = /^ {2}"resolex": ("[^"\\]*"),$/;
/** `  "code": "5f0c…",` */
const HEAD_CODE = /^ {2}"code": ("[^"\\]*"),$/;
/** `    "a.txt": {"sha256":"…","record":"a.json","language":"fr","rules":"…","ok":true},` — the key is
 * a JSON string (escapes allowed), the value has no nested object */
const ENTRY_LINE = /^ {4}("(?:[^"\\]|\\.)*"): (\{[^{}]*\}),?$/;

class Layout extends Error {}

/** Strings that repeat in every entry (languages, rules hashes) kept once. */
export function interner(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    const t = seen.get(s);
    if (t !== undefined) return t;
    seen.set(s, s);
    return s;
  };
}

function entryOf(v: unknown, intern: (s: string) => string): ManifestEntry | null {
  const e = v as ManifestEntry;
  if (!e || typeof e !== 'object' || typeof e.sha256 !== 'string' || typeof e.record !== 'string' || typeof e.language !== 'string' || typeof e.rules !== 'string' || typeof e.ok !== 'boolean') return null;
  return { sha256: e.sha256, record: e.record, language: intern(e.language), rules: intern(e.rules), ok: e.ok };
}

/** The entries of a manifest in this module's layout; throws Layout at the first line that is not. */
async function* laidOut(path: string, check: boolean): AsyncGenerator<[string, ManifestEntry] | ManifestHead> {
  const intern = interner();
  let state: 'open' | 'format' | 'code' | 'entries' | 'close' | 'end' | 'done' = 'open';
  let head: Partial<ManifestHead> = {};
  let last: string | null = null;
  for await (const line of linesOf(path)) {
    switch (state) {
      case 'open':
        if (line !== '{') throw new Layout();
        state = 'format';
        continue;
      case 'format': {
        const m = HEAD_FORMAT.exec(line);
        if (!m) throw new Layout();
        head.resolex = JSON.parse(m[1]) as string;
        state = 'code';
        continue;
      }
      case 'code': {
        const m = HEAD_CODE.exec(line);
        if (!m) throw new Layout();
        head.code = JSON.parse(m[1]) as string;
        yield head as ManifestHead;
        state = 'entries';
        continue;
      }
      case 'entries':
        if (line === '  "entries": {}') state = 'end';
        else if (line === '  "entries": {') state = 'close';
        else throw new Layout();
        continue;
      case 'close': {
        if (line === '  }') {
          state = 'end';
          continue;
        }
        const m = ENTRY_LINE.exec(line);
        if (!m) throw new Layout();
        let rel: unknown;
        let entry: ManifestEntry | null;
        try {
          rel = JSON.parse(m[1]);
          entry = entryOf(JSON.parse(m[2]), intern);
        } catch {
          throw new Layout();
        }
        // entries must come in input-path order, once each: the run merges them with its listing
        if (typeof rel !== 'string' || !entry || (last !== null && byPath(last, rel) >= 0)) throw new Layout();
        last = rel;
        if (!check) yield [rel, entry];
        continue;
      }
      case 'end':
        if (line !== '}') throw new Layout();
        state = 'done';
        continue;
      case 'done':
        if (line !== '') throw new Layout();
    }
  }
  if (state !== 'done') throw new Layout();
}

/**
 * The manifest of `out`, or null when there is none, it does not parse, or it is of another
 * format version (every input then counts as new). Entries come in input-path order.
 */
export async function openManifest(out: string): Promise<ManifestSource | null> {
  const path = join(out, MANIFEST);
  // a first pass checks the layout, holding nothing: a manifest cut short or edited by hand is
  // found out before the run relies on its order
  let head: ManifestHead | null = null;
  try {
    for await (const x of laidOut(path, true)) if (!Array.isArray(x)) head = x;
  } catch (e) {
    // none, or unreadable: every input counts as new
    if (!(e instanceof Layout)) return null;
    return wholeManifest(path);
  }
  if (!head || head.resolex !== FORMAT_VERSION) return null;
  return {
    head,
    async *entries() {
      for await (const x of laidOut(path, false)) if (Array.isArray(x)) yield x;
    },
  };
}

/** A manifest in another layout, parsed whole (once: the run writes it back line by line). */
async function wholeManifest(path: string): Promise<ManifestSource | null> {
  let m: { resolex?: unknown; code?: unknown; entries?: unknown };
  try {
    m = JSON.parse(await readFile(path, 'utf8')) as typeof m;
  } catch {
    return null;
  }
  if (!m || m.resolex !== FORMAT_VERSION || typeof m.code !== 'string' || !m.entries || typeof m.entries !== 'object') return null;
  const intern = interner();
  const list: [string, ManifestEntry][] = [];
  for (const [rel, v] of Object.entries(m.entries as Record<string, unknown>)) {
    const e = entryOf(v, intern);
    if (e) list.push([rel, e]);
  }
  list.sort(([a], [b]) => byPath(a, b));
  return {
    head: { resolex: m.resolex, code: m.code },
    async *entries() {
      yield* list;
    },
  };
}

/** Writes the manifest, atomically, from entries given in input-path order. */
export async function writeManifest(out: string, head: ManifestHead, entries: Iterable<[string, ManifestEntry]> | AsyncIterable<[string, ManifestEntry]>): Promise<void> {
  async function* lines(): AsyncGenerator<string> {
    yield '{';
    yield `  "resolex": ${JSON.stringify(head.resolex)},`;
    yield `  "code": ${JSON.stringify(head.code)},`;
    let prev: string | null = null;
    for await (const [rel, e] of entries) {
      if (prev === null) yield '  "entries": {';
      else yield prev + ',';
      prev = `    ${JSON.stringify(rel)}: ${JSON.stringify({ sha256: e.sha256, record: e.record, language: e.language, rules: e.rules, ok: e.ok })}`;
    }
    if (prev === null) yield '  "entries": {}';
    else {
      yield prev;
      yield '  }';
    }
    yield '}';
  }
  await writeAtomicLines(join(out, MANIFEST), lines());
}

/** size, mtime, ctime, inode of an input's file, and the content hash it had then */
export type StatEntry = [size: number, mtimeMs: number, ctimeMs: number, ino: number, sha256: string];

/** The stat cache: when it was written (0 when there is none), and its entries in input-path order. */
export async function openStatCache(out: string): Promise<{ written: number; entries: AsyncIterable<[string, StatEntry]> }> {
  const path = join(out, STAT_CACHE);
  let written = 0;
  try {
    // the head line alone: a small read, not the file
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(STAT_HEAD_MAX);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      const line = buf.toString('utf8', 0, bytesRead).split('\n', 1)[0];
      const h = JSON.parse(line) as { resolexStat?: unknown; written?: unknown };
      if (h && h.resolexStat === STAT_FORMAT && typeof h.written === 'number') written = h.written;
    } finally {
      await fh.close();
    }
  } catch {
    // no cache, or not one this version reads
  }
  async function* entries(): AsyncGenerator<[string, StatEntry]> {
    if (!written) return;
    let last: string | null = null;
    let first = true;
    try {
      for await (const line of linesOf(path)) {
        if (first) {
          first = false;
          continue;
        }
        const v = JSON.parse(line) as unknown[];
        if (!Array.isArray(v) || v.length !== 6 || typeof v[0] !== 'string' || typeof v[5] !== 'string' || !v.slice(1, 5).every((n) => typeof n === 'number')) return;
        if (last !== null && byPath(last, v[0]) >= 0) return;
        last = v[0];
        yield [v[0], v.slice(1) as StatEntry];
      }
    } catch {
      // a broken line: the inputs past it are hashed
    }
  }
  return { written, entries: entries() };
}
/** the longest head line of a stat cache */
const STAT_HEAD_MAX = 256;
const STAT_FORMAT = 1;

/** Writes the stat cache, atomically, from entries given in input-path order. */
export async function writeStatCache(out: string, entries: Iterable<[string, StatEntry]> | AsyncIterable<[string, StatEntry]>): Promise<void> {
  async function* lines(): AsyncGenerator<string> {
    yield JSON.stringify({ resolexStat: STAT_FORMAT, written: Date.now() });
    for await (const [rel, s] of entries) yield JSON.stringify([rel, ...s]);
  }
  await writeAtomicLines(join(out, STAT_CACHE), lines());
}

/**
 * Reads a sorted stream of [key, value] alongside a sorted walk of keys: `take(key)` gives the
 * value at `key`, if any, and hands the keys passed over to `passed` (awaited, when it gives a promise). Keys must be asked in order.
 */
export class SortedCursor<T> {
  private head: [string, T] | null | undefined;
  private readonly it: AsyncIterator<[string, T]>;

  constructor(source: AsyncIterable<[string, T]>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async peek(): Promise<[string, T] | null> {
    if (this.head === undefined) {
      const r = await this.it.next();
      this.head = r.done ? null : r.value;
    }
    return this.head;
  }

  async take(key: string, passed?: (key: string, value: T) => unknown): Promise<T | undefined> {
    for (let h = await this.peek(); h; h = await this.peek()) {
      const c = byPath(h[0], key);
      if (c > 0) return undefined;
      this.head = undefined;
      if (c === 0) return h[1];
      await passed?.(h[0], h[1]);
    }
    return undefined;
  }

  /** done with the stream: its file is closed */
  async close(): Promise<void> {
    await this.it.return?.(undefined);
  }

  /** every key left, handed to `passed` */
  async rest(passed: (key: string, value: T) => unknown): Promise<void> {
    for (let h = await this.peek(); h; h = await this.peek()) {
      this.head = undefined;
      await passed(h[0], h[1]);
    }
  }
}

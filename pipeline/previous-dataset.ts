/**
 * The previous run's dataset.jsonl as the source of the lines of documents that have not changed.
 * A run that extracts a few new documents out of thousands writes the dataset again, and each
 * unchanged document's line was made by reading its record file, parsing and serializing it: one
 * new document among the 10,000 of the bench corpus took ~8.5 s, nearly all of it there. The
 * lines are now copied from the old dataset as they are, read in one pass alongside the inputs
 * (both are in input-path order).
 *
 * A line is taken only when it is the one the record would give. `<out>/.resolex-lines`, written
 * after each dataset, names the dataset file it describes (size, modification time, inode) and
 * the code and rules its lines were made with; the line's own source and input hash must be the
 * document's, and the rules its manifest entry names those of the line. Anything else (no such
 * file, a dataset written since, a stopped run that extracted some documents with other rules
 * and wrote no dataset) falls back to the record file. Extraction being deterministic, the same
 * input, code and rules make the same line.
 */
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { byPath, writeAtomic, DATASET, LINES_INDEX } from './io.ts';
import { FORMAT_VERSION } from './schema.ts';
import type { ManifestEntry } from './manifest.ts';

const INDEX_FORMAT = 1;

interface LinesIndex {
  resolexLines: number;
  dataset: { size: number; mtimeMs: number; ino: number };
  code: string;
  /** language → the hash of the rules its lines were made with ('und' included) */
  rules: Record<string, string>;
}

/** Notes, beside a dataset just written, what its lines were made with. */
export async function writeLinesIndex(out: string, code: string, rules: Record<string, string>): Promise<void> {
  const s = await stat(join(out, DATASET));
  const index: LinesIndex = { resolexLines: INDEX_FORMAT, dataset: { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino }, code, rules };
  await writeAtomic(join(out, LINES_INDEX), `${JSON.stringify(index)}\n`);
}

/**
 * Whether `.resolex-lines` says the last dataset was made with this code and these rules, every
 * language's the same. A run writes it with rules it has loaded and compiled, or with the very
 * rules the index it found already named: rules the same to the byte need no checking again
 * before a run that may extract nothing.
 */
export async function madeWith(out: string, code: string, rules: Record<string, string>): Promise<boolean> {
  const index = await readLinesIndex(out, code);
  if (!index) return false;
  const had = Object.keys(index.rules);
  return had.length === Object.keys(rules).length && had.every((lang) => index.rules[lang] === rules[lang]);
}

/** `.resolex-lines` when it reads, in this format, and names this code; else null. */
async function readLinesIndex(out: string, code: string): Promise<LinesIndex | null> {
  let index: LinesIndex;
  try {
    index = JSON.parse(await readFile(join(out, LINES_INDEX), 'utf8')) as LinesIndex;
  } catch {
    return null;
  }
  if (index?.resolexLines !== INDEX_FORMAT || index.code !== code || typeof index.rules !== 'object' || index.rules === null) return null;
  return index;
}

/** how much of the old dataset is read at once (a longer line grows the buffer) */
const CHUNK = 1 << 20;
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** how every record line starts, up to its source's opening quote: {"resolex":"1","source":" */
const PREFIX = Buffer.from(`{"resolex":${JSON.stringify(FORMAT_VERSION)},"source":"`);
/** what follows the source: ,"sha256":" then 64 hexadecimal digits and a quote */
const SHA_PREFIX = Buffer.from(',"sha256":"');
/** what follows the source of an input that could not be read: ,"sha256":null */
const NO_SHA = Buffer.from(',"sha256":null');
/** a hash as records write it: "e85d604a027101c603d041f96b0cc7c7ca186a5b70ead9fa95e8dfc01e775a60" */
const SHA256 = /^[0-9a-f]{64}$/;

export class PreviousDataset {
  private buf = Buffer.allocUnsafe(CHUNK);
  /** the unread bytes are buf[start, end) */
  private start = 0;
  private end = 0;
  private eof = false;
  /** the line at `start`: its end (the newline's place), source and input hash ('' for none); null when not read yet */
  private head: { end: number; source: string; sha256: string } | null = null;
  /** a line that does not read as a record ends what is taken from the file */
  private broken = false;

  private constructor(
    private readonly fh: FileHandle,
    private readonly rules: Record<string, string>,
  ) {}

  /** The old dataset, when `.resolex-lines` describes it and it was made by this code; else null. */
  static async open(out: string, code: string): Promise<PreviousDataset | null> {
    const index = await readLinesIndex(out, code);
    if (!index?.dataset) return null;
    let fh: FileHandle;
    try {
      fh = await open(join(out, DATASET), 'r');
    } catch {
      return null;
    }
    const s = await fh.stat();
    const d = index.dataset;
    if (s.size !== d.size || s.mtimeMs !== d.mtimeMs || s.ino !== d.ino) {
      await fh.close();
      return null;
    }
    return new PreviousDataset(fh, index.rules);
  }

  /**
   * The old line of the input `rel` (with its newline) when it is still its line, else null. Lines
   * of inputs before `rel` are passed over: inputs must be asked in input-path order. The bytes
   * are valid until the next call.
   */
  async take(rel: string, entry: ManifestEntry): Promise<Uint8Array | null> {
    for (;;) {
      const h = await this.peek();
      if (!h) return null;
      const c = byPath(h.source, rel);
      if (c > 0) return null;
      const line = this.buf.subarray(this.start, h.end + 1);
      this.start = h.end + 1;
      this.head = null;
      if (c < 0) continue;
      return h.sha256 !== '' && h.sha256 === entry.sha256 && this.rules[entry.language] === entry.rules ? line : null;
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  private async peek(): Promise<PreviousDataset['head']> {
    if (this.head || this.broken) return this.head;
    let nl = this.buf.indexOf(NEWLINE, this.start);
    while (nl < 0 || nl >= this.end) {
      if (this.eof) return null;
      try {
        await this.fill();
      } catch {
        // the old dataset cannot be read on: the rest of the lines come from the record files
        this.broken = true;
        return null;
      }
      nl = this.buf.indexOf(NEWLINE, this.start);
    }
    const h = readHead(this.buf, this.start, nl);
    if (!h) this.broken = true;
    this.head = h;
    return h;
  }

  /** more of the file after the unread bytes, moved to the buffer's start (a buffer twice as large when they fill it) */
  private async fill(): Promise<void> {
    const left = this.end - this.start;
    const target = left === this.buf.length ? Buffer.allocUnsafe(2 * this.buf.length) : this.buf;
    this.buf.copy(target, 0, this.start, this.end);
    this.buf = target;
    this.start = 0;
    this.end = left;
    const { bytesRead } = await this.fh.read(this.buf, this.end, this.buf.length - this.end, null);
    if (bytesRead === 0) this.eof = true;
    this.end += bytesRead;
  }
}

/** The source and input hash at the head of the record line buf[from, nl); null when it does not start as records do. */
function readHead(buf: Buffer, from: number, nl: number): { end: number; source: string; sha256: string } | null {
  if (nl - from < PREFIX.length || buf.compare(PREFIX, 0, PREFIX.length, from, from + PREFIX.length) !== 0) return null;
  // the source's closing quote: the first quote not escaped
  let i = from + PREFIX.length;
  while (i < nl && buf[i] !== QUOTE) i += buf[i] === BACKSLASH ? 2 : 1;
  if (i >= nl) return null;
  let source: string;
  try {
    source = JSON.parse(buf.toString('utf8', from + PREFIX.length - 1, i + 1)) as string;
  } catch {
    return null;
  }
  const at = i + 1;
  // an input that could not be read has no hash: its line is never taken, and the next ones may be
  if (nl - at >= NO_SHA.length && buf.compare(NO_SHA, 0, NO_SHA.length, at, at + NO_SHA.length) === 0) return { end: nl, source, sha256: '' };
  if (nl - at < SHA_PREFIX.length + 65 || buf.compare(SHA_PREFIX, 0, SHA_PREFIX.length, at, at + SHA_PREFIX.length) !== 0) return null;
  const sha256 = buf.toString('latin1', at + SHA_PREFIX.length, at + SHA_PREFIX.length + 64);
  if (!SHA256.test(sha256) || buf[at + SHA_PREFIX.length + 64] !== QUOTE) return null;
  return { end: nl, source, sha256 };
}

/**
 * One document's extraction as the batch runner sees it: bytes in, record JSON and counts out.
 * Every document runs here, in a worker thread, whatever the number of jobs, so the output is the
 * same for any --jobs.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { dirname } from 'node:path';
import { extractDocument, formatDiagnostics } from './index.ts';
import { sha256 } from './emit.ts';
import { toJson } from './io.ts';
import { FORMAT_VERSION } from './schema.ts';

export interface JobRequest {
  id: number;
  source: string;
  /** the input's bytes, or (for runJob) the file to read them from */
  bytes?: Uint8Array;
  path?: string;
  /** where runJob writes the record: first to `tmp`, then renamed to `path` */
  out?: { path: string; tmp: string };
  /** runJob appends the record's line, when longer than INLINE_LINE, to a file of its own thread beside this path (see spoolOf) */
  spool?: string;
  rulesDir?: string;
  minSeverity: 'info' | 'warning' | 'error';
  /** the document's time budget in milliseconds, counted from when its extraction starts */
  budgetMs?: number;
  /** the input's hash, for an error record made outside the extraction (a worker stopped) */
  sha256?: string;
}

export interface JobResult {
  id: number;
  ok: boolean;
  /** the record file's text */
  json: string;
  /** the record on one line, for dataset.jsonl */
  line: string;
  language: string;
  messages: string;
  counts: { clauses: number; references: number; entities: number; warnings: number };
  error?: { code: string; message: string };
  /** the hash of the bytes extracted (from the record), and their size (set by runJob) */
  sha256?: string;
  size?: number;
  /** set by runJob: the input could not be read (the record is then not written) */
  unreadable?: boolean;
  /** set by runJob: the record is written (and `json` left empty), or why it could not be */
  written?: boolean;
  writeError?: string;
  /** set by runJob with `spool` for a line longer than INLINE_LINE: where the line (with its newline) was appended, `line` left empty */
  spooled?: { path: string; offset: number; length: number };
}

/** What a worker posts once it has started (its code loaded, its rules compiled), before any result. */
export const READY = 'ready';

/**
 * This thread's spool beside `base` ("dataset.jsonl.spool.<pid>.<thread>.tmp"): a temporary file,
 * removed by the run, or as a leftover by the next. Named apart from writeAtomic's temporary files
 * ("dataset.jsonl.<pid>.<n>.tmp"), whose counter would otherwise meet a thread's number.
 */
export function spoolOf(base: string): string {
  return `${base}.spool.${process.pid}.${threadId}.tmp`;
}

/** folders this thread has made for records, or found made: one mkdir each, not one a document */
const madeDirs = new Set<string>();

/**
 * A line up to this many UTF-16 units travels with its result instead of through the spool: the
 * main thread's read of a spooled line cost ~35-50 µs whatever its length when it was one
 * asynchronous read (spool-reader.ts now reads synchronously, by blocks), more than taking a short
 * line from the message and encoding it; a long line costs less to read as bytes than to encode.
 * Measured with the asynchronous reads: 20,000 inputs of a few hundred bytes, --jobs 2: the main
 * thread's dataset writer 1.08 → 0.14 s of processor time; 3,000 documents of ~13 KB (lines of
 * ~30 KB): 1.50 s in all with every line spooled, 1.69 s with none. The main thread holds such
 * lines for at most its window of documents ahead of the dataset writer (64, or 8 a job: 1 MB for
 * 64).
 */
export const INLINE_LINE = 8192;

/** bytes appended so far to each spool of this thread */
const spoolSize = new Map<string, number>();
const brokenSpools = new Set<string>();

/**
 * A document end to end in a worker thread: read, extracted, its record written in place. The
 * main thread then handles no document's bytes or record, only its line for dataset.jsonl, so
 * jobs run side by side without waiting on it, and its memory stays small whatever the corpus.
 */
export function runJob(req: JobRequest): JobResult {
  let bytes = req.bytes;
  if (!bytes) {
    try {
      // read as it is: a copy would be one more buffer outside the heap, which the collector counts
      bytes = readFileSync(req.path!);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return { ...failedJob(req, 'unreadable', `the input cannot be read: ${err.code ?? err.message}`), unreadable: true };
    }
  }
  const res = extractOne({ ...req, bytes });
  // the record holds the input's hash already: the bytes are not hashed twice
  res.sha256 ??= sha256(bytes);
  res.size = bytes.length;
  if (req.out) {
    try {
      const dir = dirname(req.out.path);
      if (!madeDirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        madeDirs.add(dir);
      }
      writeFileSync(req.out.tmp, res.json);
      renameSync(req.out.tmp, req.out.path);
      res.written = true;
      res.json = '';
    } catch (e) {
      rmSync(req.out.tmp, { force: true });
      res.writeError = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    }
  }
  const path = req.spool ? spoolOf(req.spool) : null;
  if (path && res.written && res.line.length > INLINE_LINE && !brokenSpools.has(path)) {
    // the line goes to disk here, not through the main thread: it only learns where it is
    let fd = -1;
    try {
      const offset = spoolSize.get(path) ?? 0;
      fd = openSync(path, 'a');
      const length = appendLine(fd, res.line);
      spoolSize.set(path, offset + length);
      res.spooled = { path, offset, length };
      res.line = '';
    } catch {
      // a part may have been written: offsets past it would be wrong, so this spool is given up
      // and lines travel with their results from now on
      brokenSpools.add(path);
    } finally {
      if (fd >= 0) closeSync(fd);
    }
  }
  return res;
}

/**
 * Lines up to this many UTF-16 units are encoded into one buffer kept by the thread: a unit takes
 * at most 3 bytes in UTF-8, so the line and its newline always fit (1 MB of buffer).
 */
const LINE_BUFFER_UNITS = 349_525;
let lineBuffer: Buffer | null = null;

/**
 * Writes the line and its newline at the end of the file; its length in bytes. A line is encoded
 * once, into the thread's buffer, and written in one call: measuring its UTF-8 length apart cost
 * ~2.5 % of a worker, and the newline a second call. A longer line is written as text, its length
 * measured: a buffer for it would hold memory outside the heap for one document. A short write
 * throws: the offsets of what follows would be wrong.
 */
export function appendLine(fd: number, line: string): number {
  let length: number;
  let written: number;
  if (line.length <= LINE_BUFFER_UNITS) {
    lineBuffer ??= Buffer.allocUnsafe(LINE_BUFFER_UNITS * 3 + 1);
    const n = lineBuffer.write(line, 0, 'utf8');
    lineBuffer[n] = 0x0a;
    length = n + 1;
    written = writeSync(fd, lineBuffer, 0, length);
  } else {
    length = Buffer.byteLength(line) + 1;
    written = writeSync(fd, line) + writeSync(fd, '\n');
  }
  if (written !== length) throw new Error('short write');
  return length;
}

export function extractOne(req: JobRequest & { bytes: Uint8Array }): JobResult {
  const deadline = req.budgetMs === undefined ? undefined : Date.now() + req.budgetMs;
  const r = extractDocument({ source: req.source, bytes: req.bytes, rulesDir: req.rulesDir, deadline });
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning').length;
  const messages = formatDiagnostics(req.source, r.diagnostics, req.minSeverity);
  if (r.ok) {
    const rec = r.record;
    return {
      id: req.id,
      ok: true,
      json: toJson(rec),
      line: JSON.stringify(rec),
      sha256: rec.sha256,
      language: rec.language,
      messages,
      counts: { clauses: rec.preamble.length + rec.operative.length, references: rec.references.length, entities: rec.entities.length, warnings },
    };
  }
  return {
    id: req.id,
    ok: false,
    json: toJson(r.record),
    line: JSON.stringify(r.record),
    sha256: r.record.sha256 ?? undefined,
    language: 'und',
    messages,
    counts: { clauses: 0, references: 0, entities: 0, warnings },
    error: r.record.error,
  };
}

/** The result for a document that gives an error record without being extracted (too large, outside the input root, stopped). */
export function failedJob(req: Pick<JobRequest, 'id' | 'source'>, code: string, message: string, sha256: string | null = null): JobResult {
  const record = { resolex: FORMAT_VERSION, source: req.source, sha256, error: { code, message } };
  return { id: req.id, ok: false, json: toJson(record), line: JSON.stringify(record), language: 'und', messages: '', counts: { clauses: 0, references: 0, entities: 0, warnings: 0 }, error: record.error };
}

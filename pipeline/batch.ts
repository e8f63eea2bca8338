/**
 * The batch runner behind `resolex extract` and `resolex check`.
 *
 * `<out>/manifest.json` records, per input, its content hash, the language it was read in and the
 * hashes of the code and of that language's rules. A run extracts only inputs that are new or
 * changed, or whose code or rules changed, removes the records of inputs that are gone, and
 * rebuilds `<out>/dataset.jsonl` (every record, one a line, in input-path order) when anything
 * changed. Every file is written atomically; the manifest last, so a run stopped midway is
 * finished by the next.
 */
import { open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { byPath, inputPath, listInputs, outputName, outputPath, tempName, writeAtomic, writeAtomicLines, RESERVED_OUTPUTS, DATASET, type InputFile } from './io.ts';
import { codeHash, rulesHash } from './provenance.ts';
import { failedJob, type JobResult } from './job.ts';
import { ResolexError } from './diagnostics.ts';
import { Pool } from './pool.ts';
import { collectGarbage } from './memory.ts';
import { FORMAT_VERSION } from './schema.ts';
import { interner, openManifest, openStatCache, writeManifest, writeStatCache, SortedCursor, type ManifestEntry, type ManifestHead, type StatEntry } from './manifest.ts';

export type { ManifestEntry } from './manifest.ts';

export interface BatchOptions {
  inputs: string[];
  out: string;
  jobs: number;
  force: boolean;
  rulesDir?: string;
  minSeverity: 'info' | 'warning' | 'error';
  /** inputs larger than this get a `too-large` error record without being read */
  maxBytes?: number;
  /** per-document time budget in milliseconds: past it, a `time-budget` error record */
  budgetMs?: number;
  /** aborted on SIGINT/SIGTERM: no new document starts, the manifest records what was done */
  signal?: AbortSignal;
  /** messages about documents, and progress */
  log: (line: string) => void;
  progress?: (done: number, total: number, bytes: number) => void;
}

export interface BatchSummary {
  documents: number;
  extracted: number;
  unchanged: number;
  removed: number;
  failed: number;
  clauses: number;
  references: number;
  entities: number;
  warnings: number;
  bytes: number;
  seconds: number;
  /** documents left undone because the run was stopped */
  skipped: number;
  interrupted: boolean;
}

/** Default of --max-bytes: far above any real resolution, far below what would strain memory. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** Default of --time-budget, per document: real documents take milliseconds. */
export const DEFAULT_BUDGET_MS = 30_000;


async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** a file changed this close to the stat cache's writing may have changed unseen within one tick */
const RACY_MS = 2000;

export interface PlannedInput extends InputFile {
  /** the record's name under --out */
  record: string;
  /** modification and change times and inode at planning, for the stat cache (with `size`); ino is -1 when there was no stat */
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** the hash was computed this run, not taken from the stat cache */
  hashed: boolean;
  size: number;
  /** the content hash, or for an input refused unread, `<code>:<size>` */
  sha256: string;
  reason: 'new' | 'changed' | 'code' | 'rules' | 'missing' | 'forced' | null;
  /** the input's entry in the manifest found */
  old?: ManifestEntry;
  /** its entry in the manifest this run writes: the old one while unchanged, a new one once extracted */
  entry?: ManifestEntry;
}

export interface Plan {
  inputs: PlannedInput[];
  /** manifest entries of inputs gone (or no longer given a record), in input-path order */
  orphans: [string, ManifestEntry][];
  /** inputs whose output name another input (or the output folder's own files) already takes ("a.txt" and "a.md") */
  collisions: { rel: string; with: string }[];
  /** inputs that cannot be given a record: their name leaves the output folder */
  unsafe: { rel: string; message: string }[];
  /** lines about inputs skipped while listing (links out of the input folder) */
  warnings: string[];
  code: string;
  /** the head of the manifest found, null if none was */
  head: ManifestHead | null;
  /** records of orphans that an input of this run now has (they are not removed) */
  takenOver: Set<string>;
}

/** What a run has to do: which inputs are stale (and why), which records are orphaned. */
export async function plan(inputs: string[], out: string, force: boolean, rulesDir?: string, maxBytes = DEFAULT_MAX_BYTES): Promise<Plan> {
  const warnings: string[] = [];
  const files = await listInputs(inputs, (line) => warnings.push(line));
  // the manifest and the stat cache are read alongside the listing, all three in input-path order
  const manifest = await openManifest(out);
  const cache = await openStatCache(out);
  const code = codeHash(rulesDir);
  const io = pLimit(16);
  const taken = new Map<string, string>([...RESERVED_OUTPUTS].map((n) => [n, `the output folder's own ${n}`]));
  const collisions: Plan['collisions'] = [];
  /** folders of --out that records need, with the first input needing each */
  const folders = new Map<string, string>();
  const unsafe: Plan['unsafe'] = [];
  /** the record name of each kept input: the same strings as the keys of `taken` */
  const names: string[] = [];
  const kept = files.filter((f) => {
    let o: string;
    try {
      o = outputName(f.rel);
    } catch (e) {
      unsafe.push({ rel: f.rel, message: (e as Error).message });
      return false;
    }
    // a record may not stand where another needs a folder: "a.txt" → a.json, "a.json/x.txt" → a.json/x.json
    const parents = o.split('/').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('/'));
    const other = taken.get(o) ?? folders.get(o) ?? parents.map((d) => taken.get(d)).find(Boolean);
    if (other) {
      collisions.push({ rel: f.rel, with: other });
      return false;
    }
    taken.set(o, f.rel);
    names.push(o);
    for (const d of parents) if (!folders.has(d)) folders.set(d, f.rel);
    return true;
  });
  const planOne = (f: InputFile, record: string, e: ManifestEntry | undefined, c: StatEntry | undefined) =>
    io(async (): Promise<PlannedInput> => {
      // refused inputs are never read: their identity is what refused them
      let refused = f.refused;
      let st: Awaited<ReturnType<typeof stat>> | null = null;
      try {
        if (!refused) st = await stat(inputPath(f));
      } catch (e) {
        refused = unreadable(e);
      }
      const size = st ? st.size : 0;
      if (!refused && size > maxBytes) refused = { code: 'too-large', message: `the input is ${size} bytes, over the limit of ${maxBytes} (--max-bytes)` };
      const same = !!(!refused && st && c && c[0] === st.size && c[1] === st.mtimeMs && c[2] === st.ctimeMs && c[3] === st.ino && st.mtimeMs < cache.written - RACY_MS);
      // an input extracted anyway (forced, or new) is hashed from the bytes the extraction reads
      const unread = !refused && !same && (force || !e);
      let hash = '';
      if (refused) hash = `${refused.code}:${size}`;
      else if (same) hash = c![4];
      else if (!unread) {
        try {
          hash = await hashFile(inputPath(f));
        } catch (err) {
          refused = unreadable(err);
          hash = `${refused.code}:${size}`;
        }
      }
      let reason: Plan['inputs'][number]['reason'] = null;
      if (force) reason = 'forced';
      else if (!e) reason = 'new';
      else if (e.sha256 !== hash) reason = 'changed';
      else if (manifest!.head.code !== code) reason = 'code';
      else if (e.rules !== rulesHash(e.language, rulesDir)) reason = 'rules';
      else if (!(await exists(join(out, e.record)))) reason = 'missing';
      // strings held already, when equal, are not kept twice: memory grows with the number of inputs
      if (e && hash === e.sha256) hash = e.sha256;
      if (e && e.record === record) e.record = record;
      // every field named here, in this order: all planned inputs then share one shape
      return { root: f.root, rel: f.rel, refused, record, size, mtimeMs: st ? st.mtimeMs : 0, ctimeMs: st ? st.ctimeMs : 0, ino: st ? st.ino : -1, hashed: !refused && !same && !unread, sha256: hash, reason, old: e, entry: reason ? undefined : e };
    });
  // in slices: a promise and a closure for every input at once added ~9 MB per 10,000 inputs to the
  // peak memory of a re-run (measured on the bench corpus: 137 MB, 128 MB in slices)
  const planned: PlannedInput[] = [];
  const old = manifest ? new SortedCursor(manifest.entries()) : null;
  const cached = new SortedCursor(cache.entries);
  const orphans: Plan['orphans'] = [];
  const orphan = (rel: string, e: ManifestEntry) => void orphans.push([rel, e]);
  try {
    for (let i = 0; i < kept.length; i += PLAN_SLICE) {
      const slice = kept.slice(i, i + PLAN_SLICE);
      const found: [ManifestEntry | undefined, StatEntry | undefined][] = [];
      for (const f of slice) found.push([await old?.take(f.rel, orphan), await cached.take(f.rel)]);
      planned.push(...(await Promise.all(slice.map((f, k) => planOne(f, names[i + k], ...found[k])))));
    }
    await old?.rest(orphan);
  } finally {
    await old?.close();
    await cached.close();
  }
  // the few orphans whose record an input now takes, rather than every record name: the map of
  // them all is not kept past planning
  const takenOver = new Set(orphans.filter(([, e]) => taken.has(e.record)).map(([, e]) => e.record));
  return { inputs: planned, orphans, collisions, unsafe, warnings, code, head: manifest?.head ?? null, takenOver };
}

/** inputs planned at once */
const PLAN_SLICE = 256;

/** A file that vanished or may not be read (permissions): an error record, not a stopped batch. */
function unreadable(e: unknown): { code: string; message: string } {
  const err = e as NodeJS.ErrnoException;
  return { code: 'unreadable', message: `the input cannot be read: ${err.code ?? err.message}` };
}

/** sha256 of a file, read as a stream: memory stays flat whatever its size. */
function hashFile(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => res(h.digest('hex')))
      .on('error', rej);
  });
}

// A temporary file of writeAtomic: "x.json.1234.5.tmp" (pid, counter).
const LEFTOVER = /\.\d+\.\d+\.tmp$/;

/** Temporary files a stopped run left behind ("x.json.1234.5.tmp"): never whole, always safe to remove. */
async function removeLeftovers(dir: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await removeLeftovers(p);
    else if (LEFTOVER.test(e.name)) await rm(p, { force: true });
  }
}

export async function runBatch(opts: BatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  await removeLeftovers(opts.out);
  const p = await plan(opts.inputs, opts.out, opts.force, opts.rulesDir, opts.maxBytes);
  // planning's garbage goes now, before the run keeps the heap busy for its whole length
  collectGarbage();
  const sum: BatchSummary = { documents: p.inputs.length, extracted: 0, unchanged: 0, removed: 0, failed: 0, clauses: 0, references: 0, entities: 0, warnings: 0, bytes: 0, seconds: 0, skipped: 0, interrupted: false };
  for (const w of p.warnings) opts.log(w);
  for (const c of p.collisions) {
    opts.log(`${c.rel}:1:1  error  its record would overwrite ${c.with.startsWith("the output folder's") ? c.with : `the record of ${c.with}`}; not extracted  output-collision`);
    sum.failed++;
  }
  for (const u of p.unsafe) {
    opts.log(`${u.rel}:1:1  error  ${u.message}; not extracted  outside-root`);
    sum.failed++;
  }
  // the inputs to extract, and their places in input order (the dataset's order)
  const todo: PlannedInput[] = [];
  const todoAt: number[] = [];
  p.inputs.forEach((f, i) => {
    if (f.reason) todo.push(f), todoAt.push(i);
  });
  sum.unchanged = p.inputs.length - todo.length;
  const signal = opts.signal;
  // every document goes to a worker thread, even with --jobs 1: only there can a runaway be stopped
  const pool = todo.some((f) => !f.refused) ? new Pool(Math.max(1, Math.min(opts.jobs, todo.length)), workerLimits(opts.jobs), {}) : null;

  // documents in flight: each worker runs one and holds the next, and the main thread finishes a
  // third (its line, its manifest entry) meanwhile
  const lanes = Math.max(2, opts.jobs * 2);
  const writes = pLimit(8);
  let done = 0;
  // languages come back from the workers as new strings each time: kept once in the entries
  const language = interner();
  // dataset.jsonl is written while the documents are extracted, in input order, from the lines
  // the workers make; a document finished ahead of its turn waits in `window`, and no document
  // starts more than WINDOW places ahead of the writer, so memory stays bounded
  const needDataset = todo.length > 0 || p.orphans.length > 0 || !p.head || !(await exists(join(opts.out, DATASET)));
  // a document's line, made by whichever of its lane and the writer asks first; the writer drops it
  // once written, so the map holds no more than the documents between the writer and the lanes
  const lineOf = new Map<string, Deferred<Line | null>>();
  let linesClosed = false;
  const lineFor = (rel: string): Deferred<Line | null> => {
    let d = lineOf.get(rel);
    if (!d) {
      lineOf.set(rel, (d = deferred<Line | null>()));
      // past the end of the run, a document not done has no line
      if (linesClosed) d.resolve(null);
    }
    return d;
  };
  const closeLines = () => {
    linesClosed = true;
    for (const d of lineOf.values()) d.resolve(null);
  };
  const spoolBase = join(opts.out, DATASET);
  const spools = new Map<string, FileHandle>();
  const readSpooled = async (at: { path: string; offset: number; length: number }): Promise<Uint8Array> => {
    let fh = spools.get(at.path);
    if (!fh) spools.set(at.path, (fh = await open(at.path, 'r')));
    const buf = Buffer.allocUnsafe(at.length);
    const { bytesRead } = await fh.read(buf, 0, at.length, at.offset);
    if (bytesRead !== at.length) throw new Error(`the dataset line of a document is missing from ${at.path}`);
    return buf;
  };
  const gate = new Gate(Math.max(WINDOW, opts.jobs * 8));
  async function* datasetLines(): AsyncGenerator<string | Uint8Array> {
    // lines that follow one another in a spool are read together: a worker spools the documents it
    // runs in turn, which are mostly neighbours in input order (with one job, all of them)
    let run: { path: string; offset: number; length: number } | null = null;
    for (const f of p.inputs) {
      if (f.reason) {
        const line = await lineFor(f.rel).promise;
        // written once: the line must not stay reachable through its promise
        lineOf.delete(f.rel);
        // the run stopped before this document: no dataset this time
        if (line === null) throw new Interrupted();
        if (typeof line !== 'string') {
          if (run && run.path === line.path && run.offset + run.length === line.offset && run.length + line.length <= SPOOL_READ) run.length += line.length;
          else {
            if (run) yield await readSpooled(run);
            run = { ...line };
          }
        } else if (line !== NO_RECORD) {
          // a document whose record could not be written has no line
          if (run) yield await readSpooled(run);
          run = null;
          yield line;
        }
      } else {
        if (run) yield await readSpooled(run);
        run = null;
        yield JSON.stringify(JSON.parse(await readFile(outputPath(opts.out, f.entry!.record), 'utf8')));
      }
      gate.advance();
    }
    if (run) yield await readSpooled(run);
  }
  // a stopped run writes no dataset: the writer and the documents waiting for it are let go
  const stop = () => {
    closeLines();
    gate.open();
    void pool?.close();
  };
  signal?.addEventListener('abort', stop, { once: true });
  const dataset = needDataset ? writeAtomicLines(join(opts.out, DATASET), datasetLines()).then(() => true, (e) => (e instanceof Interrupted ? false : Promise.reject(e))) : Promise.resolve(false);
  /** documents finished, written or not: the others were left undone by a signal */
  let settled = 0;
  try {
    const runDocument = async (f: PlannedInput, id: number) => {
      if (needDataset) await gate.wait(todoAt[id]);
      if (signal?.aborted) return;
      let res: JobResult | null;
      let hash = f.sha256;
      let size = 0;
      const record = f.record;
      const target = outputPath(opts.out, record);
      if (f.refused) res = failedJob({ id, source: f.rel }, f.refused.code, f.refused.message);
      else {
        // the worker reads the input and writes the record itself
        const tmp = tempName(target);
        res = await pool!.run({ id, source: f.rel, path: inputPath(f), out: { path: target, tmp }, spool: needDataset ? spoolBase : undefined, rulesDir: opts.rulesDir, minSeverity: opts.minSeverity, budgetMs: opts.budgetMs, sha256: f.sha256 || undefined });
        // a worker stopped midway (a signal, the time budget, a crash) may leave its temporary file
        if (!res?.written) await rm(tmp, { force: true });
        if (res?.unreadable) {
          f.refused = { code: res.error!.code, message: res.error!.message };
          hash = `${f.refused.code}:${f.size}`;
        } else if (res?.sha256) {
          // the hash of what was extracted, should the file have changed since it was planned;
          // the stat cache learns it (it may have held a stale or wrong hash)
          size = res.size!;
          if (res.sha256 !== f.sha256) Object.assign(f, { sha256: res.sha256, hashed: true });
          // the planned string when it is the same hash: kept once
          hash = f.sha256;
        }
      }
      if (!res) return;
      settled++;
      try {
        if (res.writeError) throw Object.assign(new Error(res.writeError), { code: res.writeError });
        if (!res.written) await writes(() => writeAtomic(target, res.json));
      } catch (e) {
        // a folder where the record goes, a full disk: this document fails, the others go on
        sum.failed++;
        opts.log(`${f.rel}:1:1  error  its record cannot be written: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}  write-failed`);
        if (needDataset) lineFor(f.rel).resolve(NO_RECORD);
        return;
      }
      const lang = language(res.language);
      f.entry = { sha256: hash, record, language: lang, rules: rulesHash(lang, opts.rulesDir), ok: res.ok };
      f.old = undefined;
      done++;
      if (needDataset) lineFor(f.rel).resolve(res.spooled ?? res.line);
      sum.extracted++;
      sum.bytes += size;
      sum.clauses += res.counts.clauses;
      sum.references += res.counts.references;
      sum.entities += res.counts.entities;
      sum.warnings += res.counts.warnings;
      if (res.messages) opts.log(res.messages);
      if (!res.ok) {
        sum.failed++;
        opts.log(`${f.rel}:1:1  error  ${res.error!.message}  ${res.error!.code}`);
      }
      opts.progress?.(done, todo.length, sum.bytes);
    };
    // a few lanes take the documents in input order: a promise for every document at once held
    // memory in proportion to the corpus
    let next = 0;
    const lane = async () => {
      while (next < todo.length && !signal?.aborted) {
        const id = next++;
        await runDocument(todo[id], id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(lanes, todo.length) }, lane));
  } finally {
    signal?.removeEventListener('abort', stop);
    // what was not done will not be: the dataset writer stops at the first of them
    closeLines();
    gate.open();
    await pool?.close();
  }
  let datasetWritten: boolean;
  try {
    datasetWritten = await dataset;
  } finally {
    for (const fh of spools.values()) await fh.close().catch(() => undefined);
    await removeSpools(opts.out);
  }
  for (const f of p.inputs) if (!f.reason && !f.old!.ok) sum.failed++;
  sum.skipped = todo.length - settled;
  if (sum.skipped) {
    // stopped midway: what was not done keeps its old entry (stale, so the next run redoes it),
    // and records of deleted inputs stay listed until a whole run removes them
    sum.interrupted = true;
    await writeManifest(opts.out, { resolex: FORMAT_VERSION, code: p.code }, inPathOrder(p.inputs, p.orphans, (f) => f.entry ?? f.old));
    sum.seconds = (performance.now() - t0) / 1000;
    return sum;
  }
  for (const [rel, e] of p.orphans) {
    try {
      // an input that gave its place to another ("a.txt", then "a.md" added) leaves the record to it
      if (!p.takenOver.has(e.record)) await rm(outputPath(opts.out, e.record), { force: true });
    } catch (e) {
      if (!(e instanceof ResolexError)) throw e;
      opts.log(`${rel}:1:1  warning  ${e.message}; not removed  outside-root`);
    }
    sum.removed++;
  }
  if (needDataset) {
    if (!datasetWritten) throw new Error('dataset.jsonl was not written although every document was done');
    await writeManifest(opts.out, { resolex: FORMAT_VERSION, code: p.code }, inPathOrder(p.inputs, [], (f) => f.entry));
  }
  if (p.inputs.some((f) => f.hashed) || p.orphans.length) await writeStatCache(opts.out, statEntries(p.inputs));
  sum.seconds = (performance.now() - t0) / 1000;
  return sum;
}

/** The entries a manifest lists: the inputs' (as `pick` gives them) and the orphans', merged in input-path order. */
function* inPathOrder(inputs: PlannedInput[], orphans: Plan['orphans'], pick: (f: PlannedInput) => ManifestEntry | undefined): Generator<[string, ManifestEntry]> {
  let o = 0;
  for (const f of inputs) {
    while (o < orphans.length && byPath(orphans[o][0], f.rel) < 0) yield orphans[o++];
    const e = pick(f);
    if (e) yield [f.rel, e];
  }
  while (o < orphans.length) yield orphans[o++];
}

function* statEntries(inputs: PlannedInput[]): Generator<[string, StatEntry]> {
  for (const f of inputs) if (f.ino >= 0 && !f.refused) yield [f.rel, [f.size, f.mtimeMs, f.ctimeMs, f.ino, f.sha256]];
}

/**
 * Each worker's heap: enough for documents of several megabytes, small enough that V8 collects
 * early and a run's memory stays flat (measured with npm run bench: two jobs over 10,000 documents
 * stay under 300 MB; V8's defaults took them past 400). A document that needs more runs again
 * alone with V8's own limits (see Pool).
 *
 * The young generation, where a document's short-lived objects are made and collected, shares a
 * fixed budget between the workers: fewer workers, each with more of it, collect less often
 * (measured with npm run bench: one job with 48 MB ran ~9% faster than with 24), for the same
 * peak memory.
 */
export function workerLimits(jobs: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: Math.max(MIN_YOUNG_MB, Math.floor(YOUNG_BUDGET_MB / Math.max(1, jobs))) };
}
const YOUNG_BUDGET_MB = 48;
const MIN_YOUNG_MB = 16;

/** the most bytes of spooled lines read at once */
const SPOOL_READ = 1 << 20;

/** documents that may be finished ahead of the dataset writer */
const WINDOW = 64;
/** the line of a document whose record could not be written */
const NO_RECORD = '';

/** a document's dataset line: itself, or where its worker spooled it */
type Line = string | { path: string; offset: number; length: number };

/** The spools of this run's workers (dataset.jsonl.<pid>.<thread>.tmp): read, or of no use. */
async function removeSpools(out: string): Promise<void> {
  const prefix = `${DATASET}.${process.pid}.`;
  let names: string[] = [];
  try {
    names = await readdir(out);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(prefix) && n.endsWith('.tmp')) await rm(join(out, n), { force: true });
}

class Interrupted extends Error {}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets a document at input position k start once the dataset writer is less than `size` behind it. */
class Gate {
  private passed = 0;
  private waiting: { at: number; go: () => void }[] = [];
  private opened = false;

  constructor(private readonly size: number) {}

  wait(at: number): Promise<void> {
    if (this.opened || at < this.passed + this.size) return Promise.resolve();
    return new Promise((go) => this.waiting.push({ at, go }));
  }

  advance(): void {
    this.passed++;
    this.waiting = this.waiting.filter((w) => (w.at < this.passed + this.size ? (w.go(), false) : true));
  }

  /** the run is over: nobody waits any more */
  open(): void {
    this.opened = true;
    for (const w of this.waiting) w.go();
    this.waiting = [];
  }
}

export interface CheckResult {
  missing: string[];
  stale: { rel: string; reason: string }[];
  orphaned: string[];
}

/** What `resolex check` reports: nothing is written. */
export async function checkOutputs(inputs: string[], out: string, rulesDir?: string, maxBytes?: number): Promise<CheckResult> {
  const p = await plan(inputs, out, false, rulesDir, maxBytes);
  const missing: string[] = [];
  const stale: CheckResult['stale'] = [];
  for (const f of p.inputs) {
    if (f.reason === 'new' || f.reason === 'missing') missing.push(f.rel);
    else if (f.reason) stale.push({ rel: f.rel, reason: f.reason });
  }
  return { missing, stale, orphaned: p.orphans.map(([rel]) => rel) };
}

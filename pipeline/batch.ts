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
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { inputPath, inputsInOrder, StatPace, outputName, outputPath, tempName, writeAtomic, writeAtomicLines, RESERVED_OUTPUTS, DATASET, MANIFEST, type InputFile } from './io.ts';
import { RecordClaims, isOwnRecord } from './claims.ts';
import { Spill } from './spill.ts';
import { tee } from './tee.ts';
import { codeHash, rulesHash } from './provenance.ts';
import { failedJob, type JobResult } from './job.ts';
import { ResolexError } from './diagnostics.ts';
import { Pool } from './pool.ts';
import { compileAllRules } from './rules/compile.ts';
import { availableLanguages, loadAllRules, type LanguageRules } from './rules/load.ts';
import { PreviousDataset, madeWith, writeLinesIndex } from './previous-dataset.ts';
import { SpoolReader, type SpooledLine } from './spool-reader.ts';
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
  /** items of the plan kept in memory before it goes to disk (default 10,000; 0 puts every plan on disk) */
  spillAfter?: number;
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
}

/**
 * One item of a plan, in input-path order: an input, with its place among the inputs (`at`) and,
 * when it is to be extracted, among those (`todo`, else -1); or an orphan, the manifest entry of an
 * input gone or no longer given a record.
 */
export type PlanItem = { input: PlannedInput; at: number; todo: number } | { orphan: string; entry: ManifestEntry };

export interface Plan {
  /** inputs given a record */
  documents: number;
  /** inputs to extract, and of those the ones to read (not refused unread) */
  todo: number;
  toRead: number;
  orphans: number;
  /** inputs whose hash was computed while planning */
  hashed: number;
  /** unchanged inputs whose record is an error record */
  failedUnchanged: number;
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
  /** records of orphans whose names are not their paths' (a manifest edited, or of another version): whether an input has one is found by reading the plan again */
  unsure: Set<string>;
}

/**
 * What a run has to do: which inputs are stale (and why), which records are orphaned. The items
 * go to `emit` in input-path order as they are planned, a slice at a time: nothing here holds a
 * list of the inputs, so memory stays flat whatever their number.
 */
export async function plan(inputs: string[], out: string, force: boolean, rulesDir: string | undefined, maxBytes: number, emit: (item: PlanItem) => void | Promise<void>): Promise<Plan> {
  const warnings: string[] = [];
  // the manifest and the stat cache are read alongside the listing, all three in input-path order
  const manifest = await openManifest(out);
  const cache = await openStatCache(out);
  const code = codeHash(rulesDir);
  const io = pLimit(16);
  const pace = new StatPace();
  const claims = new RecordClaims(new Map([...RESERVED_OUTPUTS].map((n) => [n, `the output folder's own ${n}`])));
  const p: Plan = { documents: 0, todo: 0, toRead: 0, orphans: 0, hashed: 0, failedUnchanged: 0, collisions: [], unsafe: [], warnings, code, head: manifest?.head ?? null, takenOver: claims.takenOver, unsure: new Set() };
  const planOne = (f: InputFile, record: string, e: ManifestEntry | undefined, c: StatEntry | undefined) =>
    io(async (): Promise<PlannedInput> => {
      // refused inputs are never read: their identity is what refused them
      let refused = f.refused;
      let st: Awaited<ReturnType<typeof stat>> | null = null;
      try {
        if (!refused) st = await pace.stat(inputPath(f));
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
      let reason: PlannedInput['reason'] = null;
      if (force) reason = 'forced';
      else if (!e) reason = 'new';
      else if (e.sha256 !== hash) reason = 'changed';
      else if (manifest!.head.code !== code) reason = 'code';
      else if (e.rules !== rulesHash(e.language, rulesDir)) reason = 'rules';
      else if (!(await pace.exists(join(out, e.record)))) reason = 'missing';
      // every field named here, in this order: all planned inputs then share one shape
      return { root: f.root, rel: f.rel, refused, record, size, mtimeMs: st ? st.mtimeMs : 0, ctimeMs: st ? st.ctimeMs : 0, ino: st ? st.ino : -1, hashed: !refused && !same && !unread, sha256: hash, reason, old: e };
    });
  // planned a slice at a time, in order: a promise and a closure for every input at once added ~9 MB
  // per 10,000 inputs to the peak memory of a re-run (measured on the bench corpus: 137 MB, 128 MB in slices)
  type Pending = { f: InputFile; record: string; e: ManifestEntry | undefined; c: StatEntry | undefined };
  let slice: (Pending | PlanItem)[] = [];
  const flush = async () => {
    const items = slice;
    slice = [];
    const planned = await Promise.all(items.map((x) => ('f' in x ? planOne(x.f, x.record, x.e, x.c) : null)));
    for (let k = 0; k < items.length; k++) {
      const input = planned[k];
      if (!input) {
        await emit(items[k] as PlanItem);
        continue;
      }
      const todo = input.reason ? p.todo++ : -1;
      if (input.reason && !input.refused) p.toRead++;
      if (input.hashed) p.hashed++;
      if (!input.reason && !input.old!.ok) p.failedUnchanged++;
      await emit({ input, at: p.documents++, todo });
    }
  };
  const push = async (x: Pending | PlanItem) => {
    slice.push(x);
    if (slice.length >= PLAN_SLICE) await flush();
  };
  const orphan = async (rel: string, e: ManifestEntry) => {
    if (!claims.orphan(rel, e.record)) p.unsure.add(e.record);
    p.orphans++;
    await push({ orphan: rel, entry: e });
  };
  const old = manifest ? new SortedCursor(manifest.entries()) : null;
  const cached = new SortedCursor(cache.entries);
  try {
    for await (const f of inputsInOrder(inputs, (line) => warnings.push(line))) {
      // the orphans before this input are handed over first: claims are made in input-path order
      const e = await old?.take(f.rel, orphan);
      let record: string | null = null;
      try {
        record = outputName(f.rel);
        if (!isOwnRecord(f.rel, record)) throw new ResolexError('outside-root', `'${f.rel}' is not a plain path: its record would be named otherwise`);
      } catch (err) {
        p.unsafe.push({ rel: f.rel, message: (err as Error).message });
      }
      if (record !== null) {
        const other = claims.claim(f.rel, record);
        if (other) {
          p.collisions.push({ rel: f.rel, with: other });
          record = null;
        }
      }
      if (record === null) {
        // an input given no record is gone as far as the manifest goes
        if (e) await orphan(f.rel, e);
        continue;
      }
      await push({ f, record, e, c: await cached.take(f.rel) });
    }
    await old?.rest(orphan);
    claims.end();
    await flush();
  } finally {
    await old?.close();
    await cached.close();
  }
  return p;
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

/** Every language's rules hash, and 'und' for documents of no recognised language. */
function currentRulesHashes(rulesDir: string | undefined): Record<string, string> {
  const rules: Record<string, string> = { und: rulesHash('und', rulesDir) };
  for (const lang of availableLanguages(rulesDir)) rules[lang] = rulesHash(lang, rulesDir);
  return rules;
}

export async function runBatch(opts: BatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  // every document goes to a worker thread, even with --jobs 1: only there can a runaway be stopped.
  // A worker takes ~0.5 s of processor time to load its code and compile its rules, done while this
  // thread loads its own and plans: the first starts at once when every input is to be extracted
  // (a first run, a forced one), else when planning finds the first document to read; the others
  // as planning finds enough bytes to repay their start (see WORKER_BYTES), up to --jobs
  let pool: Pool | null = null;
  // a bad rule file stops the run here, before any worker starts; workers compile the rules as
  // this thread has loaded and validated them, without reading the files again. What compiling
  // adds to loading (patterns made from other rules) is checked too, before any document is sent.
  // Rules the last dataset was made with, to the byte and by this code, are loaded only once a
  // document is to be extracted: a re-run of the bench corpus that extracts nothing took
  // 1.06-1.26 s instead of 1.45-1.51 s
  let rules: LanguageRules[] | null = null;
  let checked = false;
  const loadRules = () => (rules ??= loadAllRules(opts.rulesDir));
  const checkRules = () => {
    if (!checked) compileAllRules(opts.rulesDir);
    checked = true;
  };
  const workers = (bytes: number) => {
    pool ??= new Pool(0, workerLimits(opts.jobs), {}, opts.rulesDir, loadRules());
    pool.grow(workerCount(bytes, opts.jobs));
    checkRules();
  };
  const first = opts.force || !(await exists(join(opts.out, MANIFEST)));
  const checkedBefore = !first && (await madeWith(opts.out, codeHash(opts.rulesDir), currentRulesHashes(opts.rulesDir)));
  if (!checkedBefore) loadRules();
  try {
    if (first) workers(0);
    if (!checkedBefore) checkRules();
    await removeLeftovers(opts.out);
    await mkdir(opts.out, { recursive: true });
    // the plan goes to disk as it is made, and is read back as the run goes: the documents to run,
    // the dataset and the manifest, each in input-path order
    const planned = await Spill.create<PlanItem>(join(opts.out, PLAN_SPILL), opts.spillAfter);
    /** what became of each document extracted, in input-path order, as the dataset writer passed it */
    const outcomes = await Spill.create<[number, Outcome]>(join(opts.out, OUTCOME_SPILL), opts.spillAfter);
    try {
      let bytesToRead = 0;
      const p = await plan(opts.inputs, opts.out, opts.force, opts.rulesDir, opts.maxBytes ?? DEFAULT_MAX_BYTES, (item) => {
        if ('input' in item && item.todo >= 0 && !item.input.refused) workers((bytesToRead += item.input.size));
        return planned.append(item);
      });
      await planned.close();
      // planning's garbage goes now, before the run keeps the heap busy for its whole length
      collectGarbage();
      if (!p.toRead && pool) {
        const idle: Pool = pool;
        pool = null;
        await idle.close();
      }
      return await run(opts, p, planned, outcomes, t0, pool);
    } finally {
      await planned.remove();
      await outcomes.remove();
    }
  } finally {
    await (pool as Pool | null)?.close();
  }
}

/** What became of a document extracted: its dataset line, its manifest entry (none if its record could not be written), and what the stat cache learns. */
interface Outcome {
  line: Line;
  entry: ManifestEntry | null;
  sha256: string;
  hashed: boolean;
  refused: InputFile['refused'] | null;
}

/**
 * Bytes of input to read that repay one more worker's start: a worker extracts ~5 MB/s once
 * started, and its start (code and rules, ~0.5 s of processor time) is taken from the others when
 * the cores are busy; with less than this much to read, one worker finishes sooner alone.
 */
export const WORKER_BYTES = 4 * 1024 * 1024;

/** Workers for a run with `bytes` of input to read: one, and one more per WORKER_BYTES, up to `jobs`. */
export function workerCount(bytes: number, jobs: number): number {
  return Math.max(1, Math.min(jobs, 1 + Math.floor(bytes / WORKER_BYTES)));
}

/** `pool` has one worker, and one more per WORKER_BYTES to read, up to --jobs; null when nothing is to be read. */
async function run(opts: BatchOptions, p: Plan, planned: Spill<PlanItem>, outcomes: Spill<[number, Outcome]>, t0: number, pool: Pool | null): Promise<BatchSummary> {
  const sum: BatchSummary = { documents: p.documents, extracted: 0, unchanged: p.documents - p.todo, removed: 0, failed: p.failedUnchanged, clauses: 0, references: 0, entities: 0, warnings: 0, bytes: 0, seconds: 0, skipped: 0, interrupted: false };
  for (const w of p.warnings) opts.log(w);
  for (const c of p.collisions) {
    opts.log(`${c.rel}:1:1  error  its record would overwrite ${c.with.startsWith("the output folder's") ? c.with : `the record of ${c.with}`}; not extracted  output-collision`);
    sum.failed++;
  }
  for (const u of p.unsafe) {
    opts.log(`${u.rel}:1:1  error  ${u.message}; not extracted  outside-root`);
    sum.failed++;
  }
  const signal = opts.signal;

  // documents in flight: each worker runs one and holds the next, and the main thread finishes a
  // third (its line, its manifest entry) meanwhile
  const lanes = Math.max(2, opts.jobs * 2);
  const writes = pLimit(8);
  let done = 0;
  /** documents whose new hash the stat cache must learn */
  let rehashed = 0;
  // languages come back from the workers as new strings each time: kept once in the entries
  const language = interner();
  // dataset.jsonl is written while the documents are extracted, in input order, from the lines
  // the workers make; a document finished ahead of its turn waits in `window`, and no document
  // starts more than WINDOW places ahead of the writer, so memory stays bounded
  const needDataset = p.todo > 0 || p.orphans > 0 || !p.head || !(await exists(join(opts.out, DATASET)));
  // a document's outcome, made by whichever of its lane and the writer asks first; the writer drops
  // it once written, so the map holds no more than the documents between the writer and the lanes
  const lineOf = new Map<string, Deferred<Outcome | null>>();
  let linesClosed = false;
  const lineFor = (rel: string): Deferred<Outcome | null> => {
    let d = lineOf.get(rel);
    if (!d) {
      lineOf.set(rel, (d = deferred<Outcome | null>()));
      // past the end of the run, a document not done has no line
      if (linesClosed) d.resolve(null);
    }
    return d;
  };
  /** a document is done: its outcome is kept even when the writer was let go first (a stopped run) */
  const settle = (rel: string, outcome: Outcome) => {
    const d = lineFor(rel);
    d.value = outcome;
    d.resolve(outcome);
  };
  const closeLines = () => {
    linesClosed = true;
    for (const d of lineOf.values()) d.resolve(null);
  };
  const spoolBase = join(opts.out, DATASET);
  const spools = new SpoolReader();
  const gate = new Gate(Math.max(WINDOW, opts.jobs * 8));
  const previous = needDataset && p.head ? await PreviousDataset.open(opts.out, p.code) : null;
  async function* datasetLines(): AsyncGenerator<string | Uint8Array> {
    for await (const item of planned.read()) {
      if (!('input' in item)) continue;
      const f = item.input;
      if (f.reason) {
        const o = await lineFor(f.rel).promise;
        // the run stopped before this document: no dataset this time (and the document, should it
        // finish all the same, leaves its outcome where the manifest will look for it)
        if (o === null) throw new Interrupted();
        // written once: the outcome must not stay reachable through its promise
        lineOf.delete(f.rel);
        await outcomes.append([item.at, { ...o, line: NO_RECORD }]);
        const line = o.line;
        // a spooled line is read with the ones its worker spooled after it (spool-reader.ts); a
        // document whose record could not be written has no line
        if (typeof line !== 'string') yield spools.read(line);
        else if (line !== NO_RECORD) yield line;
      } else {
        // an unchanged document: its line in the previous dataset, else made from its record file
        yield (await previous?.take(f.rel, f.old!)) ?? JSON.stringify(JSON.parse(await readFile(outputPath(opts.out, f.old!.record), 'utf8')));
      }
      gate.advance();
    }
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
    const runDocument = async (f: PlannedInput, id: number, at: number) => {
      if (needDataset) await gate.wait(at);
      if (signal?.aborted) return;
      let res: JobResult | null;
      let hash = f.sha256;
      let hashed = f.hashed;
      let refused = f.refused ?? null;
      let size = 0;
      const record = f.record;
      const target = outputPath(opts.out, record);
      if (refused) res = failedJob({ id, source: f.rel }, refused.code, refused.message);
      else {
        // the worker reads the input and writes the record itself
        const tmp = tempName(target);
        res = await pool!.run({ id, source: f.rel, path: inputPath(f), out: { path: target, tmp }, spool: needDataset ? spoolBase : undefined, rulesDir: opts.rulesDir, minSeverity: opts.minSeverity, budgetMs: opts.budgetMs, sha256: f.sha256 || undefined });
        // a worker stopped midway (a signal, the time budget, a crash) may leave its temporary file
        if (!res?.written) await rm(tmp, { force: true });
        if (res?.unreadable) {
          refused = { code: res.error!.code, message: res.error!.message };
          hash = `${refused.code}:${f.size}`;
        } else if (res?.sha256) {
          // the hash of what was extracted, should the file have changed since it was planned;
          // the stat cache learns it (it may have held a stale or wrong hash)
          size = res.size!;
          if (res.sha256 !== f.sha256) {
            hash = res.sha256;
            hashed = true;
            rehashed++;
          }
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
        if (needDataset) settle(f.rel, { line: NO_RECORD, entry: null, sha256: hash, hashed, refused });
        return;
      }
      const lang = language(res.language);
      const entry: ManifestEntry = { sha256: hash, record, language: lang, rules: rulesHash(lang, opts.rulesDir), ok: res.ok };
      done++;
      if (needDataset) settle(f.rel, { line: res.spooled ?? res.line, entry, sha256: hash, hashed, refused });
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
      opts.progress?.(done, p.todo, sum.bytes);
    };
    // a few lanes take the documents in input order from the plan on disk: a promise for every
    // document at once held memory in proportion to the corpus
    const todo = (async function* () {
      for await (const item of planned.read()) if ('input' in item && item.todo >= 0) yield item;
    })();
    const lane = async () => {
      while (!signal?.aborted) {
        const next = await todo.next();
        if (next.done) return;
        await runDocument(next.value.input, next.value.todo, next.value.at);
      }
    };
    try {
      if (p.todo) await Promise.all(Array.from({ length: Math.min(lanes, p.todo) }, lane));
    } finally {
      await todo.return(undefined);
    }
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
    spools.close();
    await previous?.close().catch(() => undefined);
    await removeSpools(opts.out);
  }
  if (datasetWritten) {
    // what the dataset's lines were made with: the next run may take them as they are
    await writeLinesIndex(opts.out, p.code, currentRulesHashes(opts.rulesDir));
  }
  await outcomes.close();
  /** each input with what became of it, and the orphans, in input-path order */
  async function* withOutcomes(): AsyncGenerator<{ item: PlanItem; outcome?: Outcome }> {
    const outs = outcomes.read();
    try {
      let next = await outs.next();
      for await (const item of planned.read()) {
        let outcome: Outcome | undefined;
        if ('input' in item && item.todo >= 0) {
          if (!next.done && next.value[0] === item.at) {
            outcome = next.value[1];
            next = await outs.next();
          } else {
            // done ahead of the dataset writer when the run stopped
            outcome = lineOf.get(item.input.rel)?.value ?? undefined;
          }
        }
        yield { item, outcome };
      }
    } finally {
      await outs.return(undefined);
    }
  }
  sum.skipped = p.todo - settled;
  if (sum.skipped) {
    // stopped midway: what was not done keeps its old entry (stale, so the next run redoes it),
    // and records of deleted inputs stay listed until a whole run removes them
    sum.interrupted = true;
    await writeManifest(
      opts.out,
      { resolex: FORMAT_VERSION, code: p.code },
      mapAsync(withOutcomes(), ({ item, outcome }): [string, ManifestEntry] | null => {
        if (!('input' in item)) return [item.orphan, item.entry];
        const entry = outcome?.entry ?? item.input.old;
        return entry ? [item.input.rel, entry] : null;
      }),
    );
    sum.seconds = (performance.now() - t0) / 1000;
    return sum;
  }
  if (p.orphans) {
    const taken = p.unsure.size ? await unsureTaken(planned, p.unsure) : new Set<string>();
    for await (const item of planned.read()) {
      if ('input' in item) continue;
      const [rel, e] = [item.orphan, item.entry];
      try {
        // an input that gave its place to another ("a.txt", then "a.md" added) leaves the record to it
        if (!p.takenOver.has(e.record) && !taken.has(e.record)) await rm(outputPath(opts.out, e.record), { force: true });
      } catch (e) {
        if (!(e instanceof ResolexError)) throw e;
        opts.log(`${rel}:1:1  warning  ${e.message}; not removed  outside-root`);
      }
      sum.removed++;
    }
  }
  // the manifest and the stat cache are written side by side from one pass over the plan
  const writers: ((items: AsyncIterable<{ item: PlanItem; outcome?: Outcome }>) => Promise<void>)[] = [];
  if (needDataset) {
    if (!datasetWritten) throw new Error('dataset.jsonl was not written although every document was done');
    writers.push((items) =>
      writeManifest(
        opts.out,
        { resolex: FORMAT_VERSION, code: p.code },
        mapAsync(items, ({ item, outcome }) => {
          if (!('input' in item)) return null;
          const entry = item.todo >= 0 ? outcome?.entry : item.input.old;
          return entry ? ([item.input.rel, entry] as [string, ManifestEntry]) : null;
        }),
      ),
    );
  }
  if (p.hashed || rehashed || p.orphans) {
    writers.push((items) =>
      writeStatCache(
        opts.out,
        mapAsync(items, ({ item, outcome }): [string, StatEntry] | null => {
          if (!('input' in item)) return null;
          const f = item.input;
          const refused = outcome ? outcome.refused : f.refused;
          const sha256 = outcome ? outcome.sha256 : f.sha256;
          return f.ino >= 0 && !refused ? [f.rel, [f.size, f.mtimeMs, f.ctimeMs, f.ino, sha256]] : null;
        }),
      ),
    );
  }
  if (writers.length) await onePass(withOutcomes(), writers);
  sum.seconds = (performance.now() - t0) / 1000;
  return sum;
}

/** Of the records of orphans whose names are not their paths', those an input of the plan has. */
async function unsureTaken(planned: Spill<PlanItem>, unsure: Set<string>): Promise<Set<string>> {
  const taken = new Set<string>();
  for await (const item of planned.read()) if ('input' in item && unsure.has(item.input.record)) taken.add(item.input.record);
  return taken;
}

/**
 * The writers side by side over one pass of `source`, each reading it whole; once all are done,
 * the first failure. A writer that fails lets go of its reader, so the others finish their files.
 */
async function onePass<T>(source: AsyncIterable<T>, writers: ((items: AsyncIterable<T>) => Promise<void>)[]): Promise<void> {
  const readers = tee(source, writers.length);
  const results = await Promise.allSettled(writers.map((write, i) => write(readers[i]).finally(() => readers[i].return?.())));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The values `f` gives for each of `source`, nulls left out. */
async function* mapAsync<T, U>(source: AsyncIterable<T>, f: (v: T) => U | null): AsyncGenerator<U> {
  for await (const v of source) {
    const u = f(v);
    if (u !== null) yield u;
  }
}

/**
 * Each worker's heap: enough for documents of several megabytes, small enough that V8 collects
 * early and a run's memory stays flat (measured with npm run bench: two jobs over 10,000 documents
 * stay under 300 MB; V8's defaults took them past 400). A document that needs more runs again
 * alone with V8's own limits (see Pool).
 *
 * The young generation, where a document's short-lived objects are made and collected, is 48 MB
 * per worker up to two workers, and more workers share 96 MB. V8 sizes it by steps: the new space
 * a worker reports (v8.getHeapSpaceStatistics) is 16 MB for limits of 16 and 24 MB, 32 MB for 32
 * and 48 MB, 64 MB for 64 MB. One job ran ~9% faster with 48 MB than with 24 (npm run bench).
 * Two jobs with 24 MB each: one of the workers promoted ~600 KB to the old generation per young
 * collection (the other ~20 KB) and ran ~55 full collections over the bench corpus; with 32 MB
 * each (the new space of 48), both promoted ~45 KB and ran 3 (--trace-gc-nvp), the peak staying
 * at ~245 MB (272 MB over 200,000 small inputs, where 24 MB gave 212). A 64 MB
 * limit for one job was no faster than 48 in side-by-side runs.
 */
export function workerLimits(jobs: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: Math.min(MAX_YOUNG_MB, Math.max(MIN_YOUNG_MB, Math.floor(YOUNG_BUDGET_MB / Math.max(1, jobs)))) };
}
const YOUNG_BUDGET_MB = 96;
const MAX_YOUNG_MB = 48;
const MIN_YOUNG_MB = 16;

/** the plan of a run, and what became of its documents, on disk while it runs (beside the records, removed at its end, or by the next run) */
const PLAN_SPILL = '.resolex-plan';
const OUTCOME_SPILL = '.resolex-done';

/** documents that may be finished ahead of the dataset writer */
const WINDOW = 64;
/** the line of a document whose record could not be written */
const NO_RECORD = '';

/** a document's dataset line: itself, or where its worker spooled it */
type Line = string | SpooledLine;

/** The spools of this run's workers (dataset.jsonl.spool.<pid>.<thread>.tmp): read, or of no use. */
async function removeSpools(out: string): Promise<void> {
  const prefix = `${DATASET}.spool.${process.pid}.`;
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
  /** the value a document left, whether or not the promise was let go first (a stopped run) */
  value?: T;
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
export async function checkOutputs(inputs: string[], out: string, rulesDir?: string, maxBytes = DEFAULT_MAX_BYTES): Promise<CheckResult> {
  const missing: string[] = [];
  const stale: CheckResult['stale'] = [];
  const orphaned: string[] = [];
  await plan(inputs, out, false, rulesDir, maxBytes, (item) => {
    if (!('input' in item)) orphaned.push(item.orphan);
    else if (item.input.reason === 'new' || item.input.reason === 'missing') missing.push(item.input.rel);
    else if (item.input.reason) stale.push({ rel: item.input.rel, reason: item.input.reason });
  });
  return { missing, stale, orphaned };
}

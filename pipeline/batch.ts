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
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { sha256 } from './emit.ts';
import { listInputs, outputName, writeAtomic, type InputFile } from './io.ts';
import { codeHash, rulesHash } from './provenance.ts';
import { extractOne, type JobResult } from './job.ts';
import { Pool } from './pool.ts';
import { FORMAT_VERSION } from './schema.ts';

export interface ManifestEntry {
  sha256: string;
  record: string;
  language: string;
  rules: string;
  ok: boolean;
}

export interface Manifest {
  resolex: string;
  code: string;
  entries: Record<string, ManifestEntry>;
}

export interface BatchOptions {
  inputs: string[];
  out: string;
  jobs: number;
  force: boolean;
  rulesDir?: string;
  minSeverity: 'info' | 'warning' | 'error';
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
}

const MANIFEST = 'manifest.json';
const DATASET = 'dataset.jsonl';

export async function readManifest(out: string): Promise<Manifest | null> {
  try {
    const m = JSON.parse(await readFile(join(out, MANIFEST), 'utf8')) as Manifest;
    return m && m.resolex === FORMAT_VERSION && m.entries ? m : null;
  } catch {
    return null;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

export interface Plan {
  inputs: (InputFile & { bytes: Uint8Array; sha256: string; reason: 'new' | 'changed' | 'code' | 'rules' | 'missing' | 'forced' | null })[];
  orphans: string[];
  /** inputs whose output name another input already takes ("a.txt" and "a.md") */
  collisions: { rel: string; with: string }[];
  code: string;
  manifest: Manifest | null;
}

/** What a run has to do: which inputs are stale (and why), which records are orphaned. */
export async function plan(inputs: string[], out: string, force: boolean, rulesDir?: string): Promise<Plan> {
  const files = await listInputs(inputs);
  const manifest = await readManifest(out);
  const code = codeHash(rulesDir);
  const io = pLimit(16);
  const taken = new Map<string, string>();
  const collisions: Plan['collisions'] = [];
  const kept = files.filter((f) => {
    const o = outputName(f.rel);
    const other = taken.get(o);
    if (other) {
      collisions.push({ rel: f.rel, with: other });
      return false;
    }
    taken.set(o, f.rel);
    return true;
  });
  const rulesOf = new Map<string, string>();
  const rulesFor = (lang: string) => {
    if (!rulesOf.has(lang)) rulesOf.set(lang, rulesHash(lang, rulesDir));
    return rulesOf.get(lang)!;
  };
  const planned = await Promise.all(
    kept.map((f) =>
      io(async () => {
        const bytes = new Uint8Array(await readFile(f.path));
        const hash = sha256(bytes);
        const e = manifest?.entries[f.rel];
        let reason: Plan['inputs'][number]['reason'] = null;
        if (force) reason = 'forced';
        else if (!e) reason = 'new';
        else if (e.sha256 !== hash) reason = 'changed';
        else if (manifest!.code !== code) reason = 'code';
        else if (e.rules !== rulesFor(e.language)) reason = 'rules';
        else if (!(await exists(join(out, e.record)))) reason = 'missing';
        return { ...f, bytes, sha256: hash, reason };
      }),
    ),
  );
  const present = new Set(kept.map((f) => f.rel));
  const orphans = Object.keys(manifest?.entries ?? {}).filter((rel) => !present.has(rel)).sort();
  return { inputs: planned, orphans, collisions, code, manifest };
}

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
    else if (/\.\d+\.\d+\.tmp$/.test(e.name)) await rm(p, { force: true });
  }
}

export async function runBatch(opts: BatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  await removeLeftovers(opts.out);
  const p = await plan(opts.inputs, opts.out, opts.force, opts.rulesDir);
  const entries: Record<string, ManifestEntry> = {};
  const sum: BatchSummary = { documents: p.inputs.length, extracted: 0, unchanged: 0, removed: 0, failed: 0, clauses: 0, references: 0, entities: 0, warnings: 0, bytes: 0, seconds: 0 };
  for (const c of p.collisions) {
    opts.log(`${c.rel}:1:1  error  its record would overwrite the record of ${c.with}; not extracted  output-collision`);
    sum.failed++;
  }
  const todo = p.inputs.filter((f) => f.reason);
  for (const f of p.inputs) if (!f.reason) entries[f.rel] = p.manifest!.entries[f.rel];
  sum.unchanged = p.inputs.length - todo.length;
  const total = todo.reduce((n, f) => n + f.bytes.length, 0);
  const pool = opts.jobs > 1 && todo.length > 1 ? new Pool(Math.min(opts.jobs, todo.length)) : null;
  const writes = pLimit(8);
  let done = 0;
  try {
    await Promise.all(
      todo.map((f, id) =>
        (async () => {
          const req = { id, source: f.rel, bytes: f.bytes, rulesDir: opts.rulesDir, minSeverity: opts.minSeverity };
          const res: JobResult = pool ? await pool.run(req) : extractOne(req);
          const record = outputName(f.rel);
          await writes(() => writeAtomic(join(opts.out, record), res.json));
          entries[f.rel] = { sha256: f.sha256, record, language: res.language, rules: rulesHash(res.language, opts.rulesDir), ok: res.ok };
          sum.extracted++;
          sum.bytes += f.bytes.length;
          sum.clauses += res.counts.clauses;
          sum.references += res.counts.references;
          sum.entities += res.counts.entities;
          sum.warnings += res.counts.warnings;
          if (res.messages) opts.log(res.messages);
          if (!res.ok) {
            sum.failed++;
            opts.log(`${f.rel}:1:1  error  ${res.error!.message}  ${res.error!.code}`);
          }
          done++;
          opts.progress?.(done, todo.length, sum.bytes);
        })(),
      ),
    );
  } finally {
    await pool?.close();
  }
  for (const f of p.inputs) if (!f.reason && !p.manifest!.entries[f.rel].ok) sum.failed++;
  for (const rel of p.orphans) {
    await rm(join(opts.out, p.manifest!.entries[rel].record), { force: true });
    sum.removed++;
  }
  const manifest: Manifest = { resolex: FORMAT_VERSION, code: p.code, entries: sortKeys(entries) };
  if (todo.length || p.orphans.length || !(await exists(join(opts.out, DATASET))) || !p.manifest) {
    await writeDataset(opts.out, p.inputs.map((f) => entries[f.rel]).filter(Boolean));
    await writeAtomic(join(opts.out, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  }
  sum.seconds = (performance.now() - t0) / 1000;
  return sum;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** dataset.jsonl: the records in input-path order, each on one line. */
async function writeDataset(out: string, entries: ManifestEntry[]): Promise<void> {
  const lines: string[] = [];
  for (const e of entries) lines.push(JSON.stringify(JSON.parse(await readFile(join(out, e.record), 'utf8'))));
  await writeAtomic(join(out, DATASET), lines.length ? lines.join('\n') + '\n' : '');
}

export interface CheckResult {
  missing: string[];
  stale: { rel: string; reason: string }[];
  orphaned: string[];
}

/** What `resolex check` reports: nothing is written. */
export async function checkOutputs(inputs: string[], out: string, rulesDir?: string): Promise<CheckResult> {
  const p = await plan(inputs, out, false, rulesDir);
  const missing: string[] = [];
  const stale: CheckResult['stale'] = [];
  for (const f of p.inputs) {
    if (f.reason === 'new' || f.reason === 'missing') missing.push(f.rel);
    else if (f.reason) stale.push({ rel: f.rel, reason: f.reason });
  }
  return { missing, stale, orphaned: p.orphans };
}

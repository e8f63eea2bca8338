/**
 * The `resolex` command.
 *   resolex extract <file-or-dir>... --out <dir>   one JSON record per input
 *   resolex schema                                   the record's JSON Schema
 * Exit codes: 0 every document extracted, 1 some documents failed, 2 usage or rule error.
 */
import { parseArgs } from 'node:util';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { jsonSchema } from './index.ts';
import { runBatch, checkOutputs, DEFAULT_MAX_BYTES, DEFAULT_BUDGET_MS } from './batch.ts';
import { diffOutputs, diffMarkdown } from './diff.ts';
import { showRecord } from './show.ts';
import { extractDocument } from './index.ts';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ResolexRecord } from './schema.ts';
import { ResolexError } from './diagnostics.ts';
import { compileAllRules } from './rules/compile.ts';

const USAGE = `usage:
  resolex extract <file-or-dir>... --out <dir> [--jobs N] [--force] [--rules <dir>] [--max-bytes N] [--time-budget MS] [--quiet] [--verbose]
  resolex check <file-or-dir>... --out <dir> [--rules <dir>] [--max-bytes N]
  resolex diff <old-out> <new-out> [--json]
  resolex show <record.json | input.txt>
  resolex schema
options:
  --out <dir>     where records are written (<dir>/<relative path>.json), with manifest.json and dataset.jsonl
  --jobs <n>      worker threads (default: the number of cores)
  --force         extract every input, changed or not
  --rules <dir>   rule files to use instead of the package's rules/
  --max-bytes <n> larger inputs get a too-large error record, unread (default 50M; k, M, G suffixes)
  --time-budget <ms>  per document; past it, a time-budget error record (default 30000)
  --quiet         no diagnostics on stderr, only errors and the summary
  --verbose       informational diagnostics too
exit codes: 0 all good, 1 some documents failed (extract), differ (diff) or are out of date (check), 2 usage error,
  130/143 stopped by SIGINT/SIGTERM (whole records only; run again to finish)`;

class UsageError extends Error {}

function jobsOf(v: string | undefined): number {
  if (v === undefined) return Math.max(1, availableParallelism());
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs takes a whole number from 1 to 256, not '${v}'`);
  return n;
}

// A size: "52428800", "50M", "512k", "1G" (powers of 1024).
const SIZE = /^(?<n>\d+)(?<unit>[kKmMgG])?$/;

function maxBytesOf(v: string | undefined): number {
  if (v === undefined) return DEFAULT_MAX_BYTES;
  const m = SIZE.exec(v.trim());
  if (!m) throw new UsageError(`--max-bytes takes a size in bytes (50M, 512k, 1G), not '${v}'`);
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m.groups!.unit ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  const n = Number(m.groups!.n) * unit;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--max-bytes must be at least 1 byte, not '${v}'`);
  return n;
}

function budgetOf(v: string | undefined): number {
  if (v === undefined) return DEFAULT_BUDGET_MS;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 86_400_000) throw new UsageError(`--time-budget takes milliseconds, a whole number from 1 to 86400000, not '${v}'`);
  return n;
}

/** Exit code of a run stopped by a signal, as shells report it: 128 + the signal's number. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

async function inputsExist(paths: string[]): Promise<void> {
  for (const p of paths) {
    try {
      await stat(p);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
  }
}

function progressBar(): (done: number, total: number, bytes: number) => void {
  const t0 = performance.now();
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  return (done, total, bytes) => {
    const secs = (performance.now() - t0) / 1000;
    const mbs = secs > 0 ? bytes / 1e6 / secs : 0;
    const eta = done ? (secs / done) * (total - done) : 0;
    if (tty) {
      const width = 30;
      const fill = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total}  ${mbs.toFixed(1)} MB/s  ETA ${eta.toFixed(0)} s `);
      if (done === total) process.stderr.write('\n');
    } else {
      const decile = Math.floor((done / total) * 10);
      if (decile !== lastDecile && (decile > lastDecile || done === total)) {
        lastDecile = decile;
        process.stderr.write(`resolex: ${done}/${total} documents, ${mbs.toFixed(1)} MB/s\n`);
      }
    }
  };
}

async function extract(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      rules: { type: 'string' },
      jobs: { type: 'string', short: 'j' },
      force: { type: 'boolean' },
      'max-bytes': { type: 'string' },
      'time-budget': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  if (!values.out) throw new UsageError('extract needs --out <dir>');
  if (!positionals.length) throw new UsageError('extract needs at least one input file or folder');
  const jobs = jobsOf(values.jobs);
  const maxBytes = maxBytesOf(values['max-bytes']);
  const budgetMs = budgetOf(values['time-budget']);
  await inputsExist(positionals);
  // SIGINT/SIGTERM: no new document starts, records being written are finished, the manifest
  // records what was done; a second signal stops at once (the next run clears any temporary file)
  const stop = new AbortController();
  let caught: keyof typeof SIGNAL_EXIT | null = null;
  const onSignal = (sig: keyof typeof SIGNAL_EXIT) => {
    if (caught) process.exit(SIGNAL_EXIT[sig]);
    caught = sig;
    process.stderr.write(`\nresolex: ${sig}: stopping; finishing the records being written\n`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let sum;
  try {
    sum = await runBatch({
      inputs: positionals,
      out: values.out,
      jobs,
      force: !!values.force,
      rulesDir: values.rules,
      maxBytes,
      budgetMs,
      signal: stop.signal,
      minSeverity: values.quiet ? 'error' : values.verbose ? 'info' : 'warning',
      log: (line) => process.stderr.write(line + '\n'),
      progress: values.quiet ? undefined : progressBar(),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (caught) {
    process.stderr.write(`resolex: stopped by ${caught}: ${sum.extracted} documents written, ${sum.skipped} left for the next run\n`);
    return SIGNAL_EXIT[caught];
  }
  process.stderr.write(
    `resolex: ${sum.documents} documents (${sum.extracted} extracted, ${sum.unchanged} unchanged, ${sum.removed} removed), ` +
      `${sum.clauses} clauses, ${sum.references} references, ${sum.entities} entities, ${sum.warnings} warnings, ${sum.failed} errors ` +
      `in ${sum.seconds.toFixed(2)} s (${(sum.bytes / 1e6 / Math.max(sum.seconds, 1e-9)).toFixed(1)} MB/s)\n`,
  );
  return sum.failed ? 1 : 0;
}

async function check(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, rules: { type: 'string' }, 'max-bytes': { type: 'string' } },
  });
  if (!values.out) throw new UsageError('check needs --out <dir>');
  if (!positionals.length) throw new UsageError('check needs at least one input file or folder');
  const maxBytes = maxBytesOf(values['max-bytes']);
  await inputsExist(positionals);
  compileAllRules(values.rules);
  const r = await checkOutputs(positionals, values.out, values.rules, maxBytes);
  for (const m of r.missing) process.stdout.write(`missing  ${m}\n`);
  for (const s of r.stale) process.stdout.write(`stale    ${s.rel}  (${s.reason})\n`);
  for (const o of r.orphaned) process.stdout.write(`orphaned ${o}\n`);
  const bad = r.missing.length + r.stale.length + r.orphaned.length;
  process.stderr.write(`resolex: ${bad ? `${bad} records out of date` : 'every record is up to date'}\n`);
  return bad ? 1 : 0;
}

async function diff(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('diff needs two output folders: <old-out> <new-out>');
  await inputsExist(positionals);
  const d = await diffOutputs(positionals[0], positionals[1]);
  process.stdout.write(values.json ? JSON.stringify(d, null, 2) + '\n' : diffMarkdown(d));
  return d.length ? 1 : 0;
}

async function show(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { rules: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('show needs one file: a record (.json) or an input');
  await inputsExist(positionals);
  const f = positionals[0];
  let rec: ResolexRecord;
  if (f.endsWith('.json')) rec = JSON.parse(await readFile(f, 'utf8')) as ResolexRecord;
  else {
    const size = (await stat(f)).size;
    if (size > DEFAULT_MAX_BYTES) {
      process.stderr.write(`${f}:1:1  error  the input is ${size} bytes, over the limit of ${DEFAULT_MAX_BYTES}  too-large\n`);
      return 1;
    }
    const r = extractDocument({ source: basename(f), bytes: new Uint8Array(await readFile(f)), rulesDir: values.rules, deadline: Date.now() + DEFAULT_BUDGET_MS });
    if (!r.ok) {
      process.stderr.write(`${f}:1:1  error  ${r.record.error.message}  ${r.record.error.code}\n`);
      return 1;
    }
    rec = r.record;
  }
  if ('error' in rec) {
    process.stdout.write(`${(rec as { source: string }).source}: error record: ${JSON.stringify((rec as { error: unknown }).error)}\n`);
    return 1;
  }
  process.stdout.write(showRecord(rec));
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'extract':
        return await extract(rest);
      case 'check':
        return await check(rest);
      case 'diff':
        return await diff(rest);
      case 'show':
        return await show(rest);
      case 'schema':
        process.stdout.write(JSON.stringify(jsonSchema(), null, 2) + '\n');
        return 0;
      case '--version':
      case 'version':
        process.stdout.write('resolex 0.1.0\n');
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return cmd ? 0 : 2;
      default:
        throw new UsageError(`unknown command '${cmd}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`resolex: usage-error: ${(e as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof ResolexError) {
      process.stderr.write(`resolex: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

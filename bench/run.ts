/**
 * `npm run bench`: builds the scaled corpus, then measures, each in a process of its own:
 *   floor        read every file, write a trivial JSON per file
 *   retext       retext-latin parsing alone
 *   full-jobs1   `resolex extract --jobs 1`
 *   full-jobs2   `resolex extract --jobs 2`
 *   incremental  `resolex extract` again, nothing changed
 *   incremental-one  again with one input changed (an input beside the corpus, rewritten before
 *                each run), as when new files land: one document extracted, the dataset written again
 *   stages       the stages in one process over a part of the corpus, timed one by one
 * and, with `--inputs N`, `resolex extract --jobs 2` and its re-run over N small generated inputs
 * (what grows with the number of inputs rather than their size: listing, plan, manifest);
 * and prints MB/s, documents/s, peak memory, time per stage and the ratios against the targets,
 * and writes them as JSON (default .bench/results.json) for later comparison.
 *
 *   npm run bench -- [--mb 100] [--documents 10000] [--json <file>] [--reuse] [--repeat 1] [--inputs 0]
 *                    [--compare <earlier results.json>]
 *
 * `--repeat N` runs each measured command N times and keeps the run of median time (and the
 * highest peak memory of all). The floor and the two extractions run in rounds, one of each in
 * turn, and each ratio is the median of its rounds' ratios: on a shared machine the cost of
 * creating a file, which the floor is mostly made of, drifts several-fold within minutes, and a
 * ratio of two runs made minutes apart measured the drift as much as the tool. Each timed run
 * writes to a new folder under .bench/runs, all removed once the timed runs are over (see outOf).
 *
 * Peak memory is the high-water mark of the process's resident set (VmHWM in /proc), read while
 * it runs, and so is the processor time of each of its threads: the main thread, the workers (the
 * busiest others) and the rest (V8's compiler and collector threads, libuv's): Linux only.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildCorpus, buildManyInputs, type CorpusInfo } from './corpus.ts';
import { compareResults, readResults, type Results, type RunRow } from './compare.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, '.bench');

const TARGETS = {
  mbPerCore: 10,
  fullOverFloor: 5,
  jobs2OverJobs1: 1.7,
  peakRssMb: 300,
  incrementalSeconds: 2,
};

/** bytes an extraction writes (records and dataset) per byte of input: 5.4 on the bench corpus */
const RUN_OUTPUT_PER_BYTE = 6;
/** the output folders of earlier versions of this bench, in .bench */
const LEGACY_OUTPUTS = ['floor', 'out-jobs1', 'out-jobs2', 'out-inputs'];

/** Bytes free to this process on the file system holding `dir`. */
function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

interface Run {
  seconds: number;
  peakRssMb: number;
  /** processor seconds of each thread (by thread id) when last seen */
  threads: Map<number, number>;
  pid: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Processor seconds (user and system) of every thread of a process now: /proc/<pid>/task/<tid>/stat. */
function threadTimes(pid: number, into: Map<number, number>): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    try {
      const s = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // the fields after the command name: state is the first, utime the 12th, stime the 13th
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      into.set(Number(tid), (Number(f[11]) + Number(f[12])) / CLOCK_TICKS);
    } catch {
      // the thread ended between the listing and the read
    }
  }
}
/** clock ticks a second of /proc's times (USER_HZ, 100 on Linux) */
const CLOCK_TICKS = 100;

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs a command `times` times, its arguments made anew for each run: the run of median time, with the highest peak memory of all. */
async function measureMedian(times: number, args: () => string[]): Promise<Run & { samples: number[] }> {
  return (await measureRounds(times, [args])).medians[0]!;
}

/**
 * Runs the commands in `times` rounds, one of each per round in the given order, their arguments
 * made anew for each run: for each command the run of median time (with the highest peak memory of
 * all), and every round's runs, for ratios taken within a round.
 */
async function measureRounds(times: number, commands: Array<() => string[]>): Promise<{ medians: Array<Run & { samples: number[] }>; rounds: Run[][] }> {
  const rounds: Run[][] = [];
  for (let i = 0; i < times; i++) {
    const round: Run[] = [];
    for (const args of commands) round.push(await measure(args()));
    rounds.push(round);
    if (round.some((r) => r.exitCode !== 0)) break;
  }
  const medians = commands.map((_, k) => {
    const runs = rounds.map((r) => r[k]!);
    const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
    const median = runs.some((r) => r.exitCode !== 0) ? runs.find((r) => r.exitCode !== 0)! : sorted[(sorted.length - 1) >> 1]!;
    return { ...median, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)), samples: runs.map((r) => r.seconds) };
  });
  return { medians, rounds };
}

/** The median of some numbers (the lower middle one when they are even in number). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1]!;
}

/** Runs a command, polling its peak memory until it exits. */
function measure(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const threads = new Map<number, number>();
    const timer = setInterval(() => {
      peak = Math.max(peak, peakRss(child.pid!));
      threadTimes(child.pid!, threads);
    }, 25);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ seconds: (performance.now() - t0) / 1000, peakRssMb: peak, threads, pid: child.pid!, exitCode: code ?? -1, stdout, stderr });
    });
  });
}

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    documents: { type: 'string', default: '10000' },
    json: { type: 'string', default: join(WORK, 'results.json') },
    reuse: { type: 'boolean', default: false },
    'stage-mb': { type: 'string', default: '20' },
    repeat: { type: 'string', default: '1' },
    inputs: { type: 'string', default: '0' },
    compare: { type: 'string' },
  },
});
// read before the run: the results it compares with may be the very file this run overwrites
let before: Results | null = null;
if (values.compare) {
  try {
    before = readResults(values.compare);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
}
const repeat = Math.max(1, Number(values.repeat) || 1);

const corpusDir = join(WORK, 'corpus');
const spec = { from: join(ROOT, 'corpus'), to: corpusDir, bytes: Number(values.mb) * 1e6, documents: Number(values.documents) };
const specFile = join(WORK, 'corpus.json');
let info: CorpusInfo;
mkdirSync(WORK, { recursive: true });
const saved = existsSync(specFile) ? JSON.parse(readFileSync(specFile, 'utf8')) : null;
if (values.reuse && saved && saved.bytesWanted === spec.bytes && saved.documentsWanted === spec.documents) {
  info = saved.info;
  console.log(`corpus: reused ${info.documents} documents, ${(info.bytes / 1e6).toFixed(1)} MB`);
} else {
  const t0 = performance.now();
  info = buildCorpus(spec);
  writeFileSync(specFile, JSON.stringify({ bytesWanted: spec.bytes, documentsWanted: spec.documents, info }) + '\n');
  console.log(`corpus: ${info.documents} documents, ${(info.bytes / 1e6).toFixed(1)} MB from ${info.seeds} seeds in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const TSX = ['--import', 'tsx'];
const CLI = join(ROOT, 'bin', 'resolex.js');
/**
 * Each timed run writes to a folder of its own, and the folders are removed after the last timed
 * run, not before each. Ext4 without a journal (as on the machine the README's figures come from)
 * skips, for every file it creates, each inode of the folder's group freed in the last minutes;
 * the bench removing 10,000 records just before a run made every file of that run pay a scan of
 * them (perf: recently_deleted and find_inode_bit ~70 % of creating files then), and the runs'
 * system time grew round after round (3.8, 14.3, 17.6 s for three --jobs 2 runs of one build).
 * Folders left by a bench that stopped go with this one's, at its end.
 */
const RUNS = join(WORK, 'runs');
const earlier = existsSync(RUNS) ? `${RUNS}.${process.pid}.old` : null;
if (earlier) renameSync(RUNS, earlier);
const lastOut = new Map<string, string>();
let runsMade = 0;
// room for every run's output on disk, else each folder is removed before the next run, as it was
const deferRemoval = freeBytes(WORK) > info.bytes * RUN_OUTPUT_PER_BYTE * (2 * repeat + 2);
if (!deferRemoval) console.log('output folders: removed before each run (not enough free disk to keep them to the end)');
const outOf = (name: string) => {
  if (!deferRemoval && lastOut.has(name)) rmSync(lastOut.get(name)!, { recursive: true, force: true });
  const d = join(RUNS, `${name}.${runsMade++}`);
  lastOut.set(name, d);
  return d;
};
const removeRuns = () => {
  for (const d of [RUNS, earlier, ...LEGACY_OUTPUTS.map((n) => join(WORK, n))]) if (d) rmSync(d, { recursive: true, force: true });
};

/** Where a run's processor time went: its main thread, its `workers` busiest other threads, the rest. */
interface Cpu {
  total: number;
  main: number;
  workers: number;
  background: number;
}
function cpuOf(r: Run, workers: number): Cpu {
  const others = [...r.threads.entries()].filter(([tid]) => tid !== r.pid).map(([, t]) => t).sort((a, b) => b - a);
  const main = r.threads.get(r.pid) ?? 0;
  const w = others.slice(0, workers).reduce((a, b) => a + b, 0);
  const rest = others.slice(workers).reduce((a, b) => a + b, 0);
  return { total: main + w + rest, main, workers: w, background: rest };
}

/** a row as compare.ts reads it, with what only this run prints */
interface Row extends RunRow {
  /** processor seconds, for the runs of the command */
  cpu?: Cpu;
  /** the time of every run, when measured more than once */
  samples?: number[];
}
const rows: Row[] = [];
const row = (name: string, r: Run & { samples?: number[] }, bytes = info.bytes, documents = info.documents, workers = 0): Row => {
  if (r.exitCode !== 0) {
    console.error(`${name} exited with ${r.exitCode}\n${r.stderr.slice(-2000)}`);
    process.exit(1);
  }
  const x: Row = { name, seconds: r.seconds, mbPerSecond: bytes / 1e6 / r.seconds, documentsPerSecond: documents / r.seconds, peakRssMb: r.peakRssMb };
  if (r.samples && r.samples.length > 1) x.samples = r.samples;
  if (workers) x.cpu = cpuOf(r, workers);
  rows.push(x);
  const spread = x.samples ? `   (runs: ${x.samples.map((t) => t.toFixed(2)).join(', ')} s)` : '';
  console.log(`${name.padEnd(12)} ${x.seconds.toFixed(2).padStart(8)} s ${x.mbPerSecond.toFixed(2).padStart(8)} MB/s ${x.documentsPerSecond.toFixed(0).padStart(7)} docs/s ${x.peakRssMb.toFixed(0).padStart(5)} MB peak${spread}`);
  if (x.cpu) {
    const c = x.cpu;
    console.log(`${''.padEnd(12)} processor ${c.total.toFixed(1)} s (${((c.total / x.seconds) * 100).toFixed(0)} %): workers ${c.workers.toFixed(1)} s, main thread ${c.main.toFixed(1)} s, V8 and libuv threads ${c.background.toFixed(1)} s`);
  }
  return x;
};

const rounds = await measureRounds(repeat, [
  () => [...TSX, 'bench/task.ts', 'floor', corpusDir, outOf('floor')],
  () => [CLI, 'extract', corpusDir, '--out', outOf('out-jobs1'), '--jobs', '1', '--quiet'],
  () => [CLI, 'extract', corpusDir, '--out', outOf('out-jobs2'), '--jobs', '2', '--quiet'],
]);
const floor = row('floor', rounds.medians[0]!);
const j1 = row('full-jobs1', rounds.medians[1]!, info.bytes, info.documents, 1);
const j2 = row('full-jobs2', rounds.medians[2]!, info.bytes, info.documents, 2);
const retext = row('retext', await measureMedian(repeat, () => [...TSX, 'bench/task.ts', 'retext', corpusDir]));
// each run finds the dataset of the last: nothing to do
const out1 = lastOut.get('out-jobs1')!;
const out2 = lastOut.get('out-jobs2')!;
const inc = row('incremental', await measureMedian(repeat, () => [CLI, 'extract', corpusDir, '--out', out2, '--jobs', '2', '--quiet']));
const stageBytes = Number(values['stage-mb']) * 1e6;
const st = await measure([...TSX, 'bench/task.ts', 'stages', corpusDir, String(stageBytes)]);
const stageResult = JSON.parse(st.stdout.trim().split('\n').pop()!) as { seconds: number; bytes: number; documents: number; stages: Record<string, number>; setup: number };
row('stages', st, stageResult.bytes, stageResult.documents);
const identical = readFileSync(join(out1, 'dataset.jsonl')).equals(readFileSync(join(out2, 'dataset.jsonl')));
// one input changed among the corpus's: a copy of one of its documents, a line added before each run
const oneDir = join(RUNS, 'one-changed');
mkdirSync(oneDir, { recursive: true });
const oneSource = readFileSync(join(ROOT, 'corpus', readdirSync(join(ROOT, 'corpus')).filter((n) => n.endsWith('.txt')).sort()[0]), 'utf8');
let edits = 0;
row(
  'incremental-one',
  await measureMedian(repeat, () => {
    writeFileSync(join(oneDir, 'changed.txt'), `${oneSource}\nNote ${++edits}.\n`);
    return [CLI, 'extract', corpusDir, oneDir, '--out', out2, '--jobs', '2', '--quiet'];
  }),
);

// many small inputs: memory must not grow with their number either
const manyCount = Math.max(0, Number(values.inputs) || 0);
let many: { extract: Row; rerun: Row } | null = null;
if (manyCount) {
  const manyDir = join(WORK, 'inputs');
  const t0 = performance.now();
  const mi = buildManyInputs(join(ROOT, 'corpus'), manyDir, manyCount);
  console.log(`\ninputs: ${mi.documents} small documents, ${(mi.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const outMany = outOf('out-inputs');
  const extractMany = row('inputs-jobs2', await measure([CLI, 'extract', manyDir, '--out', outMany, '--jobs', '2', '--quiet']), mi.bytes, mi.documents, 2);
  const rerunMany = row('inputs-again', await measure([CLI, 'extract', manyDir, '--out', outMany, '--jobs', '2', '--quiet']), mi.bytes, mi.documents);
  many = { extract: extractMany, rerun: rerunMany };
}
// the timed runs are over
removeRuns();

console.log(`\ntime per stage (in one process, ${(stageResult.bytes / 1e6).toFixed(1)} MB, ${stageResult.documents} documents; the rules compiled before, in ${stageResult.setup.toFixed(2)} s):`);
const stageTotal = Object.values(stageResult.stages).reduce((a, b) => a + b, 0);
for (const [name, s] of Object.entries(stageResult.stages)) {
  console.log(`  ${name.padEnd(8)} ${s.toFixed(2).padStart(7)} s ${((s / stageTotal) * 100).toFixed(0).padStart(4)} % ${(stageResult.bytes / 1e6 / s).toFixed(1).padStart(8)} MB/s`);
}

// within each round, then the median: the machine changes less within a round than across them
const perRound = {
  // (a failed run has stopped the bench already, in row(): every round is whole)
  fullOverFloor: rounds.rounds.map(([f, a]) => a!.seconds / f!.seconds),
  jobs2OverJobs1: rounds.rounds.map(([, a, b]) => a!.seconds / b!.seconds),
};
const ratios = {
  fullOverFloor: median(perRound.fullOverFloor),
  jobs2OverJobs1: median(perRound.jobs2OverJobs1),
  fullOverRetext: j1.seconds / retext.seconds,
};
if (repeat > 1) {
  console.log(`\nratios in each round: full / floor ${perRound.fullOverFloor.map((x) => x.toFixed(2)).join(', ')}; jobs 2 / jobs 1 ${perRound.jobs2OverJobs1.map((x) => x.toFixed(2)).join(', ')}`);
}
const peakOfAll = Math.max(j1.peakRssMb, j2.peakRssMb, inc.peakRssMb, many?.extract.peakRssMb ?? 0, many?.rerun.peakRssMb ?? 0);
const checks = [
  ['full extraction per core (MB/s)', j1.mbPerSecond, `>= ${TARGETS.mbPerCore}`, j1.mbPerSecond >= TARGETS.mbPerCore],
  ['full / floor (time)', ratios.fullOverFloor, `<= ${TARGETS.fullOverFloor}`, ratios.fullOverFloor <= TARGETS.fullOverFloor],
  ['jobs 2 / jobs 1 (speed)', ratios.jobs2OverJobs1, `>= ${TARGETS.jobs2OverJobs1}`, ratios.jobs2OverJobs1 >= TARGETS.jobs2OverJobs1],
  ['peak RSS, largest run (MB)', peakOfAll, `< ${TARGETS.peakRssMb}`, peakOfAll < TARGETS.peakRssMb],
  [`incremental re-run, ${info.documents} documents (s)`, inc.seconds, `< ${TARGETS.incrementalSeconds}`, inc.seconds < TARGETS.incrementalSeconds],
  ['jobs 1 and jobs 2 datasets identical', identical ? 1 : 0, '= 1', identical],
] as const;
console.log('\ntargets:');
for (const [name, value, target, ok] of checks) console.log(`  ${ok ? 'met   ' : 'MISSED'} ${name.padEnd(44)} ${value.toFixed(2).padStart(8)}  (target ${target})`);

const results = {
  resolexBench: 1 as const,
  date: new Date().toISOString(),
  repeat,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform },
  corpus: { documents: info.documents, bytes: info.bytes },
  inputs: manyCount,
  runs: rows,
  stages: stageResult,
  ratios,
  ratiosPerRound: perRound,
  targets: Object.fromEntries(checks.map(([name, value, target, ok]) => [name, { value, target, met: ok }])),
};
mkdirSync(dirname(values.json!), { recursive: true });
writeFileSync(values.json!, JSON.stringify(results, null, 2) + '\n');
console.log(`\nwritten ${values.json}`);
if (before) console.log(`\n${compareResults(before, results, values.compare).join('\n')}`);


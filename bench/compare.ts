/**
 * Two benchmark results side by side: what each run took before and now, the change, and the
 * change measured against the retext-latin row, which the tool does not touch. On a shared machine
 * the whole machine runs faster or slower from one hour to the next (the same retext run took
 * 21.7 s once and 32.9 s another time); a run's time over retext's time, both measured the same
 * hour, moves with the tool and much less with the machine.
 *
 *   node --import tsx bench/compare.ts <before.json> [<now.json>]   (now: .bench/results.json)
 *   npm run bench -- --compare <before.json>                         (after a bench run)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

const RunSchema = z.object({
  name: z.string(),
  seconds: z.number(),
  mbPerSecond: z.number(),
  documentsPerSecond: z.number(),
  peakRssMb: z.number(),
});

/** a run's row as results files hold it: run.ts builds its rows on this type */
export type RunRow = z.infer<typeof RunSchema>;

/** the parts of a results file (see run.ts) a comparison reads */
export const ResultsSchema = z.object({
  resolexBench: z.literal(1),
  date: z.string(),
  corpus: z.object({ documents: z.number(), bytes: z.number() }),
  inputs: z.number().optional(),
  runs: z.array(RunSchema),
  ratios: z.object({ fullOverFloor: z.number(), jobs2OverJobs1: z.number() }).partial().optional(),
});
export type Results = z.infer<typeof ResultsSchema>;

/** the row every other is measured against */
const YARDSTICK = 'retext';

/** A signed percentage, "+12.3 %" or "-4.0 %"; "=" when nothing changed at this precision. */
function change(before: number, now: number): string {
  if (!(before > 0) || !Number.isFinite(now)) return '';
  const pct = (now / before - 1) * 100;
  const s = pct.toFixed(1);
  if (s === '0.0' || s === '-0.0') return '=';
  return `${pct > 0 ? '+' : ''}${s} %`;
}

/** The comparison, as the lines to print. */
export function compareResults(before: Results, now: Results, beforeName = 'before'): string[] {
  const out: string[] = [];
  out.push(`compared with ${beforeName} (${before.date}):`);
  const sameCorpus = before.corpus.documents === now.corpus.documents && before.corpus.bytes === now.corpus.bytes;
  if (!sameCorpus) {
    out.push(
      `  the corpora differ (${before.corpus.documents} documents, ${(before.corpus.bytes / 1e6).toFixed(1)} MB then; ${now.corpus.documents}, ${(now.corpus.bytes / 1e6).toFixed(1)} MB now): times compare as MB/s only`,
    );
  }
  const yard = (r: Results) => r.runs.find((x) => x.name === YARDSTICK)?.seconds;
  const yBefore = yard(before);
  const yNow = yard(now);
  const header = `  ${'run'.padEnd(13)} ${'before'.padStart(11)} ${'now'.padStart(11)} ${'change'.padStart(9)} ${'vs retext'.padStart(10)} ${'peak RSS'.padStart(17)}`;
  out.push(header);
  const beforeRuns = new Map(before.runs.map((r) => [r.name, r]));
  for (const r of now.runs) {
    const b = beforeRuns.get(r.name);
    if (!b) {
      out.push(`  ${r.name.padEnd(13)} ${'—'.padStart(11)} ${`${r.seconds.toFixed(2)} s`.padStart(11)}   (not in ${beforeName})`);
      continue;
    }
    // the "inputs" runs have corpora of their own, compared when they are the same size
    const comparable = r.name.startsWith('inputs') ? before.inputs === now.inputs : sameCorpus && r.name !== 'stages';
    const [tb, tn, unit] = comparable ? [b.seconds, r.seconds, 's'] : [b.mbPerSecond, r.mbPerSecond, 'MB/s'];
    // for MB/s, more is better: the change is shown as the change in time it amounts to
    const delta = comparable ? change(tb, tn) : change(tn, tb);
    const vsYard = comparable && yBefore && yNow && r.name !== YARDSTICK && !r.name.startsWith('inputs') ? change(b.seconds / yBefore, r.seconds / yNow) : '';
    const fmt = (v: number) => `${v.toFixed(2)} ${unit === 's' ? 's' : 'MB/s'}`;
    const rss = `${b.peakRssMb.toFixed(0)} → ${r.peakRssMb.toFixed(0)} MB`;
    out.push(`  ${r.name.padEnd(13)} ${fmt(tb).padStart(11)} ${fmt(tn).padStart(11)} ${delta.padStart(9)} ${vsYard.padStart(10)} ${rss.padStart(17)}`);
  }
  for (const b of before.runs) if (!now.runs.some((r) => r.name === b.name)) out.push(`  ${b.name.padEnd(13)} (in ${beforeName} only)`);
  const ratio = (name: string, key: 'fullOverFloor' | 'jobs2OverJobs1') => {
    const rb = before.ratios?.[key];
    const rn = now.ratios?.[key];
    if (rb !== undefined && rn !== undefined) out.push(`  ${name.padEnd(22)} ${rb.toFixed(2)} → ${rn.toFixed(2)}`);
  };
  ratio('full / floor', 'fullOverFloor');
  ratio('jobs 2 / jobs 1', 'jobs2OverJobs1');
  out.push('  (change: of the time; vs retext: of the time over retext-latin\'s, measured the same hour)');
  return out;
}

/** A results file, read and checked, or an error naming it. */
export function readResults(path: string): Results {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`bench-results-unreadable: ${path}: ${(e as Error).message}`);
  }
  const r = ResultsSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`bench-results-invalid: ${path}: at ${i.path.join('.') || '(top)'}: ${i.message}`);
  }
  return r.data;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [beforePath, nowPath = join(dirname(fileURLToPath(import.meta.url)), '..', '.bench', 'results.json')] = process.argv.slice(2);
  if (!beforePath) {
    console.error('usage: node --import tsx bench/compare.ts <before.json> [<now.json>]');
    process.exit(2);
  }
  try {
    console.log(compareResults(readResults(beforePath), readResults(nowPath), beforePath).join('\n'));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
}

/**
 * `npx tsx scripts/pathological.ts [name-filter]`: runs each pathological input of
 * tests/pathological.ts through the stages and prints the time each stage takes, to find the one
 * that grows too fast.
 */
import { Reporter } from '../pipeline/diagnostics.ts';
import { STAGES } from '../pipeline/stages.ts';
import type { DocState } from '../pipeline/types.ts';
import { PATHOLOGICAL } from '../tests/pathological.ts';

const filter = process.argv[2] ?? '';
for (const [name, make] of PATHOLOGICAL) {
  if (!name.includes(filter)) continue;
  const bytes = new TextEncoder().encode(make());
  const doc: DocState = { source: 'x.txt', bytes, raw: '', encoding: 'unknown', reporter: new Reporter('x.txt') };
  const times: string[] = [];
  let outcome = 'record';
  for (const s of STAGES) {
    const t = performance.now();
    try {
      s.run(doc);
    } catch (e) {
      outcome = (e as Error).message.slice(0, 60);
      times.push(`${s.name} ${(performance.now() - t).toFixed(0)}`);
      break;
    }
    times.push(`${s.name} ${(performance.now() - t).toFixed(0)}`);
  }
  console.log(`${name} (${(bytes.length / 1e6).toFixed(1)} MB): ${times.join(', ')} ms → ${outcome}`);
}

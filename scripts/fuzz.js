#!/usr/bin/env node
// `npm run fuzz -- [runs] [seed]`: the property suite of tests/fuzz.test.ts, longer than the test
// suite runs it (default 1000 runs of each property).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [runs = '1000', seed] = process.argv.slice(2);
if (!/^\d+$/.test(runs) || (seed !== undefined && !/^-?\d+$/.test(seed))) {
  process.stderr.write('usage: npm run fuzz -- [runs] [seed]\n');
  process.exit(2);
}
const env = { ...process.env, RESOLEX_FUZZ_RUNS: runs, ...(seed !== undefined ? { RESOLEX_FUZZ_SEED: seed } : {}) };
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', 'tests/fuzz.test.ts'], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);

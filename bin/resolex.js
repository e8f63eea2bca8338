#!/usr/bin/env node
// Runs the build of the current sources (scripts/build.mjs makes it on first use, in well under a
// second); should building fail, runs the TypeScript sources through a loader instead.
import { pathToFileURL } from 'node:url';
import { ensureBuild } from '../scripts/build.mjs';

let main;
try {
  const dir = await ensureBuild();
  ({ main } = await import(pathToFileURL(`${dir}/cli.js`).href));
} catch (e) {
  process.stderr.write(`resolex: running from the sources (build-failed: ${e.message.split('\n')[0]})\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../pipeline/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));

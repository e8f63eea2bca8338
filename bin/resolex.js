#!/usr/bin/env node
// Runs the TypeScript sources directly: no build step between an edit and a run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../pipeline/cli.ts');
process.exitCode = await main(process.argv.slice(2));

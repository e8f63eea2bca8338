import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { extractDocument, type ResolexRecord } from '../pipeline/index.ts';

export const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'resolex.js');

/** Extracts a text given inline; fails the test when the document gives an error record. */
export function extractText(text: string, source = 'test.txt'): ResolexRecord {
  const r = extractDocument({ source, bytes: new TextEncoder().encode(text) });
  if (!r.ok) throw new Error(`error record: ${JSON.stringify(r.record.error)}`);
  return r.record;
}

/** Runs the command as a user would, waiting for it. */
export function runCli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** An output folder as relative path → content (a link as "-> target"), to compare two runs. */
export function outputTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      // the stat cache and the lines index hold this machine's file times: caches, not output
      if (e.name === '.resolex-stat' || e.name === '.resolex-lines') continue;
      if (e.isSymbolicLink()) out[`${prefix}${e.name}`] = `-> ${readlinkSync(join(d, e.name))}`;
      else if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

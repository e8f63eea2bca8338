/**
 * Files in and out: inputs listed in a stable order, outputs written atomically (a temporary file
 * beside the target, then a rename), so a run stopped at any moment leaves only whole files.
 */
import { mkdir, readdir, rename, stat, writeFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep, basename, extname } from 'node:path';

export const INPUT_EXTENSIONS = new Set(['.txt', '.text', '.md']);

export interface InputFile {
  /** absolute or cwd-relative path to read */
  path: string;
  /** path relative to the input root, '/'-separated */
  rel: string;
}

async function walk(root: string, dir: string, out: InputFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      await walk(root, p, out);
    } else if (e.isFile() && INPUT_EXTENSIONS.has(extname(e.name).toLowerCase())) {
      out.push({ path: p, rel: relative(root, p).split(sep).join('/') });
    }
  }
}

/** Every input under the given files and folders, sorted by relative path. */
export async function listInputs(args: string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const a of args) {
    const s = await stat(a);
    if (s.isDirectory()) await walk(a, a, out);
    else out.push({ path: a, rel: basename(a) });
  }
  const seen = new Map<string, InputFile>();
  for (const f of out) if (!seen.has(f.rel)) seen.set(f.rel, f);
  return [...seen.values()].sort((x, y) => (x.rel < y.rel ? -1 : x.rel > y.rel ? 1 : 0));
}

/** `un/A_RES_77_20.txt` → `un/A_RES_77_20.json` */
export function outputName(rel: string): string {
  const ext = extname(rel);
  return (ext ? rel.slice(0, -ext.length) : rel) + '.json';
}

let counter = 0;

export async function writeAtomic(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${counter++}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** JSON as records are written: two-space indent, keys in the order the record builds them, final newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

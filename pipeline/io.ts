/**
 * Files in and out: inputs listed in a stable order, outputs written atomically (a temporary file
 * beside the target, then a rename), so a run stopped at any moment leaves only whole files.
 * Nothing is ever written outside the output folder: record names are checked, and inputs reached
 * through a symbolic link that leaves the input root are refused rather than followed.
 */
import { mkdir, open, readdir, realpath, rename, stat, writeFile, rm } from 'node:fs/promises';
import { dirname, join, relative, basename, extname, resolve, isAbsolute, posix } from 'node:path';
import { ResolexError } from './diagnostics.ts';

export const INPUT_EXTENSIONS = new Set(['.txt', '.text', '.md']);

/** Files of the output folder itself: no record may take their names. */
export const MANIFEST = 'manifest.json';
export const DATASET = 'dataset.jsonl';
export const STAT_CACHE = '.resolex-stat';
export const RESERVED_OUTPUTS = new Set([MANIFEST, DATASET, STAT_CACHE]);

export interface InputFile {
  /** the folder `rel` is relative to, as given (absolute or cwd-relative) */
  root: string;
  /** path relative to the input root, '/'-separated */
  rel: string;
  /** set when the input is not to be read: it gets an error record with this code */
  refused?: { code: string; message: string };
}

/** The path to read an input from. Not kept with each input: a run may list hundreds of thousands. */
export function inputPath(f: InputFile): string {
  return join(f.root, f.rel);
}

/** Whether `p` is `root` or lies under it (both resolved, symbolic links included). */
function inside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

interface Walk {
  root: string;
  /** the root with its symbolic links resolved */
  realRoot: string;
  out: InputFile[];
  /** real paths of the folders already walked: a link loop is walked once */
  seen: Set<string>;
  warn: (line: string) => void;
}

/** `dir` is `relDir` ('/'-separated, '' for the root) under the root */
async function walk(w: Walk, dir: string, relDir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    const p = join(dir, e.name);
    // built, not computed with path.relative: that resolves both paths anew for every file
    const rel = relDir ? `${relDir}/${e.name}` : e.name;
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      let real: string;
      try {
        real = await realpath(p);
      } catch {
        w.warn(`${rel}:1:1  warning  a symbolic link to nothing; skipped  outside-root`);
        continue;
      }
      if (!inside(w.realRoot, real)) {
        // a link out of the input root is not followed: the batch reads only what it was given
        if (INPUT_EXTENSIONS.has(extname(e.name).toLowerCase())) {
          w.out.push({ root: w.root, rel, refused: { code: 'outside-root', message: 'a symbolic link to a file outside the input folder; not read' } });
        } else {
          w.warn(`${rel}:1:1  warning  a symbolic link out of the input folder; not followed  outside-root`);
        }
        continue;
      }
      const s = await stat(real);
      isDir = s.isDirectory();
      isFile = s.isFile();
    }
    if (isDir) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const real = await realpath(p);
      if (w.seen.has(real)) continue;
      w.seen.add(real);
      await walk(w, p, rel);
    } else if (isFile && INPUT_EXTENSIONS.has(extname(e.name).toLowerCase())) {
      w.out.push({ root: w.root, rel });
    }
  }
}

/** The order of input paths everywhere: by UTF-16 code unit, the same on every machine and locale. */
export function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every input under the given files and folders, sorted by relative path. */
export async function listInputs(args: string[], warn: (line: string) => void = () => {}): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const a of args) {
    const s = await stat(a);
    if (s.isDirectory()) {
      const realRoot = await realpath(a);
      await walk({ root: a, realRoot, out, seen: new Set([realRoot]), warn }, a, '');
    } else out.push({ root: dirname(a), rel: basename(a) });
  }
  const seen = new Map<string, InputFile>();
  for (const f of out) if (!seen.has(f.rel)) seen.set(f.rel, f);
  return [...seen.values()].sort((x, y) => byPath(x.rel, y.rel));
}

// A Windows drive at the start of a path: "C:/x.txt", "c:x.txt".
const DRIVE = /^[A-Za-z]:/;

/**
 * `un/A_RES_77_20.txt` → `un/A_RES_77_20.json`. A name that would leave the output folder
 * (`../x.txt`, `/etc/x.txt`, `a/../../x.txt`) or take a reserved name is refused with `outside-root`.
 */
export function outputName(rel: string): string {
  const norm = posix.normalize(rel.split('\\').join('/'));
  if (rel.includes('\0') || posix.isAbsolute(norm) || DRIVE.test(norm) || norm === '..' || norm.startsWith('../') || norm === '.') {
    throw new ResolexError('outside-root', `'${rel}' names a place outside the output folder`);
  }
  const ext = posix.extname(norm);
  return (ext ? norm.slice(0, -ext.length) : norm) + '.json';
}

/** `out/<name>`, refused if it would land outside `out` (a name read from a manifest, say). */
export function outputPath(out: string, name: string): string {
  const p = resolve(out, name);
  if (!inside(resolve(out), p) || p === resolve(out)) throw new ResolexError('outside-root', `'${name}' names a place outside the output folder`);
  return p;
}

let counter = 0;

/** A temporary name beside `path`, unique in this run ("x.json.1234.5.tmp"): what writeAtomic writes first. */
export function tempName(path: string): string {
  return `${path}.${process.pid}.${counter++}.tmp`;
}

export async function writeAtomic(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes the lines an iterator yields to `path`, atomically, holding no more than one buffer of
 * them in memory: dataset.jsonl holds every record of a run, far more than one process should keep.
 */
export async function writeAtomicLines(path: string, lines: AsyncIterable<string | Uint8Array>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempName(path);
  const fh = await open(tmp, 'w');
  try {
    let buf: Buffer[] = [];
    let size = 0;
    for await (const line of lines) {
      // a line given as bytes already ends with its newline
      const b = typeof line === 'string' ? Buffer.from(`${line}\n`) : Buffer.from(line.buffer, line.byteOffset, line.byteLength);
      buf.push(b);
      size += b.length;
      if (size >= WRITE_BUFFER) {
        await fh.write(Buffer.concat(buf));
        buf = [];
        size = 0;
      }
    }
    if (buf.length) await fh.write(Buffer.concat(buf));
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}

/** characters gathered before one write of writeAtomicLines */
const WRITE_BUFFER = 1 << 16;

/** JSON as records are written: two-space indent, keys in the order the record builds them, final newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

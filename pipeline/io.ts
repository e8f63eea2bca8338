/**
 * Files in and out: inputs listed in a stable order, outputs written atomically (a temporary file
 * beside the target, then a rename), so a run stopped at any moment leaves only whole files.
 * Nothing is ever written outside the output folder: record names are checked, and inputs reached
 * through a symbolic link that leaves the input root are refused rather than followed.
 */
import { statSync, type Stats } from 'node:fs';
import { mkdir, open, readdir, realpath, rename, stat, writeFile, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, basename, extname, resolve, isAbsolute, posix } from 'node:path';
import { ResolexError } from './diagnostics.ts';

export const INPUT_EXTENSIONS = new Set(['.txt', '.text', '.md']);

/** Files of the output folder itself: no record may take their names. */
export const MANIFEST = 'manifest.json';
export const DATASET = 'dataset.jsonl';
export const STAT_CACHE = '.resolex-stat';
/** what the dataset's lines were made with, for the next run to take them as they are (previous-dataset.ts) */
export const LINES_INDEX = '.resolex-lines';
export const RESERVED_OUTPUTS = new Set([MANIFEST, DATASET, STAT_CACHE, LINES_INDEX]);

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
  /** real paths of the folders already walked: a link loop is walked once */
  seen: Set<string>;
  warn: (line: string) => void;
}

/** an entry of a folder, typed, with the key that sorts it among its siblings */
interface Entry {
  name: string;
  key: string;
  dir: boolean;
  refused?: InputFile['refused'];
}

/**
 * The inputs under `dir` (`relDir` under the root, '/'-separated, '' for the root), in input-path
 * order, one folder in memory at a time: a folder sorts before its siblings by its name followed
 * by "/", so walking depth first gives exactly the order of the whole paths ("a.txt" < "a/b.txt",
 * as '.' < '/'), with no list of every input to sort.
 */
async function* walk(w: Walk, dir: string, relDir: string): AsyncGenerator<InputFile> {
  const entries: Entry[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
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
          entries.push({ name: e.name, key: e.name, dir: false, refused: { code: 'outside-root', message: 'a symbolic link to a file outside the input folder; not read' } });
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
      entries.push({ name: e.name, key: `${e.name}/`, dir: true });
    } else if (isFile && INPUT_EXTENSIONS.has(extname(e.name).toLowerCase())) {
      entries.push({ name: e.name, key: e.name, dir: false });
    }
  }
  entries.sort((x, y) => byPath(x.key, y.key));
  for (const e of entries) {
    const rel = relDir ? `${relDir}/${e.name}` : e.name;
    if (!e.dir) {
      yield e.refused ? { root: w.root, rel, refused: e.refused } : { root: w.root, rel };
      continue;
    }
    const p = join(dir, e.name);
    const real = await realpath(p);
    if (w.seen.has(real)) continue;
    w.seen.add(real);
    yield* walk(w, p, rel);
  }
}

/** file statuses answered this slowly on average (ms) mark a file system worth asking side by side */
export const SLOW_STAT_MS = 0.5;
/** how many synchronous answers are averaged at a time: one slow answer is a pause of the machine, not of the disk */
const STAT_WINDOW = 32;

/**
 * File statuses for a run's planning, which asks one or two per input. A local file system answers
 * a synchronous call in a few microseconds, while the asynchronous one, through libuv's threads and
 * a promise, costs tens (10,000 inputs: 33 ms against ~200 ms, and ~300 ms of processor time,
 * measured): calls are synchronous until a window of them averages over `slowMs` (a network file
 * system, a cold disk), and asynchronous from then on, so that the callers' concurrency hides the
 * wait. Single answers of some milliseconds happen on a local disk too (4 in 10,000, measured),
 * hence the average.
 */
export class StatPace {
  private sync = true;
  private calls = 0;
  private spent = 0;

  constructor(private readonly slowMs = SLOW_STAT_MS) {}

  /** 'sync' until a slow window, then 'async' */
  get mode(): 'sync' | 'async' {
    return this.sync ? 'sync' : 'async';
  }

  async stat(path: string): Promise<Stats> {
    if (!this.sync) return stat(path);
    const t0 = performance.now();
    try {
      return statSync(path);
    } finally {
      this.spent += performance.now() - t0;
      if (++this.calls === STAT_WINDOW) {
        if (this.spent > STAT_WINDOW * this.slowMs) this.sync = false;
        this.calls = 0;
        this.spent = 0;
      }
    }
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.stat(path);
      return true;
    } catch {
      return false;
    }
  }
}

/** The order of input paths everywhere: by UTF-16 code unit, the same on every machine and locale. */
export function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The inputs one argument names: the files under a folder, in input-path order, or the file itself. */
async function* inputsOf(a: string, warn: (line: string) => void): AsyncGenerator<InputFile> {
  const s = await stat(a);
  if (s.isDirectory()) {
    const realRoot = await realpath(a);
    yield* walk({ root: a, realRoot, seen: new Set([realRoot]), warn }, a, '');
  } else yield { root: dirname(a), rel: basename(a) };
}

/**
 * Every input under the given files and folders, in input-path order, streamed: the walks of the
 * arguments are merged as they go, and a path two arguments share is the first one's. Memory holds
 * one folder's entries per level walked, never the whole listing.
 */
export async function* inputsInOrder(args: string[], warn: (line: string) => void = () => {}): AsyncGenerator<InputFile> {
  const sources = args.map((a) => inputsOf(a, warn)[Symbol.asyncIterator]());
  try {
    // each argument's next input; an argument is started, and its errors raised, in the order given
    const heads: (InputFile | null)[] = [];
    for (const it of sources) {
      const r = await it.next();
      heads.push(r.done ? null : r.value);
    }
    for (;;) {
      let min = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h && (min < 0 || byPath(h.rel, heads[min]!.rel) < 0)) min = i;
      }
      if (min < 0) return;
      const first = heads[min]!;
      yield first;
      for (let i = 0; i < heads.length; i++) {
        while (heads[i] && heads[i]!.rel === first.rel) {
          const r = await sources[i].next();
          heads[i] = r.done ? null : r.value;
        }
      }
    }
  } finally {
    for (const it of sources) await it.return?.(undefined);
  }
}

/** Every input under the given files and folders, sorted by relative path, as one list. */
export async function listInputs(args: string[], warn: (line: string) => void = () => {}): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for await (const f of inputsInOrder(args, warn)) out.push(f);
  return out;
}

// A Windows drive at the start of a path: "C:/x.txt", "c:x.txt".
const DRIVE = /^[A-Za-z]:/;

/**
 * `un/A_RES_77_20.txt` → `un/A_RES_77_20.json`; `a\b.txt` (a backslash in a name) → `a\b.json`. A
 * name that would leave the output folder (`../x.txt`, `/etc/x.txt`, `a/../../x.txt`, `a\..\..\x.txt`)
 * is refused with `outside-root`.
 */
export function outputName(rel: string): string {
  const norm = posix.normalize(rel.split('\\').join('/'));
  if (rel.includes('\0') || posix.isAbsolute(norm) || DRIVE.test(norm) || norm === '..' || norm.startsWith('../') || norm === '.') {
    throw new ResolexError('outside-root', `'${rel}' names a place outside the output folder`);
  }
  // the record mirrors the input's own path: a backslash, a plain character of a name here, stays
  // in the name (it is read as a separator above only to refuse names that would leave the folder
  // elsewhere); so every record is its input's path with the extension replaced, which lets a run
  // decide who owns a record from path prefixes alone (see claims.ts)
  const own = posix.normalize(rel);
  const ext = posix.extname(own);
  return (ext ? own.slice(0, -ext.length) : own) + '.json';
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
 * A line given as bytes ends with its newline and may hold several lines; it is copied or written
 * before the next is asked for, so the iterator may hand the same buffer again, refilled.
 */
export async function writeAtomicLines(path: string, lines: AsyncIterable<string | Uint8Array>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempName(path);
  const fh = await open(tmp, 'w');
  try {
    // lines gather in one buffer, written when full: small lines (200,000 inputs of some hundred
    // bytes) then cost one write per buffer, not one each
    const out = Buffer.allocUnsafe(WRITE_BUFFER);
    let used = 0;
    const flush = async () => {
      if (used) await writeAll(fh, out.subarray(0, used));
      used = 0;
    };
    for await (const line of lines) {
      const text = typeof line === 'string';
      const size = text ? Buffer.byteLength(line) + 1 : line.length;
      if (size > out.length - used) await flush();
      // a line longer than the buffer goes alone (a text line as bytes, once)
      if (size > out.length) await writeAll(fh, text ? Buffer.from(`${line}\n`) : line);
      else if (text) {
        used += out.write(line, used);
        out[used++] = 0x0a;
      } else {
        out.set(line, used);
        used += size;
      }
    }
    await flush();
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}

/** all of `bytes`, however many writes it takes */
async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length; ) at += (await fh.write(bytes, at, bytes.length - at)).bytesWritten;
}

/**
 * Bytes gathered before one write of writeAtomicLines: a dataset of 300 MB is 300 writes, not
 * 4,600 of 64 KB (a re-run with one input changed among 10,000: ~2.2 → ~1.9 s, measured).
 */
export const WRITE_BUFFER = 1 << 20;

/** JSON as records are written: two-space indent, keys in the order the record builds them, final newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * Which input a record name belongs to, decided as the inputs come in input-path order, holding
 * only the prefixes of the current path: a run over any number of inputs keeps no map of them all.
 *
 * An input's record is its path with the extension replaced ("a/b.txt" → "a/b.json"), so the
 * path's stem ("a/b") is a prefix of the path. Two inputs that want one record share a stem, and
 * so do an input whose record is "a.json" and one whose record needs a folder "a.json/"; in
 * input-path order, every path between two paths with a common prefix has that prefix too. So a
 * claim on a stem only matters while the paths keep it as a prefix, and a stack of the stems that
 * are prefixes of the current path is all that must be kept. The first input in input-path order
 * keeps the name; a later one collides.
 */
import { posix } from 'node:path';

const RECORD_EXT = '.json';

interface Frame {
  stem: string;
  /** the input whose record is `${stem}.json` */
  record?: string;
  /** the first input whose record lies under a folder `${stem}.json/` */
  folder?: string;
  /** record names of orphans (inputs gone) that want `${stem}.json`, decided when the frame goes */
  orphans?: string[];
}

export class RecordClaims {
  /** stems that are prefixes of the last path seen, shortest first */
  private readonly frames: Frame[] = [];
  /** records of orphans that an input now has: they must not be removed */
  readonly takenOver = new Set<string>();

  /** `reserved`: names of the output folder's own files, with what to call them in a collision */
  constructor(private readonly reserved: ReadonlyMap<string, string>) {}

  /**
   * Claims `record` (and the folders it lies in) for the input `rel`; gives what already holds one
   * of them (another input's path, or a reserved file's description), or null when claimed.
   */
  claim(rel: string, record: string): string | null {
    const stem = stemOf(record);
    this.moveTo(rel);
    const folders = foldersOf(record);
    const own = this.find(stem);
    const other =
      this.reserved.get(record) ??
      own?.record ??
      own?.folder ??
      folders.map((d) => this.reserved.get(d) ?? (d.endsWith(RECORD_EXT) ? this.find(stemOf(d))?.record : undefined)).find(Boolean);
    if (other) return other;
    this.frame(stem).record = rel;
    for (const d of folders) {
      if (!d.endsWith(RECORD_EXT)) continue;
      const f = this.frame(stemOf(d));
      f.folder ??= rel;
    }
    return null;
  }

  /**
   * An orphan (an input gone) of path `rel` that had `record`: is the record another input's now?
   * Known, in `takenOver`, once the paths move past the record's stem or `end` is called. False
   * when the record is not one prefixes can decide (its stem is not a prefix of `rel`: a manifest
   * edited by hand, or written by another version): the caller must find out otherwise.
   */
  orphan(rel: string, record: string): boolean {
    if (this.reserved.has(record)) {
      this.takenOver.add(record);
      return true;
    }
    const stem = stemOf(record);
    if (!record.endsWith(RECORD_EXT) || !rel.startsWith(stem)) return false;
    this.moveTo(rel);
    (this.frame(stem).orphans ??= []).push(record);
    return true;
  }

  /** stems held now: no more than the prefixes of one path */
  get held(): number {
    return this.frames.length;
  }

  /** no more paths: every orphan asked about is decided */
  end(): void {
    while (this.frames.length) this.pop();
  }

  private moveTo(rel: string): void {
    // a stem that is no prefix of this path is no prefix of any later one
    while (this.frames.length && !rel.startsWith(this.frames[this.frames.length - 1].stem)) this.pop();
  }

  private pop(): void {
    const f = this.frames.pop()!;
    if (f.record !== undefined && f.orphans) for (const r of f.orphans) this.takenOver.add(r);
  }

  private find(stem: string): Frame | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.stem === stem) return f;
      if (f.stem.length < stem.length) return undefined;
    }
    return undefined;
  }

  private frame(stem: string): Frame {
    let i = this.frames.length;
    while (i > 0 && this.frames[i - 1].stem.length >= stem.length) {
      if (this.frames[i - 1].stem === stem) return this.frames[i - 1];
      i--;
    }
    const f: Frame = { stem };
    this.frames.splice(i, 0, f);
    return f;
  }
}

/** "a/b.json" → "a/b" */
function stemOf(record: string): string {
  return record.slice(0, record.length - RECORD_EXT.length);
}

/** "a/b/c.json" → ["a", "a/b"] */
function foldersOf(record: string): string[] {
  const out: string[] = [];
  for (let i = record.indexOf('/'); i >= 0; i = record.indexOf('/', i + 1)) out.push(record.slice(0, i));
  return out;
}

/** Whether a record name is the one an input of path `rel` would get: only those are decided by prefixes. */
export function isOwnRecord(rel: string, record: string): boolean {
  const ext = posix.extname(rel);
  return record === `${ext ? rel.slice(0, -ext.length) : rel}${RECORD_EXT}`;
}

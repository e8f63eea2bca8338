/**
 * Reads back the dataset lines the workers spooled (job.ts appendLine), for the dataset writer.
 * Each spool is read through a block of its own: a block read at a line's offset holds the lines
 * its worker spooled after it, which are asked for next. With two jobs the documents alternate
 * between the workers, so the lines that follow one another in input order are seldom neighbours
 * in one spool, and a block seldom holds more than the next one or two: the writer keeps close
 * behind the workers. Reads are synchronous: an asynchronous read cost the main thread ~25-35 µs
 * of processor time whatever its length, a synchronous one of 30 KB from the page cache ~4 µs
 * (measured); a whole block of 1 MB took ~450 µs, read only when a worker is that far ahead,
 * which each holding its next document in hand rides out.
 *
 * A spool only grows, each line written whole before its document's result is posted, and is
 * never rewritten: bytes read from it stay true, so a block read while a worker was still
 * appending serves every line it holds whole; a line past its end is read anew.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** where a worker spooled a document's line (its newline included) */
export interface SpooledLine {
  path: string;
  offset: number;
  length: number;
}

/** the bytes read from each spool at once, unless a line is longer */
export const SPOOL_BLOCK = 1 << 20;

interface Spool {
  fd: number;
  /** the spool's bytes from `start` to `end` */
  block: Buffer;
  start: number;
  end: number;
}

export class SpoolReader {
  private readonly spools = new Map<string, Spool>();
  /** reads from disk so far */
  reads = 0;

  constructor(private readonly blockSize = SPOOL_BLOCK) {}

  /**
   * The line's bytes. They stay valid until the next read of the same spool: the dataset writer
   * is done with a chunk before it asks for the next (see writeAtomicLines).
   */
  read(at: SpooledLine): Uint8Array {
    let s = this.spools.get(at.path);
    if (!s) {
      s = { fd: openSync(at.path, 'r'), block: Buffer.allocUnsafe(0), start: 0, end: 0 };
      this.spools.set(at.path, s);
    }
    if (at.offset < s.start || at.offset + at.length > s.end) {
      // one buffer per spool, kept: a new one per read put the whole dataset through memory outside
      // the heap, which made the collector run over the main thread's heap again and again
      if (s.block.length < at.length || s.block.length < this.blockSize) s.block = Buffer.allocUnsafe(Math.max(at.length, this.blockSize));
      const bytesRead = readSync(s.fd, s.block, 0, s.block.length, at.offset);
      this.reads++;
      s.start = at.offset;
      s.end = at.offset + bytesRead;
      if (bytesRead < at.length) throw new Error(`the dataset line of a document is missing from ${at.path}`);
    }
    return s.block.subarray(at.offset - s.start, at.offset - s.start + at.length);
  }

  close(): void {
    for (const s of this.spools.values()) {
      try {
        closeSync(s.fd);
      } catch {
        // a spool that cannot be closed is removed with the others all the same (removeSpools)
      }
    }
    this.spools.clear();
  }
}

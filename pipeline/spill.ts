/**
 * A list too long to hold, kept on disk: values appended as JSON lines to a temporary file beside
 * the output, read back in order as often as needed, each reading a stream of its own. A run plans
 * hundreds of thousands of inputs into one and then reads it several times (the documents to run,
 * the dataset in input order, the manifest), with memory flat in their number.
 *
 * The first values stay in memory, as they are: a list that fits there (a re-run over ten thousand
 * inputs) is never serialized or written. Past that, the file is made and every value goes to it.
 * Its name is one of writeAtomic's temporary names ("x.1234.5.tmp"): one a stopped run leaves
 * behind is removed by the next.
 */
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tempName } from './io.ts';

/** characters gathered before one write */
const WRITE_BUFFER = 1 << 16;
/** values kept in memory before the file is made (some hundred bytes each: ~4 MB) */
const IN_MEMORY = 10_000;

export class Spill<T> {
  private buffer: string[] = [];
  private buffered = 0;
  private closed = false;
  /** the values, while they are few enough to stay in memory */
  private held: T[] | null = [];
  private fh: FileHandle | null = null;
  /** values appended */
  length = 0;

  private constructor(
    readonly path: string,
    private readonly inMemory: number,
  ) {}

  /**
   * A new, empty spill named after `base` ("<out>/.resolex-plan" → "<out>/.resolex-plan.1234.5.tmp");
   * the file is made once more than `inMemory` values are appended.
   */
  static async create<T>(base: string, inMemory = IN_MEMORY): Promise<Spill<T>> {
    return new Spill<T>(tempName(base), inMemory);
  }

  /** whether the values went to disk */
  get onDisk(): boolean {
    return this.fh !== null;
  }

  async append(value: T): Promise<void> {
    if (this.closed) throw new Error(`spill ${this.path}: appended to after it was closed`);
    if (this.held) {
      if (this.held.length < this.inMemory) {
        this.held.push(value);
        this.length++;
        return;
      }
      this.fh = await open(this.path, 'w');
      const held = this.held;
      this.held = null;
      this.length -= held.length;
      for (const v of held) await this.append(v);
    }
    const line = `${JSON.stringify(value)}\n`;
    this.buffer.push(line);
    this.buffered += line.length;
    this.length++;
    if (this.buffered >= WRITE_BUFFER) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const data = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    await this.fh!.write(data);
  }

  /** every value appended is on disk: the spill may be read */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.fh) return;
    await this.flush();
    await this.fh.close();
  }

  /** The values, in the order appended. */
  async *read(): AsyncGenerator<T> {
    if (!this.closed) throw new Error(`spill ${this.path}: read before it was closed`);
    if (this.held) {
      yield* this.held;
      return;
    }
    const input = createReadStream(this.path, { encoding: 'utf8' });
    const rl = createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of rl) yield JSON.parse(line) as T;
    } finally {
      rl.close();
      input.destroy();
    }
  }

  /** gone from disk, whether or not it was closed */
  async remove(): Promise<void> {
    const wasOpen = !this.closed;
    this.closed = true;
    this.held = [];
    if (!this.fh) return;
    if (wasOpen) await this.fh.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}

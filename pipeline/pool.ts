/**
 * A pool of worker threads for the CPU-bound extraction. A worker that dies fails the document it
 * held (an error record), not the batch: a new worker takes its place.
 */
import { Worker } from 'node:worker_threads';
import { FORMAT_VERSION } from './schema.ts';
import { toJson } from './io.ts';
import type { JobRequest, JobResult } from './job.ts';

const ENTRY = new URL('./worker-entry.js', import.meta.url);

interface Slot {
  worker: Worker;
  job: { req: JobRequest; resolve: (r: JobResult) => void } | null;
}

export class Pool {
  private slots: Slot[] = [];
  private queue: { req: JobRequest; resolve: (r: JobResult) => void }[] = [];
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(ENTRY), job: null };
    slot.worker.on('message', (res: JobResult) => {
      const job = slot.job;
      slot.job = null;
      job?.resolve(res);
      this.next(slot);
    });
    const fail = (why: string) => {
      const job = slot.job;
      slot.job = null;
      if (job) job.resolve(crashed(job.req, why));
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) {
        this.slots[i] = this.spawn();
        this.next(this.slots[i]);
      }
    };
    slot.worker.on('error', (e: Error) => fail(e.message));
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(`worker exited with code ${code}`);
    });
    return slot;
  }

  private next(slot: Slot): void {
    if (slot.job || !this.queue.length) return;
    const job = this.queue.shift()!;
    slot.job = job;
    slot.worker.postMessage(job.req);
  }

  run(req: JobRequest): Promise<JobResult> {
    return new Promise((resolve) => {
      this.queue.push({ req, resolve });
      const free = this.slots.find((s) => !s.job);
      if (free) this.next(free);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

function crashed(req: JobRequest, why: string): JobResult {
  const record = { resolex: FORMAT_VERSION, source: req.source, sha256: null, error: { code: 'worker-crashed', message: `the worker extracting this document stopped: ${why}` } };
  return { id: req.id, ok: false, json: toJson(record), language: 'und', messages: '', counts: { clauses: 0, references: 0, entities: 0, warnings: 0 }, error: record.error };
}

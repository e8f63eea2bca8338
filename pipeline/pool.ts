/**
 * A pool of worker threads for the CPU-bound extraction. A worker that dies fails the document it
 * held (an error record), not the batch: a new worker takes its place. A worker still busy with one
 * document past its time budget (plus a grace period for the cooperative check between stages to
 * fire) is terminated the same way, and the document gets a `time-budget` error record.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { WORKER_ENTRY } from './paths.ts';
import { failedJob, type JobRequest, type JobResult } from './job.ts';


/** Time given past the budget before a worker is stopped: the cooperative check usually fires first. */
export const GRACE_MS = 1000;

interface Job {
  req: JobRequest;
  resolve: (r: JobResult | null) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export class Pool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private closed = false;
  /** one-worker pools running documents again with retryLimits */
  private retries = new Set<Pool>();

  /**
   * `limits` caps each worker's heap: a document that needs more fails alone (`worker-crashed`),
   * unless `retryLimits` is given: it is then run again, alone, in a worker with those limits.
   * Small heaps keep the pool's memory flat over thousands of documents; the rare large document
   * still gets the memory it needs.
   */
  constructor(
    readonly size: number,
    private readonly limits?: ResourceLimits,
    private readonly retryLimits?: ResourceLimits,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_ENTRY, { resourceLimits: this.limits }), job: null, timer: null };
    const settle = (res: (job: Job) => JobResult | null) => {
      const job = slot.job;
      slot.job = null;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      if (job) job.resolve(res(job));
    };
    slot.worker.on('message', (res: JobResult) => {
      settle(() => res);
      this.next(slot);
    });
    const respawn = () => {
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) {
        this.slots[i] = this.spawn();
        this.next(this.slots[i]);
      }
    };
    const replace = (res: (job: Job) => JobResult) => {
      settle(res);
      respawn();
    };
    slot.worker.on('error', (e: Error) => {
      const job = slot.job;
      if (job && this.retryLimits && (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        // out of its small heap: the document runs again alone with more; this slot moves on
        slot.job = null;
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        const big = new Pool(1, this.retryLimits);
        this.retries.add(big);
        void big.run(job.req).then(async (res) => {
          this.retries.delete(big);
          await big.close();
          job.resolve(res);
        });
        respawn();
        return;
      }
      replace((j) => failedJob(j.req, 'worker-crashed', `the worker extracting this document stopped: ${e.message}`, j.req.sha256));
    });
    slot.worker.on('exit', (code) => {
      if (this.closed) settle(() => null);
      else if (slot.job) replace((job) => failedJob(job.req, 'worker-crashed', `the worker extracting this document stopped: worker exited with code ${code}`, job.req.sha256));
    });
    return slot;
  }

  private next(slot: Slot): void {
    if (this.closed || slot.job || !this.queue.length) return;
    const job = this.queue.shift()!;
    slot.job = job;
    slot.worker.postMessage(job.req);
    if (job.req.budgetMs !== undefined) {
      slot.timer = setTimeout(() => {
        if (slot.job !== job) return;
        // synchronous code cannot be interrupted from outside: the worker goes, a new one comes
        const res = failedJob(job.req, 'time-budget', `the document's time budget (${job.req.budgetMs} ms) ran out; its worker was stopped`, job.req.sha256);
        slot.job = null;
        slot.timer = null;
        job.resolve(res);
        const i = this.slots.indexOf(slot);
        slot.worker.removeAllListeners('exit');
        slot.worker.removeAllListeners('message');
        slot.worker.on('error', () => {});
        void slot.worker.terminate();
        if (!this.closed && i >= 0) {
          this.slots[i] = this.spawn();
          this.next(this.slots[i]);
        }
      }, job.req.budgetMs + GRACE_MS);
    }
  }

  /** The document's result, or null when the pool was closed before it was done. */
  run(req: JobRequest): Promise<JobResult | null> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.queue.push({ req, resolve });
      const free = this.slots.find((s) => !s.job);
      if (free) this.next(free);
    });
  }

  /** Stops every worker; documents queued or in progress resolve to null. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.retries].map((p) => p.close()));
    for (const job of this.queue.splice(0)) job.resolve(null);
    await Promise.all(
      this.slots.map(async (s) => {
        if (s.timer) clearTimeout(s.timer);
        await s.worker.terminate();
        const job = s.job;
        s.job = null;
        job?.resolve(null);
      }),
    );
  }
}

/**
 * A pool of worker threads for the CPU-bound extraction. A worker that dies fails the document it
 * held (an error record), not the batch: a new worker takes its place. A worker still busy with one
 * document past its time budget (plus a grace period for the cooperative check between stages to
 * fire) is terminated the same way, and the document gets a `time-budget` error record.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { WORKER_ENTRY } from './paths.ts';
import { failedJob, READY, type JobRequest, type JobResult } from './job.ts';
import type { LanguageRules } from './rules/load.ts';


/** Time given past the budget before a worker is stopped: the cooperative check usually fires first. */
export const GRACE_MS = 1000;

interface Job {
  req: JobRequest;
  resolve: (r: JobResult | null) => void;
}

interface Slot {
  worker: Worker;
  /** the worker has started: budgets run from then, not from when documents were sent */
  ready: boolean;
  /** the documents sent to the worker, in the order it takes them: the first is the one it runs */
  jobs: Job[];
  /** the time budget of the first job */
  timer: NodeJS.Timeout | null;
}

/**
 * Documents sent to a worker ahead of the one it runs: it starts the next as soon as it posts a
 * result, without waiting for the main thread to answer (a profile of --jobs 1 showed the worker
 * idle ~4 % of the time, between one document and the next).
 */
const DEPTH = 2;

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
    size: number,
    private readonly limits?: ResourceLimits,
    private readonly retryLimits?: ResourceLimits,
    /** the rules folder each worker compiles as it starts, before its first document */
    private readonly rulesDir?: string,
    /** that folder's rules as this thread loaded and validated them (loadAllRules): workers compile these, without reading the files again */
    private readonly rules?: LanguageRules[],
  ) {
    this.grow(size);
  }

  get size(): number {
    return this.slots.length;
  }

  /** More workers, up to `size` in all: a pool may start small and grow as work is found. */
  grow(size: number): void {
    while (!this.closed && this.slots.length < size) {
      const slot = this.spawn();
      this.slots.push(slot);
      this.fill(slot);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_ENTRY, { resourceLimits: this.limits, workerData: { rulesDir: this.rulesDir, rules: this.rules } }), ready: false, jobs: [], timer: null };
    slot.worker.on('message', (res: JobResult | typeof READY) => {
      if (res === READY) {
        slot.ready = true;
        this.startTimer(slot);
        return;
      }
      const job = this.shift(slot);
      this.startTimer(slot);
      job?.resolve(res);
      this.fill(slot);
    });
    slot.worker.on('error', (e: Error) => {
      const job = this.shift(slot);
      if (job && this.retryLimits && (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        // out of its small heap: the document runs again alone with more; this slot moves on
        const big = new Pool(1, this.retryLimits, undefined, this.rulesDir, this.rules);
        this.retries.add(big);
        void big.run(job.req).then(async (res) => {
          this.retries.delete(big);
          await big.close();
          job.resolve(res);
        });
      } else job?.resolve(failedJob(job.req, 'worker-crashed', `the worker extracting this document stopped: ${e.message}`, job.req.sha256));
      this.replace(slot);
    });
    slot.worker.on('exit', (code) => {
      if (this.closed) return;
      // a worker gone while idle is replaced too: documents sent to it later would wait forever
      const job = this.shift(slot);
      job?.resolve(failedJob(job.req, 'worker-crashed', `the worker extracting this document stopped: worker exited with code ${code}`, job.req.sha256));
      this.replace(slot);
    });
    return slot;
  }

  /** The job the worker ran, taken off the slot with its timer. */
  private shift(slot: Slot): Job | undefined {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    return slot.jobs.shift();
  }

  /**
   * A new worker in the slot's place. The documents that were waiting in the old one go back to
   * the front of the queue, in their order: they were not started, so they do not fail.
   */
  private replace(slot: Slot): void {
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('message');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    this.queue.unshift(...slot.jobs.splice(0));
    const i = this.slots.indexOf(slot);
    if (this.closed || i < 0) return;
    this.slots[i] = this.spawn();
    for (const s of this.slots) this.fill(s);
  }

  /** The budget of the job the worker runs now, counted from when it starts it (once the worker has started). */
  private startTimer(slot: Slot): void {
    const job = slot.jobs[0];
    if (!slot.ready || !job || job.req.budgetMs === undefined) return;
    slot.timer = setTimeout(() => {
      if (slot.jobs[0] !== job) return;
      // synchronous code cannot be interrupted from outside: the worker goes, a new one comes
      this.shift(slot);
      job.resolve(failedJob(job.req, 'time-budget', `the document's time budget (${job.req.budgetMs} ms) ran out; its worker was stopped`, job.req.sha256));
      this.replace(slot);
    }, job.req.budgetMs + GRACE_MS);
  }

  /** Sends queued documents to the worker until it holds DEPTH of them. */
  private fill(slot: Slot): void {
    while (!this.closed && slot.jobs.length < DEPTH && this.queue.length) {
      const job = this.queue.shift()!;
      slot.jobs.push(job);
      slot.worker.postMessage(job.req);
      if (slot.jobs.length === 1) this.startTimer(slot);
    }
  }

  /** The document's result, or null when the pool was closed before it was done. */
  run(req: JobRequest): Promise<JobResult | null> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.queue.push({ req, resolve });
      // the least busy worker first: a document waits behind another only when every worker has one
      const free = this.slots.reduce<Slot | null>((best, s) => (!best || s.jobs.length < best.jobs.length ? s : best), null);
      if (free) this.fill(free);
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
        for (const job of s.jobs.splice(0)) job.resolve(null);
      }),
    );
  }
}

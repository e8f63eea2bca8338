/**
 * One pass over an asynchronous source for several readers. A run ends by writing the manifest
 * and the stat cache, each from every input and what became of it: read back from the plan's
 * spill past 10,000 inputs (each line parsed again), one pass then serves both.
 *
 * The source is read as the readers ask; the first reader runs ahead of the last by at most
 * `ahead` items, so memory stays bounded whatever the source's length. A reader that stops (its
 * loop breaks or throws, or its `return` is called) no longer holds the others back; the last to
 * stop closes the source. An error of the source reaches every reader still reading.
 */
export function tee<T>(source: AsyncIterable<T>, readers: number, ahead = 256): AsyncIterableIterator<T>[] {
  const it = source[Symbol.asyncIterator]();
  /** items read and not yet taken by every reader: buffer[start] is item number `base` */
  let buffer: T[] = [];
  let start = 0;
  let base = 0;
  /** each reader's next item, Infinity once it stopped */
  const at = new Array<number>(readers).fill(0);
  let pulling: Promise<void> | null = null;
  let ended = false;
  let failure: { error: unknown } | null = null;
  /** readers waiting for the slowest to move */
  let waiting: (() => void)[] = [];

  const slowest = () => Math.min(...at);
  const release = () => {
    const low = slowest();
    const drop = Math.min(low, base + buffer.length - start) - base;
    if (drop > 0) {
      // items every reader has taken are let go; the array is compacted now and then, not at each
      for (let i = start; i < start + drop; i++) buffer[i] = undefined as T;
      start += drop;
      base += drop;
      if (start >= 1024 && start * 2 >= buffer.length) {
        buffer = buffer.slice(start);
        start = 0;
      }
    }
    const w = waiting;
    waiting = [];
    for (const f of w) f();
  };
  const pull = (): Promise<void> =>
    (pulling ??= it.next().then(
      (r) => {
        pulling = null;
        if (r.done) ended = true;
        else buffer.push(r.value);
      },
      (error: unknown) => {
        pulling = null;
        ended = true;
        failure = { error };
      },
    ));
  const stop = async (k: number) => {
    if (at[k] === Infinity) return;
    at[k] = Infinity;
    release();
    if (at.every((n) => n === Infinity) && !ended) {
      ended = true;
      await it.return?.();
    }
  };

  const reader = (k: number): AsyncIterableIterator<T> => ({
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        if (at[k] === Infinity) return { done: true, value: undefined };
        if (at[k] < base + buffer.length - start) {
          const value = buffer[start + at[k] - base];
          at[k]++;
          release();
          return { done: false, value };
        }
        if (failure) throw failure.error;
        if (ended) return { done: true, value: undefined };
        if (at[k] - slowest() >= ahead) await new Promise<void>((resolve) => waiting.push(resolve));
        else await pull();
      }
    },
    async return(): Promise<IteratorResult<T>> {
      await stop(k);
      return { done: true, value: undefined };
    },
  });
  return Array.from({ length: readers }, (_, k) => reader(k));
}

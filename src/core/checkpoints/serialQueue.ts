/**
 * Runs async tasks one at a time, in the order they were queued. A checkpoint store shares one git
 * index and one set of refs, so two overlapping operations (a create while a restore is writing
 * files) would snapshot a half-restored workspace; serialising them is simpler than locking.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => task());
    // A failed task must not stop the ones queued after it.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

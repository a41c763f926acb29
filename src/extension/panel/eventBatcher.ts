export interface BatchTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: BatchTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Coalesces a burst of items (a command streaming output) into one message per interval, so the
 * webview renders once per batch instead of once per event.
 */
export class EventBatcher<T> {
  private items: T[] = [];
  private timer: unknown = null;

  constructor(
    private readonly flushTo: (items: T[]) => void,
    private readonly intervalMs = 50,
    private readonly timers: BatchTimers = realTimers,
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.timer === null) this.timer = this.timers.set(() => this.flush(), this.intervalMs);
  }

  /** Sends what is waiting now (e.g. before a run-state change that must come after it). */
  flush(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    if (!this.items.length) return;
    const items = this.items;
    this.items = [];
    this.flushTo(items);
  }

  /** Drops what is waiting (an `init` that already carries it is about to be sent). */
  clear(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.items = [];
  }
}

import type { AgentEvent, Hook, HookRunResult, HookTrigger } from './model';

/** One pending run of a hook: what fired it, gathered while the hook waits or runs. */
export interface HookBatch {
  trigger: HookTrigger;
  /** Workspace-relative path → how it was seen. Watcher entries give way to the editor's or agent's report of the same change. */
  paths: Map<string, 'watcher' | 'host'>;
  agentEvent?: AgentEvent;
  manual: boolean;
  /** Hooks whose own changes led here: the run passes them on, so none of them fires on its results. */
  chain: Set<string>;
  /** File events and Post* agent events fold into one queued run; Pre* and manual runs each need their own answer. */
  mergeable: boolean;
  waiters: Array<(result: HookRunResult) => void>;
}

/**
 * A hook's schedule: events gather during the debounce, then run; while a run is active, later
 * batches wait, folded into one where they may be, so a hook never runs twice at the same time and
 * a burst during a run costs one more run, not one per event.
 */
export class HookLane {
  gathering: { batch: HookBatch; timer: NodeJS.Timeout; firstAt: number } | null = null;
  running = false;
  readonly queue: HookBatch[] = [];

  constructor(public hook: Hook) {}

  get busy(): boolean {
    return this.running || this.gathering !== null || this.queue.length > 0;
  }

  /** Adds `batch` behind the running one, folding it into the last waiting batch when both allow it. */
  enqueue(batch: HookBatch): void {
    const last = this.queue[this.queue.length - 1];
    if (last && last.mergeable && batch.mergeable && last.trigger === batch.trigger) mergeInto(last, batch);
    else this.queue.push(batch);
  }

  /** Forgets watcher sightings of `path`: the editor or agent has reported that change itself. */
  dropWatcherSighting(path: string): void {
    const batches = [...(this.gathering ? [this.gathering.batch] : []), ...this.queue];
    for (const batch of batches) if (batch.paths.get(path) === 'watcher') batch.paths.delete(path);
    for (let i = this.queue.length - 1; i >= 0; i--) if (isEmptyFileBatch(this.queue[i]!)) this.queue.splice(i, 1);
    if (this.gathering && isEmptyFileBatch(this.gathering.batch)) {
      clearTimeout(this.gathering.timer);
      this.gathering = null;
    }
  }

  /** Drops everything not yet started; their waiters hear `result`. Returns how many runs were dropped. */
  clearPending(result: (hook: string) => HookRunResult): number {
    if (this.gathering) clearTimeout(this.gathering.timer);
    const dropped = [...(this.gathering ? [this.gathering.batch] : []), ...this.queue.splice(0)];
    this.gathering = null;
    for (const batch of dropped) for (const waiter of batch.waiters) waiter(result(this.hook.name));
    return dropped.length;
  }
}

export function mergeInto(target: HookBatch, extra: HookBatch): void {
  for (const [path, via] of extra.paths) if (target.paths.get(path) !== 'host') target.paths.set(path, via);
  for (const name of extra.chain) target.chain.add(name);
  if (extra.agentEvent) target.agentEvent = extra.agentEvent;
  target.waiters.push(...extra.waiters);
}

function isEmptyFileBatch(batch: HookBatch): boolean {
  return batch.paths.size === 0 && !batch.agentEvent && !batch.manual && batch.waiters.length === 0;
}

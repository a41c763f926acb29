import type { SubagentLanes } from './delegation';

/**
 * The sub-agents running in one run or prompt, by lane id, so a person can stop one of them alone
 * (the panel's Stop on a lane): it ends as stopped, with the reason, and the others go on.
 */
export class RunningLanes implements SubagentLanes {
  private readonly stops = new Map<string, (reason: string) => void>();

  open(subagentId: string, stop: (reason: string) => void): () => void {
    this.stops.set(subagentId, stop);
    return () => {
      if (this.stops.get(subagentId) === stop) this.stops.delete(subagentId);
    };
  }

  /** Stops that lane; false when it is not running (finished, never started, or unknown). */
  stop(subagentId: string, reason = 'Stopped by the user.'): boolean {
    const stop = this.stops.get(subagentId);
    if (!stop) return false;
    stop(reason);
    return true;
  }

  /** The lanes running now, in the order they started. */
  get running(): string[] {
    return [...this.stops.keys()];
  }
}

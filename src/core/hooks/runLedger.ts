/**
 * Remembers when each hook ran, so that file changes made by a hook's own action (its command, or
 * the agent answering its prompt) are recognised as caused by that hook and never fire it again.
 *
 * A change is attributed to a run when it happened while the run was active. "When it happened" is
 * the file's ctime, not the moment the event arrived: the watcher reports a write made in the last
 * milliseconds of a run after the run has ended, and ctime cannot be faked by `cp -p` or `touch -d`
 * the way mtime can. Deletions have no ctime, so for them the arrival time counts, with a settle
 * allowance after the run for the watcher's delay.
 *
 * Each run carries its causal chain (the hooks whose changes led to it). A change attributed to a
 * run inherits the chain plus that hook, and no hook in the chain fires on it: A's write fires B,
 * B's write does not fire A again, so loops across hooks stop too.
 */
export class RunLedger {
  private readonly runs: RunRecord[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Records the start of a run; call the returned function when it ends. */
  begin(hookName: string, chain: ReadonlySet<string>): () => void {
    const record: RunRecord = { hookName, chain: new Set([...chain, hookName]), start: this.now(), end: null };
    this.runs.push(record);
    return () => {
      record.end = this.now();
    };
  }

  /** The chain of a hook's run that is active now (for agent writes tagged with that hook), or just the hook. */
  chainOfActiveRun(hookName: string): Set<string> {
    const active = this.runs.filter((r) => r.hookName === hookName && r.end === null);
    return new Set([hookName, ...active.flatMap((r) => [...r.chain])]);
  }

  /**
   * The hooks whose runs caused a change: `changedAtMs` is the file's ctime when known (then
   * `arrivedAtMs` is not used), else pass null and the arrival time is used with a settle allowance.
   */
  causesOf(changedAtMs: number | null, arrivedAtMs: number = this.now()): Set<string> {
    this.prune();
    const causes = new Set<string>();
    for (const run of this.runs) {
      const covered = changedAtMs !== null
        ? changedAtMs >= run.start - CLOCK_SLACK_MS && (run.end === null || changedAtMs <= run.end + CLOCK_SLACK_MS)
        : arrivedAtMs >= run.start && (run.end === null || arrivedAtMs <= run.end + ARRIVAL_SETTLE_MS);
      if (covered) for (const name of run.chain) causes.add(name);
    }
    return causes;
  }

  private prune(): void {
    const horizon = this.now() - KEEP_FINISHED_RUNS_MS;
    for (let i = this.runs.length - 1; i >= 0; i--) {
      const end = this.runs[i]!.end;
      if (end !== null && end < horizon) this.runs.splice(i, 1);
    }
  }
}

interface RunRecord {
  hookName: string;
  chain: Set<string>;
  start: number;
  end: number | null;
}

/**
 * File times come from the kernel's coarse clock, which can lag Date.now() by a scheduler tick
 * (4–10 ms); this allowance keeps a write made just after a run started inside the run.
 */
const CLOCK_SLACK_MS = 25;
/** How long after a run a deletion may still be reported by the watcher and be the run's own. */
const ARRIVAL_SETTLE_MS = 300;
/** Late events (a stat that took long, a busy machine) still find the run they belong to. */
const KEEP_FINISHED_RUNS_MS = 30_000;

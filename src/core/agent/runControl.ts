/** What a host may ask of the task under way while a run lasts. */
interface SteerableTask {
  compact(focus?: string): void;
}

/**
 * The run's handle on its current task: the runner attaches each task's session while it works, and
 * the host's Compact Conversation reaches it here.
 */
export class RunControl {
  private task: SteerableTask | null = null;

  attach(task: SteerableTask | null): void {
    this.task = task;
  }

  /**
   * Summarise the task's conversation before its next model request (optionally keeping `focus` in
   * particular). False when no task is under way (before the first, between tasks, after the last).
   */
  compact(focus?: string): boolean {
    if (!this.task) return false;
    this.task.compact(focus?.trim() || undefined);
    return true;
  }
}

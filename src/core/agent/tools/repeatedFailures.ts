/** Why the guard spoke up: the same failing call back to back, or repeatedly over the task. */
export interface RepeatedFailure {
  tool: string;
  /** Failures of this exact call in a row, ending with this one. */
  inARow: number;
  /** Failures of this exact call since the task started. */
  inTask: number;
  message: string;
}

export interface RepeatedFailureLimits {
  /** Identical failing calls back to back. Default 3. */
  inARow?: number;
  /** Identical failing calls anywhere in the task. Default 3. */
  inTask?: number;
}

/**
 * Notices a model stuck repeating a call that keeps failing, which burns budget without progress.
 * The runner records every call; record() returns a report (truthy) once the same failing call has
 * reached either limit, and null otherwise.
 */
export class RepeatedFailureGuard {
  private readonly failuresInTask = new Map<string, number>();
  private lastKey: string | null = null;
  private streak = 0;
  private readonly inARowLimit: number;
  private readonly inTaskLimit: number;

  /** A number sets both limits. */
  constructor(limits: RepeatedFailureLimits | number = {}) {
    const { inARow = 3, inTask = 3 } = typeof limits === 'number' ? { inARow: limits, inTask: limits } : limits;
    this.inARowLimit = inARow;
    this.inTaskLimit = inTask;
  }

  /** `input` is the call's input: a canonical JSON string, or a value that is canonicalized here. */
  record(tool: string, input: unknown, isError: boolean): RepeatedFailure | null {
    const key = `${tool}\u0000${typeof input === 'string' ? input : canonicalJson(input)}`;
    if (!isError) {
      if (key === this.lastKey) this.streak = 0;
      this.lastKey = key;
      return null;
    }
    this.streak = key === this.lastKey ? this.streak + 1 : 1;
    this.lastKey = key;
    const inTask = (this.failuresInTask.get(key) ?? 0) + 1;
    this.failuresInTask.set(key, inTask);
    if (this.streak < this.inARowLimit && inTask < this.inTaskLimit) return null;
    const how = this.streak >= this.inARowLimit ? `${this.streak} times in a row` : `${inTask} times in this task`;
    return { tool, inARow: this.streak, inTask, message: `The same ${tool} call failed ${how}.` };
  }

  /** Forgets everything: call when a new task starts. */
  reset(): void {
    this.failuresInTask.clear();
    this.lastKey = null;
    this.streak = 0;
  }
}

/** JSON with object keys sorted, so equal inputs give equal strings whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Stops a run that keeps making the same failing call: a model stuck in a loop burns the user's
 * money without progress. Three identical failing calls in one task end it.
 */
export class RepeatedFailureGuard {
  private readonly failures = new Map<string, number>();

  constructor(private readonly limit = 3) {}

  /** Records a call's outcome; returns true when this failure has now happened `limit` times. */
  record(tool: string, input: unknown, isError: boolean): boolean {
    const key = `${tool}\u0000${stableJson(input)}`;
    if (!isError) {
      this.failures.delete(key);
      return false;
    }
    const count = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, count);
    return count >= this.limit;
  }
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

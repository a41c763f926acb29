/**
 * Runs `work` over `items` with at most `limit` running at once, in order of the items, and gives the
 * results in that order. A stop (the signal) keeps queued items from starting: each gets `notStarted`
 * instead, so every item has an answer. One item's failure is its own: `work` returns, never throws.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T, index: number) => Promise<R>,
  notStarted: (item: T, index: number) => R,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      results[index] = signal.aborted ? notStarted(item, index) : await work(item, index);
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(limit), items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

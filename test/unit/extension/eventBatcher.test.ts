import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBatcher } from '../../../src/extension/panel/eventBatcher';

afterEach(() => void vi.useRealTimers());

describe('EventBatcher', () => {
  it('sends a burst as one batch after the interval', () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const batcher = new EventBatcher<number>((items) => batches.push(items), 50);
    for (let i = 0; i < 100; i++) batcher.push(i);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(100);
  });

  it('flushes on demand and starts a new batch afterwards', () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const batcher = new EventBatcher<number>((items) => batches.push(items), 50);
    batcher.push(1);
    batcher.flush();
    batcher.push(2);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[1], [2]]);
  });

  it('drops what waits on clear (an init carries it instead)', () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const batcher = new EventBatcher<number>((items) => batches.push(items), 50);
    batcher.push(1);
    batcher.clear();
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([]);
  });
});

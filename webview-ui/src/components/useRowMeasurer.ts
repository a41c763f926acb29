import { useCallback, useRef, useState } from 'react';

export interface RowMeasurer {
  /** Measured heights by row key (mutated in place; `version` says when the layout must change). */
  heights: Map<string, number>;
  version: number;
  /** A ref callback for each rendered row; the row element carries its key in `data-key`. */
  measureRef(element: HTMLDivElement | null): (() => void) | void;
  /** Reads the heights of the rows in `container` now (from a layout effect: before paint). */
  measureRows(container: HTMLElement): void;
}

/**
 * Measures rendered rows: synchronously after each commit, and with one ResizeObserver for later
 * changes (a diff opened, output streaming in). `usedHeight` is the height the layout currently gives
 * a key; only a measurement that differs from it re-renders, so rows that match their estimate cost
 * nothing. Zero heights (a hidden panel) are ignored; a DOM without layout keeps the estimates.
 */
export function useRowMeasurer(usedHeight: (key: string) => number | undefined): RowMeasurer {
  const heights = useRef(new Map<string, number>()).current;
  const [version, setVersion] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const used = useRef(usedHeight);
  used.current = usedHeight;

  /** Records a height; true when the layout must change. */
  const record = useCallback(
    (key: string | undefined, height: number): boolean => {
      if (key === undefined || !(height > 0)) return false;
      const before = heights.get(key) ?? used.current(key);
      heights.set(key, height);
      return before === undefined || Math.abs(before - height) > 0.5;
    },
    [heights],
  );

  const measureRef = useCallback(
    (element: HTMLDivElement | null) => {
      if (!element || typeof ResizeObserver === 'undefined') return;
      observer.current ??= new ResizeObserver((entries) => {
        let changed = false;
        for (const entry of entries) {
          const target = entry.target as HTMLElement;
          changed = record(target.dataset.key, entry.borderBoxSize?.[0]?.blockSize ?? target.getBoundingClientRect().height) || changed;
        }
        if (changed) setVersion((v) => v + 1);
      });
      const current = observer.current;
      current.observe(element);
      return () => current.unobserve(element);
    },
    [record],
  );

  const measureRows = useCallback(
    (container: HTMLElement) => {
      let changed = false;
      for (const row of container.children) changed = record((row as HTMLElement).dataset.key, row.getBoundingClientRect().height) || changed;
      if (changed) setVersion((v) => v + 1);
    },
    [record],
  );

  return { heights, version, measureRef, measureRows };
}

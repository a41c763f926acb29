import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ScrollAnchor } from '../state/uiState';
import { useRowMeasurer } from './useRowMeasurer';

/** Rows this far outside the viewport are rendered too, so fast scrolling does not show blanks. */
const OVERSCAN_PX = 300;
/**
 * After a jump (the scrollbar dragged or clicked far away) only the rows in view are rendered: the
 * overscan would cost as much again in every frame of a drag. It comes back once the reader scrolls
 * by less than a screen or stops for this long.
 */
const OVERSCAN_RESTORE_MS = 120;
/** Within this distance of the end the list counts as "at the bottom" and follows new rows. */
const BOTTOM_SLACK_PX = 24;
const NEAR_TOP_PX = 200;

export interface VirtualListProps<T> {
  items: readonly T[];
  itemKey(item: T): string;
  /** A guess for rows not measured yet; measured heights replace it. */
  estimateHeight(item: T): number;
  renderItem(item: T): ReactNode;
  /** Where to start: a row to restore to, or null to follow the end. */
  initialAnchor: ScrollAnchor | null;
  /** Called when the reader scrolls: the row at the top, or null when following the end. */
  onAnchorChange(anchor: ScrollAnchor | null): void;
  onNearTop(): void;
  label: string;
  busy?: boolean;
}

/**
 * A windowed list with measured row heights. Only rows near the viewport are in the DOM; they sit in
 * normal flow inside a window translated to the first rendered row's offset. The list follows the end
 * while the reader is at the bottom; otherwise it keeps the reader's top row still when rows above it
 * grow, appear (older pages) or are measured, unless the reader has scrolled since (a scrollbar drag
 * outruns the measurements). A jump renders the rows in view alone; the overscan follows.
 */
export function VirtualList<T>(props: VirtualListProps<T>): ReactNode {
  const { items, itemKey, estimateHeight, renderItem, initialAnchor, onAnchorChange, onNearTop } = props;
  const viewportRef = useRef<HTMLDivElement>(null);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [overscan, setOverscan] = useState(OVERSCAN_PX);
  const overscanTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const following = useRef(initialAnchor === null);
  const anchor = useRef<ScrollAnchor | null>(initialAnchor);
  const restorePending = useRef(initialAnchor !== null);
  /** The scrollTop the list last left itself at while following; a different value means the reader moved. */
  const followedTop = useRef(0);
  /** The scrollTop as of the last scroll event or the list's own last move; a different value is a scroll whose event is still to come. */
  const seenTop = useRef(0);
  const [showJump, setShowJump] = useState(initialAnchor !== null);
  /** Where each rendered row sits in the current layout, for the measurer to compare against. */
  const layoutRef = useRef<{ offsets: Float64Array; indexOf: Map<string, number> }>({ offsets: new Float64Array(1), indexOf: new Map() });
  const usedHeight = useCallback((key: string) => {
    const { offsets, indexOf } = layoutRef.current;
    const i = indexOf.get(key);
    return i === undefined ? undefined : offsets[i + 1]! - offsets[i]!;
  }, []);
  const { heights, version, measureRef, measureRows } = useRowMeasurer(usedHeight);
  const windowRef = useRef<HTMLDivElement>(null);

  // Measure the rows this commit rendered before the browser paints, so they are placed right in the
  // first frame (the ResizeObserver catches later changes: a diff opened, output streaming in).
  useLayoutEffect(() => {
    if (windowRef.current) measureRows(windowRef.current);
  });

  const keys = useMemo(() => items.map(itemKey), [items, itemKey]);
  const estimates = useMemo(() => Float64Array.from(items, (item) => estimateHeight(item)), [items, estimateHeight]);
  const offsets = useMemo(() => {
    const result = new Float64Array(keys.length + 1);
    for (let i = 0; i < keys.length; i++) result[i + 1] = result[i]! + (heights.get(keys[i]!) ?? estimates[i]!);
    return result;
    // `version` is a dependency because measuring mutates the heights map in place.
  }, [keys, estimates, heights, version]);
  const total = offsets[items.length]!;

  const height = viewportHeight || fallbackViewportHeight();
  const top = windowTop(scrollTop);
  const start = indexAt(offsets, top - overscan);
  const end = Math.min(items.length, indexAt(offsets, top + height + overscan) + 1);
  const rendered = useRef({ start, end });
  rendered.current = { start, end };
  const indexOf = new Map<string, number>();
  for (let i = start; i < end; i++) indexOf.set(keys[i]!, i);
  layoutRef.current = { offsets, indexOf };

  /**
   * Where the viewport will be once the layout effect below has placed it: the end while following,
   * the saved anchor while restoring. Rendering that window straight away saves rendering the top
   * of the list first and throwing it away.
   */
  function windowTop(current: number): number {
    if (restorePending.current && anchor.current) {
      const index = keys.indexOf(anchor.current.key);
      if (index >= 0) return offsets[index]! + anchor.current.offset;
    }
    return following.current ? Math.max(0, total - height) : current;
  }

  const anchorAt = useCallback(
    (top: number): ScrollAnchor | null => {
      if (items.length === 0) return null;
      const index = indexAt(offsets, top);
      return { key: keys[index]!, offset: top - offsets[index]! };
    },
    [items.length, offsets, keys],
  );

  const setFollowing = useCallback(
    (value: boolean) => {
      following.current = value;
      setShowJump(!value);
    },
    [],
  );

  // After every layout change, put the viewport where the reader expects it.
  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el || items.length === 0) return;
    const bottom = Math.max(0, total - (el.clientHeight || height));
    if (restorePending.current) {
      restorePending.current = false;
      const index = anchor.current ? keys.indexOf(anchor.current.key) : -1;
      if (index >= 0) el.scrollTop = offsets[index]! + anchor.current!.offset;
      else setFollowing(true);
    }
    if (following.current) {
      const readerMoved = el.scrollTop < followedTop.current - 2 && el.scrollTop < bottom - BOTTOM_SLACK_PX;
      if (readerMoved) {
        setFollowing(false);
        anchor.current = anchorAt(el.scrollTop);
      } else {
        el.scrollTop = bottom;
        followedTop.current = el.scrollTop;
      }
    } else if (anchor.current) {
      // The reader scrolled after the anchor was taken (dragging the scrollbar while rows above were
      // measured): their new position wins over the old anchor. A position the shorter list cannot
      // reach any more is the browser's clamp, not the reader.
      const readerMoved = Math.abs(el.scrollTop - seenTop.current) > 1 && seenTop.current <= el.scrollHeight - el.clientHeight;
      const index = readerMoved ? -1 : keys.indexOf(anchor.current.key);
      const target = index >= 0 ? offsets[index]! + anchor.current.offset : null;
      if (target !== null && Math.abs(el.scrollTop - target) > 1) el.scrollTop = target;
      if (readerMoved) anchor.current = anchorAt(el.scrollTop);
    }
    seenTop.current = el.scrollTop;
    if (el.scrollTop !== scrollTop) setScrollTop(el.scrollTop);
    // Only a layout change moves the viewport; scrolling itself is the reader's.
  }, [offsets]);

  // Track the viewport's size: a taller panel shows more rows, and a following list stays at the end.
  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      setViewportHeight(el.clientHeight);
      if (following.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    const el = viewportRef.current;
    if (!el) return;
    const top = el.scrollTop;
    seenTop.current = top;
    const atBottom = top + el.clientHeight >= el.scrollHeight - BOTTOM_SLACK_PX;
    setFollowing(atBottom);
    if (atBottom) followedTop.current = top;
    anchor.current = atBottom ? null : anchorAt(top);
    onAnchorChange(anchor.current);
    // A jump: no row rendered now is in view at the new position.
    const jumped = indexAt(offsets, top) >= rendered.current.end || indexAt(offsets, top + height) < rendered.current.start;
    const nextOverscan = jumped ? 0 : OVERSCAN_PX;
    clearTimeout(overscanTimer.current);
    if (jumped) overscanTimer.current = setTimeout(() => setOverscan(OVERSCAN_PX), OVERSCAN_RESTORE_MS);
    const nextStart = indexAt(offsets, top - nextOverscan);
    const nextEnd = Math.min(items.length, indexAt(offsets, top + height + nextOverscan) + 1);
    if (nextStart !== rendered.current.start || nextEnd !== rendered.current.end) {
      setOverscan(nextOverscan);
      setScrollTop(top);
    }
    if (top < NEAR_TOP_PX) onNearTop();
  }, [anchorAt, onAnchorChange, onNearTop, offsets, items.length, height, setFollowing]);

  useEffect(() => () => clearTimeout(overscanTimer.current), []);

  // A wheel or key scroll upwards is the reader leaving the end, even if new rows arrive before the scroll event.
  const onReaderScrollsUp = useCallback(() => {
    if (following.current && (viewportRef.current?.scrollTop ?? 0) > 0) setFollowing(false);
  }, [setFollowing]);

  const jumpToLatest = useCallback(() => {
    const el = viewportRef.current;
    setFollowing(true);
    anchor.current = null;
    onAnchorChange(null);
    if (el) {
      el.scrollTop = el.scrollHeight;
      followedTop.current = el.scrollTop;
    }
  }, [onAnchorChange, setFollowing]);

  return (
    <div className="sw-log-frame">
      <div
        ref={viewportRef}
        className="sw-log"
        role="log"
        aria-label={props.label}
        aria-live={showJump ? 'off' : 'polite'}
        aria-busy={props.busy || undefined}
        tabIndex={0}
        onScroll={onScroll}
        onWheel={(e) => e.deltaY < 0 && onReaderScrollsUp()}
        onKeyDown={(e) => (e.key === 'PageUp' || e.key === 'ArrowUp' || e.key === 'Home') && e.target === e.currentTarget && onReaderScrollsUp()}
      >
        <div className="sw-log__content" style={{ height: total }}>
          <div ref={windowRef} className="sw-log__window" style={{ transform: `translateY(${offsets[start]}px)` }}>
            {items.slice(start, end).map((item, i) => {
              const key = keys[start + i]!;
              return (
                <div key={key} data-key={key} ref={measureRef} className="sw-log__row">
                  {renderItem(item)}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {showJump && (
        <button type="button" className="sw-jump" onClick={jumpToLatest}>
          <span aria-hidden="true">↓</span> Jump to latest
        </button>
      )}
    </div>
  );
}

/** The index of the row that contains `y` (clamped to the list). */
function indexAt(offsets: Float64Array, y: number): number {
  const last = offsets.length - 2;
  if (last < 0) return 0;
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Before the first measurement (and in a DOM without layout) assume a window-tall viewport. */
function fallbackViewportHeight(): number {
  return typeof window === 'undefined' ? 800 : window.innerHeight || 800;
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { HostChannel } from '../host/vscodeApi';
import { loadUiState, type ScrollAnchor, type UiState } from './uiState';

/** Scrolling saves at most this often; the webview's setState crosses to the host. */
const ANCHOR_SAVE_MS = 150;

type UiChange = Partial<Omit<UiState, 'anchor' | 'version'>>;

export interface SavedUiState {
  ui: UiState;
  /** The anchor the panel was left at, for restoring once the host re-sends the run. */
  initialAnchor: ScrollAnchor | null;
  update(change: UiChange | ((ui: UiState) => UiChange)): void;
  /** Records the reader's position without re-rendering the panel. */
  setAnchor(anchor: ScrollAnchor | null): void;
}

/** The panel's view state, kept in the webview's saved state so it survives hiding and re-showing. */
export function useSavedUiState(host: HostChannel): SavedUiState {
  const [initial] = useState(() => loadUiState(host.loadState()));
  const [ui, setUi] = useState(initial);
  const latest = useRef(initial);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const save = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    host.saveState(latest.current);
  }, [host]);

  const update = useCallback(
    (change: UiChange | ((ui: UiState) => UiChange)) => {
      latest.current = { ...latest.current, ...(typeof change === 'function' ? change(latest.current) : change) };
      setUi(latest.current);
      save();
    },
    [save],
  );

  const setAnchor = useCallback(
    (anchor: ScrollAnchor | null) => {
      latest.current = { ...latest.current, anchor };
      timer.current ??= setTimeout(save, ANCHOR_SAVE_MS);
    },
    [save],
  );

  useEffect(() => () => {
    if (timer.current !== null) save();
  }, [save]);

  return { ui, initialAnchor: initial.anchor, update, setAnchor };
}

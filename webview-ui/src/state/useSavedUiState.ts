import { useCallback, useEffect, useRef, useState } from 'react';
import type { HostChannel } from '../host/vscodeApi';
import { loadUiState, type ScrollAnchor, type UiState } from './uiState';

/** Scrolling saves at most this often; the webview's setState crosses to the host. */
const ANCHOR_SAVE_MS = 150;
/**
 * While the draft holds images, its text is saved once typing pauses this long rather than on every
 * keystroke: each save carries the whole state, the images' base64 with it.
 */
export const DRAFT_WITH_IMAGES_SAVE_MS = 400;

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
      const changed = typeof change === 'function' ? change(latest.current) : change;
      latest.current = { ...latest.current, ...changed };
      setUi(latest.current);
      if (latest.current.draftImages.length > 0 && isDraftTextOnly(changed)) {
        if (timer.current !== null) clearTimeout(timer.current);
        timer.current = setTimeout(save, DRAFT_WITH_IMAGES_SAVE_MS);
      } else {
        save();
      }
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

  // A save still waiting goes out when the panel loses the focus or is put away (a hidden webview is
  // destroyed, timers and all), and when it unmounts.
  useEffect(() => {
    const flush = () => {
      if (timer.current !== null) save();
    };
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('blur', flush);
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('blur', flush);
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      flush();
    };
  }, [save]);

  return { ui, initialAnchor: initial.anchor, update, setAnchor };
}

function isDraftTextOnly(change: UiChange): boolean {
  const keys = Object.keys(change);
  return keys.length === 1 && keys[0] === 'draft';
}

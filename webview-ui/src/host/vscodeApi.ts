import type { PanelMessage } from '../../../src/shared/panelMessages';

/** The object VS Code gives a webview through `acquireVsCodeApi()` (callable once per page). */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

/** The panel's typed face of that object: it can only post protocol messages. */
export interface HostChannel {
  post(message: PanelMessage): void;
  loadState(): unknown;
  saveState(state: unknown): void;
}

export function hostChannel(api: VsCodeApi): HostChannel {
  return {
    post: (message) => api.postMessage(message),
    loadState: () => api.getState(),
    saveState: (state) => void api.setState(state),
  };
}

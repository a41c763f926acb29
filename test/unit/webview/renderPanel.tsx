import { act, render, type RenderResult } from '@testing-library/react';
import { vi } from 'vitest';
import type { ActivityEvent } from '../../../src/core/activity';
import type { HostMessage, PanelMessage, RunState } from '../../../src/shared/panelMessages';
import { ActivityPanel } from '../../../webview-ui/src/components/ActivityPanel';
import { hostChannel, type VsCodeApi } from '../../../webview-ui/src/host/vscodeApi';

/** Stands in for the object acquireVsCodeApi() returns: records what the panel posts and saves. */
export class FakeVsCodeApi implements VsCodeApi {
  readonly posted: PanelMessage[] = [];
  constructor(public state: unknown = undefined) {}
  postMessage(message: unknown): void {
    this.posted.push(message as PanelMessage);
  }
  getState(): unknown {
    return this.state;
  }
  setState<T>(state: T): T {
    this.state = state;
    return state;
  }
}

export interface RenderedPanel extends RenderResult {
  vscode: FakeVsCodeApi;
  logged: string[];
  /** Delivers a message the way the host does: a `message` event on the webview's window. */
  send(message: HostMessage | unknown): void;
}

/**
 * jsdom has no layout: give the log a viewport of `height` pixels and a scroll height equal to its
 * content's, as a browser would. Undone by vi.restoreAllMocks().
 */
export function simulateLayout(height: number): void {
  const isLog = (el: Element) => el.classList.contains('sw-log');
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
    return isLog(this) ? height : 0;
  });
  vi.spyOn(Element.prototype, 'scrollHeight', 'get').mockImplementation(function (this: Element) {
    const content = isLog(this) ? (this.firstElementChild as HTMLElement | null) : null;
    return content ? parseFloat(content.style.height) || 0 : 0;
  });
}

/** Renders the panel with a fake VS Code API and a log viewport tall enough for the recorded run. */
export function renderPanel(savedState?: unknown, viewportHeight = 4000): RenderedPanel {
  simulateLayout(viewportHeight);
  const vscode = new FakeVsCodeApi(savedState);
  const logged: string[] = [];
  const result = render(<ActivityPanel host={hostChannel(vscode)} log={(m) => logged.push(m)} />);
  const send = (message: unknown) => act(() => void window.dispatchEvent(new MessageEvent('message', { data: message })));
  return { ...result, vscode, logged, send };
}

export const runningState: RunState = { status: 'running', tokens: 0, costUsd: 0, startedAt: new Date().toISOString() };

export function initMessage(events: ActivityEvent[], overrides: Partial<Extract<HostMessage, { type: 'init' }>> = {}): HostMessage {
  return {
    type: 'init',
    run: { runId: events[0]?.runId ?? 'run-1', task: 'todo-cli · 2.1 Add the list command', autonomy: 'balanced', model: 'claude-sonnet-4-5' },
    state: runningState,
    events,
    hasOlder: false,
    ...overrides,
  } as HostMessage;
}

/** Builds events of one run with consecutive seqs; each entry gives the type-specific fields. */
export function eventsOf(entries: Array<Record<string, unknown> & { type: ActivityEvent['type'] }>, firstSeq = 0, runId = 'run-1'): ActivityEvent[] {
  return entries.map((entry, i) => ({ runId, seq: firstSeq + i, time: `2025-11-21T10:00:${String(i % 60).padStart(2, '0')}.000Z`, ...entry }) as ActivityEvent);
}

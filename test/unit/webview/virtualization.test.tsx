// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { syntheticRun } from '../../e2e/panel/syntheticRun';
import { eventsOf, initMessage, renderPanel } from './renderPanel';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const VIEWPORT = 600;
const run = syntheticRun(10_000);
const renderedRows = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>('.sw-log__row')];
const renderedSeqs = (container: HTMLElement) => renderedRows(container).map((row) => Number(row.querySelector('.sw-step')?.getAttribute('data-seq')));

function openLongRun(saved?: unknown) {
  const panel = renderPanel(saved, VIEWPORT);
  panel.send(initMessage(run));
  return { panel, log: screen.getByRole('log') };
}

function scrollTo(log: HTMLElement, top: number) {
  log.scrollTop = top;
  fireEvent.scroll(log);
}

describe('a 10,000-event run', () => {
  it('puts far fewer rows in the DOM than there are events', () => {
    const { panel } = openLongRun();
    const rows = renderedRows(panel.container).length;
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThan(100);
  });

  it('sizes the scrollable content for every step, not just the rendered ones', () => {
    const { log } = openLongRun();
    // 10,000 events make 6,250 steps (a command gathers its output and exit; usage has no row), each at least one 24px line.
    expect(log.scrollHeight).toBeGreaterThanOrEqual(6250 * 24);
  });

  it('opens at the end of the run', () => {
    const { panel } = openLongRun();
    expect(renderedSeqs(panel.container).at(-1)).toBe(9_998);
  });

  it('renders the rows at the scroll position', () => {
    const { panel, log } = openLongRun();
    scrollTo(log, 0);
    expect(renderedSeqs(panel.container)[0]).toBe(0);
    expect(renderedRows(panel.container).length).toBeLessThan(100);
  });

  it('renders only the rows in view after a jump, and the rows around them once the scrolling stops', () => {
    vi.useFakeTimers();
    const { panel, log } = openLongRun();
    scrollTo(log, 60_000);
    const afterJump = renderedSeqs(panel.container);
    act(() => vi.runOnlyPendingTimers());
    const settled = renderedSeqs(panel.container);
    expect(afterJump.length).toBeLessThan(settled.length);
    expect(settled[0]).toBeLessThan(afterJump[0]!);
    expect(settled.at(-1)).toBeGreaterThan(afterJump.at(-1)!);
  });

  it('keeps the rows around the view while the reader scrolls by less than a screen', () => {
    const { panel, log } = openLongRun();
    scrollTo(log, 60_000);
    const afterJump = renderedSeqs(panel.container);
    scrollTo(log, 59_900);
    const scrolled = renderedSeqs(panel.container);
    expect(scrolled.length).toBeGreaterThan(afterJump.length);
    expect(scrolled).toEqual(expect.arrayContaining(afterJump));
  });

  it('follows new events while the reader is at the end', () => {
    const { panel } = openLongRun();
    panel.send({ type: 'append', events: eventsOf([{ type: 'assistant_text', text: 'The newest step.' }], 10_000, run[0]!.runId) });
    expect(renderedRows(panel.container).at(-1)?.textContent).toContain('The newest step.');
  });

  it('keeps the reader where they are when events arrive while they read older steps', () => {
    const { panel, log } = openLongRun();
    scrollTo(log, 3000);
    const firstSeq = renderedSeqs(panel.container)[0];
    panel.send({ type: 'append', events: eventsOf([{ type: 'assistant_text', text: 'The newest step.' }], 10_000, run[0]!.runId) });
    expect(log.scrollTop).toBe(3000);
    expect(renderedSeqs(panel.container)[0]).toBe(firstSeq);
  });

  it('offers Jump to latest once the reader scrolls up, and goes back to the end with it', () => {
    const { panel, log } = openLongRun();
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
    scrollTo(log, 3000);
    fireEvent.click(screen.getByRole('button', { name: /Jump to latest/ }));
    expect(log.scrollTop).toBe(log.scrollHeight);
    fireEvent.scroll(log);
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
    expect(renderedSeqs(panel.container).at(-1)).toBe(9_998);
  });

  it('stops announcing new rows to screen readers while the reader is scrolled up', () => {
    const { log } = openLongRun();
    expect(log.getAttribute('aria-live')).toBe('polite');
    scrollTo(log, 3000);
    expect(log.getAttribute('aria-live')).toBe('off');
  });

  it('returns to the saved reading position when re-shown', () => {
    vi.useFakeTimers();
    const first = openLongRun();
    scrollTo(first.log, 3000);
    act(() => vi.runOnlyPendingTimers());
    const windowBefore = renderedSeqs(first.panel.container);
    const saved = first.panel.vscode.state;
    vi.useRealTimers();
    cleanup();
    const second = openLongRun(saved);
    expect(saved).toMatchObject({ anchor: { key: expect.stringMatching(/^run-long:\d+$/) } });
    expect(renderedSeqs(second.panel.container)).toEqual(windowBefore);
    expect(screen.getByRole('button', { name: /Jump to latest/ })).toBeTruthy();
  });
});

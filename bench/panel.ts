import type { Browser, Page } from 'playwright-core';
import type { HostMessage } from '../src/shared/panelMessages';

type InitMessage = Extract<HostMessage, { type: 'init' }>;
import { buildPanelBundle, launchChromium, startPanelServer, type PanelServer } from '../test/e2e/panel/panelHarness';
import { syntheticRun } from '../test/e2e/panel/syntheticRun';

/**
 * The Agent Activity panel under a 10,000-event run, in headless Chromium with the production
 * bundle: how long the first render takes (host message posted, its structured clone and the
 * panel's zod validation included → first frame painted with rows), and how long frames take while
 * the log scrolls (requestAnimationFrame deltas). Frame times stretch when other processes take the
 * CPU, so each scroll series runs a second time under a trace for the renderer's main-thread CPU time
 * per frame (script, style, layout, paint: the panel's own work), the steadier figure on a busy
 * machine. Prints figures; asserts nothing. Needs /usr/bin/chromium.
 */

const EVENTS = 10_000;
const FIRST_RENDER_TARGET_MS = 200;
const FRAME_TARGET_MS = 16;
const SAMPLES = 5;
const PAGE = 1_000;
const FRAMES = 240;

export async function benchPanel(): Promise<void> {
  const events = syntheticRun(EVENTS);
  const init: InitMessage = {
    type: 'init',
    run: { runId: events[0]!.runId, task: 'bench · 10,000 events', autonomy: 'full' },
    state: { status: 'running', tokens: 0, costUsd: 0, startedAt: new Date().toISOString() },
    events,
    hasOlder: false,
  };
  const browser = await launchChromium();
  const server = await startPanelServer(await buildPanelBundle({ production: true }));
  try {
    // All 10,000 events in one init, and the way the host should send a long run: the newest page
    // (PAGE events, hasOlder) with older history paged on demand.
    const paged: InitMessage = { ...init, events: events.slice(-PAGE), hasOlder: true };
    for (const [message, what] of [[init, `all ${EVENTS.toLocaleString('en')} events in one init`], [paged, `the newest ${PAGE.toLocaleString('en')} in the init, older paged on demand`]] as const) {
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) samples.push(await firstRender(browser, server, message));
      report(`first render of a ${EVENTS.toLocaleString('en')}-event run, ${what}`, `median ${ms(median(samples))}, worst ${ms(Math.max(...samples))} over ${SAMPLES} fresh pages`, median(samples), FIRST_RENDER_TARGET_MS);
    }

    const page = await openPanel(browser, server);
    await firstRenderOn(page, init);
    for (const [name, mode] of [['steady scroll, 300 px per frame', 'steady'], ['scrollbar jumps, a random position per frame', 'jump']] as const) {
      const deltas = await scrollFrames(page, mode);
      const p95 = percentile(deltas, 0.95);
      const dropped = deltas.filter((d) => d > 1000 / 60 + 4).length;
      report(`scroll frame time, ${name}`, `mean ${ms(deltas.reduce((a, b) => a + b, 0) / deltas.length)}, p50 ${ms(percentile(deltas, 0.5))}, p95 ${ms(p95)}, max ${ms(Math.max(...deltas))}, ${dropped}/${deltas.length} frames over one refresh`, p95, FRAME_TARGET_MS);
    }
    for (const [name, mode] of [['steady scroll', 'steady'], ['scrollbar jumps', 'jump']] as const) {
      const cpu = await mainThreadCpu(browser, page, mode);
      const parts = Object.entries(cpu.parts).map(([part, total]) => `${part} ${ms(total / FRAMES)}`).join(', ');
      report(`main-thread CPU per frame, ${name}`, `${ms(cpu.total / FRAMES)} (${parts}) over ${FRAMES} frames`, cpu.total / FRAMES, FRAME_TARGET_MS);
    }
    console.log('panel: (a frame delta of 16.7 ms is the display refresh itself: headless Chromium paints at 60 Hz)');
  } finally {
    await browser.close();
    await server.close();
  }
}

async function openPanel(browser: Browser, server: PanelServer): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 820, height: 900 } });
  await page.goto(server.url());
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  return page;
}

async function firstRender(browser: Browser, server: PanelServer, init: InitMessage): Promise<number> {
  const page = await openPanel(browser, server);
  try {
    return await firstRenderOn(page, init);
  } finally {
    await page.close();
  }
}

/** From posting the init message (its structured clone included) to the frame after its rows appear. */
function firstRenderOn(page: Page, init: InitMessage): Promise<number> {
  return page.evaluate(
    (message) =>
      new Promise<number>((resolve, reject) => {
        setTimeout(() => reject(new Error('the panel showed no rows of the run within 30 s')), 30_000);
        const start = performance.now();
        window.postMessage(message, '*');
        const waitForRows = () => {
          if (document.querySelector(`.sw-log__row[data-key^="${message.run.runId}:"]`)) requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
          else requestAnimationFrame(waitForRows);
        };
        requestAnimationFrame(waitForRows);
      }),
    init,
  );
}

function scrollFrames(page: Page, mode: 'steady' | 'jump'): Promise<number[]> {
  return page.evaluate(
    ({ frames, mode }) =>
      new Promise<number[]>((resolve) => {
        const log = document.querySelector<HTMLElement>('.sw-log')!;
        log.scrollTop = log.scrollHeight;
        const deltas: number[] = [];
        let last = 0;
        let seed = 7;
        const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
        const frame = (now: number) => {
          if (last > 0) deltas.push(now - last);
          last = now;
          log.scrollTop = mode === 'steady' ? log.scrollTop - 300 : random() * (log.scrollHeight - log.clientHeight);
          if (deltas.length < frames) requestAnimationFrame(frame);
          else resolve(deltas);
        };
        requestAnimationFrame(() => requestAnimationFrame(frame));
      }),
    { frames: FRAMES, mode },
  );
}

/** The trace events that make up the panel's work in a frame, by what the report calls them. */
const CPU_PARTS: Record<string, string> = { FunctionCall: 'script', EventDispatch: 'script', FireAnimationFrame: 'script', RunMicrotasks: 'script', UpdateLayoutTree: 'style', Layout: 'layout', Paint: 'paint', PrePaint: 'paint' };

/**
 * Runs a scroll series under a trace and sums the thread CPU time (tdur) of the renderer main
 * thread's tasks, and the work inside them by kind, each event without the events inside it (a
 * layout forced by script counts as layout, not as script).
 */
async function mainThreadCpu(browser: Browser, page: Page, mode: 'steady' | 'jump'): Promise<{ total: number; parts: Record<string, number> }> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await scrollFrames(page, mode);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  const mains = new Set(trace.traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of trace.traceEvents) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mains.has(thread)) continue;
    const list = byThread.get(thread) ?? [];
    list.push(e);
    byThread.set(thread, list);
  }
  // The page's renderer is the main thread that ran the scroll series: the one with the most script.
  const script = (events: TraceEvent[]) => events.filter((e) => e.name === 'FunctionCall').length;
  const events = [...byThread.values()].sort((a, b) => script(b) - script(a))[0] ?? [];
  const parts: Record<string, number> = { script: 0, style: 0, layout: 0, paint: 0 };
  const kinds = events.filter((e) => e.name in CPU_PARTS).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const open: TraceEvent[] = [];
  for (const e of kinds) {
    while (open.length && open.at(-1)!.ts + (open.at(-1)!.dur ?? 0) <= e.ts) open.pop();
    const cpu = (e.tdur ?? 0) / 1000;
    parts[CPU_PARTS[e.name]!]! += cpu;
    if (open.length) parts[CPU_PARTS[open.at(-1)!.name]!]! -= cpu;
    open.push(e);
  }
  const total = events.filter((e) => e.name === 'RunTask').reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
  return { total, parts };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread CPU time, in microseconds. */
  tdur?: number;
  args?: { name?: string };
}

function report(name: string, detail: string, figure: number, target: number): void {
  console.log(`panel: ${name}: ${detail} (target ${target} ms, ratio ${(figure / target).toFixed(2)})`);
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

function median(values: number[]): number {
  return percentile(values, 0.5);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * Spec engine benchmark: parse + lint of a generated 5,000-task tasks.md and a 500-requirement
 * requirements.md, against a 50 ms budget each; the whole spec as `spec lint` and the language
 * server lint it (with the workspace's evidence: the trace of every criterion to its tasks and to
 * the tests that name it, and drift); and next to the peer's way: the same two files
 * through markdown-it's tokenizer, what a Markdown-based checker runs before its first rule. Prints
 * figures; asserts nothing (timing is not a test). CPU time is the steadier figure on a busy machine. Run alone: `npx esbuild bench/spec.ts --bundle --platform=node --outfile=/tmp/bench-spec.js
 * && node --expose-gc /tmp/bench-spec.js`.
 */
import MarkdownIt from 'markdown-it';
import { tmpdir } from 'node:os';
import { lintSpec, parseRequirements, parseTasks } from '../src/core/spec';
import { scanTestSource, specEvidence, type TraceInputs } from '../src/core/trace';

const TARGET_MS = 50;
const ITERATIONS = 20;
const WARMUP = 3;
const REQUIREMENTS = 500;
const CRITERIA_PER_REQUIREMENT = 5;
const TOP_LEVEL_TASKS = 1000;
const SUBTASKS = 4;

const criteria = [
  'WHEN a user submits the form, THE Order_Service SHALL store the order and return its id.',
  'WHILE the store is read-only, THE Order_Service SHALL reject writes with status 503.',
  'IF the payload exceeds 1 MB, THEN THE Order_Service SHALL reject it with status 413.',
  'WHERE audit logging is enabled, THE Order_Service SHALL record every change.',
  'THE Order_Service SHALL respond within 200 ms for 99% of requests.',
];

export function generateRequirements(count = REQUIREMENTS): string {
  const out = ['# Requirements Document', '', '## Introduction', '', 'Generated for the benchmark.', '', '## Requirements', ''];
  for (let r = 1; r <= count; r++) {
    out.push(`### Requirement ${r}: Capability ${r}`, '', `**User Story:** As an operator, I want capability ${r}, so that orders keep flowing.`, '', '#### Acceptance Criteria', '');
    for (let c = 1; c <= CRITERIA_PER_REQUIREMENT; c++) out.push(`${c}. ${criteria[(r + c) % criteria.length]}`);
    out.push('');
  }
  return out.join('\n');
}

/** 1,000 tasks with 4 sub-tasks each; every sub-task references a criterion, so all are covered. */
export function generateTasks(topLevel = TOP_LEVEL_TASKS): string {
  const out = ['# Implementation Plan', ''];
  let criterion = 0;
  const total = REQUIREMENTS * CRITERIA_PER_REQUIREMENT;
  for (let t = 1; t <= topLevel; t++) {
    out.push(`- [${t % 3 === 0 ? 'x' : ' '}] ${t}. Build part ${t} of the order pipeline`);
    for (let s = 1; s < SUBTASKS + 1; s++) {
      const id = criterion++ % total;
      const ref = `${Math.floor(id / CRITERIA_PER_REQUIREMENT) + 1}.${(id % CRITERIA_PER_REQUIREMENT) + 1}`;
      out.push(`  - [${s === 1 ? '-' : ' '}]${s === SUBTASKS ? '*' : ''} ${t}.${s} Implement step ${s} in \`src/part${t}.ts\``);
      out.push(`    - Write the handler and its unit tests`, `    - _Requirements: ${ref}_`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** A test file with one test per requirement naming its first criterion, as a workspace's tests do. */
export function generateTestFile(count = REQUIREMENTS): string {
  const out = ["import { describe, it } from 'vitest';", '', "describe('orders', () => {"];
  for (let r = 1; r <= count; r++) out.push(`  it('Requirement ${r}.1: stores order ${r}', () => {});`);
  out.push('});', '');
  return out.join('\n');
}

interface Figures {
  medianMs: number;
  /** CPU time (user + system) per run: steadier than wall time on a busy machine. */
  medianCpuMs: number;
  /** Highest heap in use during the series (results not yet collected). */
  peakHeapMb: number;
  /** Heap one result keeps alive, measured between forced collections; null without --expose-gc. */
  retainedMb: number | null;
}

async function measure(run: () => unknown): Promise<Figures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < WARMUP; i++) await run();
  // No forced collection inside the series: it measures the steady state an editor session sees.
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let peakHeap = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = await run();
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (result === undefined) throw new Error('benchmark step returned nothing');
  }
  let retainedMb: number | null = null;
  if (gc) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = await run();
    gc();
    retainedMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    if (kept === undefined) throw new Error('benchmark step returned nothing');
  }
  return { medianMs: median(times), medianCpuMs: median(cpuTimes), peakHeapMb: peakHeap / 2 ** 20, retainedMb };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function report(label: string, f: Figures): string {
  const ratio = f.medianMs / TARGET_MS;
  const retained = f.retainedMb === null ? '' : `, one result keeps ${f.retainedMb.toFixed(1)} MB`;
  return (
    `${label.padEnd(44)} median ${f.medianMs.toFixed(2).padStart(6)} ms (cpu ${f.medianCpuMs.toFixed(2)} ms)  ` +
    `${ratio.toFixed(2)}× the ${TARGET_MS} ms target${ratio <= 1 ? '' : ' — OVER'}  peak heap ${f.peakHeapMb.toFixed(1)} MB${retained}`
  );
}

export async function benchSpec(): Promise<void> {
  const requirementsText = generateRequirements();
  const tasksText = generateTasks();
  const requirements = parseRequirements(requirementsText);
  const tasks = parseTasks(tasksText);
  console.log(
    `spec engine: ${tasks.allTasks.length} tasks (${(tasksText.length / 1024).toFixed(0)} KiB), ` +
      `${requirements.requirements.length} requirements / ${requirements.requirements.reduce((n, r) => n + r.criteria.length, 0)} criteria (${(requirementsText.length / 1024).toFixed(0)} KiB), ` +
      `median of ${ITERATIONS} runs after ${WARMUP} warm-up${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc to measure retained heap)'}`,
  );
  // Each file on its own (parse + its own lint), then the whole spec with traceability between them.
  // Each step returns the parsed documents with the diagnostics, so "retained" covers both.
  const lintTasks = () => {
    const docs = { tasks: parseTasks(tasksText) };
    return { docs, diagnostics: lintSpec(docs) };
  };
  const lintRequirements = () => {
    const docs = { requirements: parseRequirements(requirementsText) };
    return { docs, diagnostics: lintSpec(docs) };
  };
  const lintBoth = () => {
    const docs = { tasks: parseTasks(tasksText), requirements: parseRequirements(requirementsText) };
    return { docs, diagnostics: lintSpec(docs) };
  };
  // What `spec lint` and the language server run: the same, with the evidence read from the
  // workspace (here a test file naming 500 criteria; no run records, so nothing drifts).
  const inputs: TraceInputs = { runs: new Map(), records: [], tests: [scanTestSource('test/orders.test.ts', generateTestFile())], specNames: ['bench'] };
  const lintWithEvidence = async () => {
    const docs = { tasks: parseTasks(tasksText), requirements: parseRequirements(requirementsText) };
    return { docs, diagnostics: lintSpec(docs, await specEvidence(tmpdir(), { name: 'bench', ...docs }, inputs)) };
  };
  console.log(report('tasks.md: parse + lint (5,000 tasks)', await measure(lintTasks)));
  console.log(report('requirements.md: parse + lint (500 reqs)', await measure(lintRequirements)));
  const whole = await measure(lintBoth);
  console.log(report('whole spec: parse both + lint + traceability', whole));
  console.log(report('whole spec + evidence (trace, tests, drift)', await measure(lintWithEvidence)));
  const markdown = new MarkdownIt();
  const peer = await measure(() => [markdown.parse(tasksText, {}), markdown.parse(requirementsText, {})]);
  console.log(report('peer: markdown-it tokens of both files', peer));
  console.log(
    `${'whole spec vs markdown-it tokens alone'.padEnd(44)} ratio ${(whole.medianMs / peer.medianMs).toFixed(2)}× wall, ` +
      `${(whole.medianCpuMs / peer.medianCpuMs).toFixed(2)}× cpu (ours parses, lints and traces; theirs only tokenizes)`,
  );
}

// Run directly (a bundle of this file alone); a bundle of bench/main.ts has another entry name.

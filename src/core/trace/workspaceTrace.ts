import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readRunLog } from '../runs';
import { runStateDir } from '../checkpoints';
import { listSpecs, type SpecEvidence } from '../spec';
import { describeDrift, whenChanged, type DriftTiming } from './driftText';
import { taskDrift, type TaskDrift } from './drift';
import { buildTrace, filesByTask, testedCriteria, type SpecDocumentsWithName, type TraceInputs, type TraceReport } from './matrix';
import { readTraceRecords, traceDirOf } from './records';
import { attemptsOf, runEvidenceByTask, type TaskAttempt } from './runEvidence';
import { scanWorkspaceTests } from './testIndex';
import type { ScannedTestFile } from './testSource';

/**
 * Where a workspace's run state is: folders that each hold `runs/` (run logs) and `trace/` (task
 * records). The CLI's is `.kiro/.specwright`; the extension adds its storage folder for the workspace.
 */
export interface TraceSources {
  workspace: string;
  stateDirs: readonly string[];
}

/** The CLI's sources: `.kiro/.specwright` of the workspace. */
export function workspaceTraceSources(workspace: string): TraceSources {
  return { workspace, stateDirs: [runStateDir(workspace)] };
}

/** Parsed run logs and test files, reused while their size and mtime stay the same (a long-lived host keeps one). */
export class TraceCache {
  readonly tests = new Map<string, { key: string; scanned: ScannedTestFile }>();
  readonly logs = new Map<string, { key: string; attempts: TaskAttempt[] }>();
}

/** Reads everything a trace is built from: run logs, trace records, test files, and the spec names. */
export async function loadTraceInputs(sources: TraceSources, cache: TraceCache = new TraceCache()): Promise<TraceInputs> {
  const attempts: TaskAttempt[] = [];
  for (const dir of sources.stateDirs) attempts.push(...(await readAttempts(path.join(dir, 'runs'), cache)));
  attempts.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const runs = runEvidenceByTask(attempts);
  const records = await readTraceRecords(sources.stateDirs.map(traceDirOf));
  const written = [...runs.values()].flatMap((byTask) => [...byTask.values()].flatMap((r) => r.files));
  const tests = await scanWorkspaceTests(sources.workspace, { cache: cache.tests, extraFiles: written });
  const specNames = (await listSpecs(sources.workspace)).map((s) => s.name);
  return { runs, records, tests, specNames };
}

async function readAttempts(runsDir: string, cache: TraceCache): Promise<TaskAttempt[]> {
  let names: string[];
  try {
    names = (await fs.readdir(runsDir)).filter((n) => n.endsWith('.jsonl'));
  } catch {
    return [];
  }
  const out: TaskAttempt[] = [];
  for (const name of names) {
    const file = path.join(runsDir, name);
    try {
      const stat = await fs.stat(file);
      const key = `${stat.mtimeMs}:${stat.size}`;
      let cached = cache.logs.get(file);
      if (cached?.key !== key) {
        cached = { key, attempts: attemptsOf((await readRunLog(file)).events) };
        cache.logs.set(file, cached);
      }
      out.push(...cached.attempts);
    } catch {
      continue;
    }
  }
  return out;
}

/** The trace of one spec (see buildTrace). */
export function traceSpec(spec: SpecDocumentsWithName, inputs: TraceInputs): TraceReport {
  return buildTrace(spec, inputs);
}

export interface DriftOptions {
  /** Look up when (and in which commit) each drifting file or criterion changed; default true. */
  timing?: boolean;
}

export interface TimedDrift extends TaskDrift {
  /** When each reason's change happened, in the order of `reasons`. */
  timing: Array<DriftTiming | null>;
}

/** Every drifting task of the spec, with its reasons; tasks without a record (never run, never linked) cannot drift. */
export async function specDrift(workspace: string, spec: SpecDocumentsWithName, inputs: Pick<TraceInputs, 'records'>, options: DriftOptions = {}): Promise<TimedDrift[]> {
  const records = inputs.records.filter((r) => r.spec === spec.name);
  const files = new Map<string, string | null>();
  for (const record of records) {
    for (const f of record.files) {
      if (files.has(f.path)) continue;
      files.set(f.path, await readText(path.join(workspace, f.path)));
    }
  }
  const out: TimedDrift[] = [];
  const taskIds = spec.tasks && records.length ? new Set(spec.tasks.allTasks.map((t) => t.id)) : null;
  for (const record of records) {
    // A task no longer in tasks.md (renumbered, deleted) has nothing to drift from.
    if (taskIds && !taskIds.has(record.taskId)) continue;
    const drift = taskDrift(record, inputs.records, spec, files);
    if (!drift.reasons.length) continue;
    const timing = options.timing === false ? drift.reasons.map(() => null) : await Promise.all(drift.reasons.map((r) => whenChanged(workspace, spec.name, r, drift.since)));
    out.push({ ...drift, timing });
  }
  return out;
}

/** What the lint needs from the workspace for one spec: which criteria tests cover, and which tasks drift. */
export async function specEvidence(workspace: string, spec: SpecDocumentsWithName, inputs: TraceInputs): Promise<SpecEvidence> {
  const tested = testedCriteria(spec, inputs);
  const drift = await specDrift(workspace, spec, inputs, { timing: false });
  return {
    spec: spec.name,
    testedCriteria: tested,
    drift: new Map(drift.map((d) => [d.taskId, d.reasons.map((r) => describeDrift(r))])),
  };
}

/** For `lintWorkspaceSpecs`: the evidence of each spec from one reading of the workspace. */
export function evidenceSource(sources: TraceSources, cache?: TraceCache): (spec: SpecDocumentsWithName) => Promise<SpecEvidence> {
  let inputs: Promise<TraceInputs> | null = null;
  return async (spec) => {
    inputs ??= loadTraceInputs(sources, cache);
    return specEvidence(sources.workspace, spec, await inputs);
  };
}

export { filesByTask };

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

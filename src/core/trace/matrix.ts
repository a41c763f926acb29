import * as path from 'node:path';
import type { SpecDocuments, Task, TaskStatus } from '../spec';
import { criteriaIndex, expandId, propertyCriteria, taskCriteria, type CriteriaIndex } from './criteria';
import { fileLinksOf } from './fileLinks';
import type { TaskTraceRecord } from './records';
import type { TaskRunEvidence } from './runEvidence';
import { isTestFile, wordKey, type ScannedTestFile } from './testSource';

export type TraceStatus = 'covered' | 'untested' | 'unimplemented';

export interface TracedTask {
  id: string;
  title: string;
  status: TaskStatus;
  /** 1-based line in tasks.md. */
  line: number;
}

export interface TracedFile {
  /** Workspace-relative. */
  path: string;
  /** The tasks that changed or link it. */
  tasks: string[];
  /** `run`: a run's log or record says a task wrote it; `link`: a `_Files:` line (or `spec link`) names it. */
  source: 'run' | 'link';
  /** The lines a link names (1-based, inclusive). */
  lines?: { start: number; end: number };
}

export interface TracedTest {
  file: string;
  line: number;
  name: string;
  /** How it was found: its name or a comment names the criterion (or a property that validates it), or a task's passing verification ran it. */
  source: 'name' | 'comment' | 'verification';
  /** `Property 3` when it names a property rather than the criterion. */
  via?: string;
}

export interface CriterionTrace {
  id: string;
  text: string;
  /** requirements.md or bugfix.md, and the line of the criterion. */
  file: string;
  line: number;
  tasks: TracedTask[];
  files: TracedFile[];
  tests: TracedTest[];
  /** `unimplemented`: no task citing it is done and no file is linked; `untested`: implemented, no test; `covered`: both. */
  status: TraceStatus;
}

export interface TraceReport {
  spec: string;
  criteria: CriterionTrace[];
}

/** Everything outside the spec's own files that a trace is built from. */
export interface TraceInputs {
  /** Per spec, per task: what its runs wrote and verified (from the run logs). */
  runs: ReadonlyMap<string, ReadonlyMap<string, TaskRunEvidence>>;
  records: readonly TaskTraceRecord[];
  tests: readonly ScannedTestFile[];
  /** Every spec of the workspace: with more than one, a test must show which spec it is about. */
  specNames: readonly string[];
}

export interface SpecDocumentsWithName extends SpecDocuments {
  name: string;
}

/** The files each task of the spec changed or links, by task id. */
export function filesByTask(spec: SpecDocumentsWithName, inputs: TraceInputs): Map<string, TracedFile[]> {
  const out = new Map<string, TracedFile[]>();
  const runs = inputs.runs.get(spec.name);
  const records = new Map<string, TaskTraceRecord>();
  for (const r of inputs.records) if (r.spec === spec.name && !records.has(r.taskId)) records.set(r.taskId, r);
  for (const task of spec.tasks?.allTasks ?? []) {
    const links = spec.tasks ? fileLinksOf(spec.tasks, task) : [];
    const ran = runs?.get(task.id)?.files ?? [];
    const record = records.get(task.id);
    if (!links.length && !ran.length && !record) {
      out.set(task.id, []);
      continue;
    }
    const files = new Map<string, TracedFile>();
    const add = (file: TracedFile) => {
      if (!files.has(file.path)) files.set(file.path, file);
    };
    for (const link of links) add({ path: link.path, tasks: [task.id], source: 'link', ...(link.lines ? { lines: link.lines } : {}) });
    for (const f of ran) add({ path: f, tasks: [task.id], source: 'run' });
    for (const f of record?.files ?? []) if (f.blob !== null) add({ path: f.path, tasks: [task.id], source: f.source });
    out.set(task.id, [...files.values()]);
  }
  return out;
}

/**
 * The trace of one spec: for every criterion, the tasks that cite it, the files they changed or
 * link, the tests that cover it, and its status. Pure: everything read from disk comes in `inputs`.
 */
export function buildTrace(spec: SpecDocumentsWithName, inputs: TraceInputs): TraceReport {
  const index = criteriaIndex(spec);
  const tasks = spec.tasks?.allTasks ?? [];
  const taskFiles = filesByTask(spec, inputs);
  const tasksOf = new Map<string, Task[]>();
  for (const task of tasks) {
    for (const id of taskCriteria(spec, task, index)) {
      const citing = tasksOf.get(id);
      if (citing) citing.push(task);
      else tasksOf.set(id, [task]);
    }
  }
  const testsOf = testsByCriterion(spec, inputs, () => taskFiles, index);
  return {
    spec: spec.name,
    criteria: index.criteria.map((c) => {
      const citing = tasksOf.get(c.id) ?? [];
      const files = new Map<string, TracedFile>();
      for (const task of citing) {
        for (const f of taskFiles.get(task.id) ?? []) {
          const known = files.get(f.path);
          if (known) known.tasks = [...new Set([...known.tasks, task.id])];
          else files.set(f.path, { ...f, tasks: [task.id] });
        }
      }
      const tests = testsOf.get(c.id) ?? [];
      const implemented = citing.some((t) => t.status === 'done') || files.size > 0;
      return {
        id: c.id,
        text: c.text,
        file: c.file,
        line: c.line,
        tasks: citing.map((t) => ({ id: t.id, title: t.title, status: t.status, line: t.line })),
        files: [...files.values()],
        tests,
        status: !implemented ? 'unimplemented' : tests.length ? 'covered' : 'untested',
      };
    }),
  };
}

/**
 * The criteria some test covers (what the lint needs of a trace), without building the rest of it:
 * the tasks' files are looked up only when a test file has to be shown to be the spec's.
 */
export function testedCriteria(spec: SpecDocumentsWithName, inputs: TraceInputs): Set<string> {
  const index = criteriaIndex(spec);
  const testsOf = testsByCriterion(spec, inputs, () => filesByTask(spec, inputs), index);
  return new Set(index.criteria.filter((c) => (testsOf.get(c.id)?.length ?? 0) > 0).map((c) => c.id));
}

function testsByCriterion(spec: SpecDocumentsWithName, inputs: TraceInputs, taskFiles: () => Map<string, TracedFile[]>, index: CriteriaIndex): Map<string, TracedTest[]> {
  const out = new Map<string, TracedTest[]>();
  const add = (id: string, test: TracedTest) => {
    const list = out.get(id) ?? [];
    if (!list.some((t) => t.file === test.file && t.line === test.line)) list.push(test);
    out.set(id, list);
  };
  const { known, byRequirement } = index;
  const properties = new Map((spec.design?.properties ?? []).map((p) => [p.id, propertyCriteria(spec, p, index)]));
  let specFiles: Set<string> | null = null;
  const ownKey = wordKey(spec.name);
  const mustName = inputs.specNames.length > 1;
  for (const scanned of inputs.tests) {
    // With several specs, `Requirement 1.2` alone could mean any of them: the file must be the spec's.
    if (mustName && !scanned.words.has(ownKey) && !(specFiles ??= new Set([...taskFiles().values()].flat().map((f) => f.path))).has(scanned.file)) continue;
    for (const test of scanned.tests) {
      for (const m of test.mentions) {
        const entry = { file: test.file, line: test.line, name: test.name, source: m.via };
        if (m.kind === 'criterion') for (const id of expandId(m.id, known, byRequirement)) add(id, entry);
        else for (const id of properties.get(m.id) ?? []) add(id, { ...entry, via: `Property ${m.id}` });
      }
    }
  }
  const runs = inputs.runs.get(spec.name);
  const scannedByFile = new Map(inputs.tests.map((s) => [s.file, s]));
  for (const task of spec.tasks?.allTasks ?? []) {
    const run = runs?.get(task.id);
    if (task.status !== 'done' || !run?.verified) continue;
    const ran = new Set(run.files.filter(isTestFile));
    // Test files its passing verification named on the command line.
    for (const command of run.testCommands) for (const word of command.split(/\s+/)) if (scannedByFile.has(word.replace(/^\.\//, ''))) ran.add(word.replace(/^\.\//, ''));
    for (const file of ran) {
      const entry: TracedTest = { file, line: 1, name: path.posix.basename(file), source: 'verification' };
      for (const id of taskCriteria(spec, task, index)) add(id, entry);
    }
  }
  return out;
}

import type { CodeLens, Command } from 'vscode-languageserver';
import { declaredDependencies, type SpecDocument, type Task, type TasksDocument } from '../core/spec';
import { SPEC_COMMANDS, type SpecCommandArgs, type SpecCommandId, type SpecPhase } from '../shared/lspMethods';
import { lineStartRange } from './ranges';
import type { RunStates } from './runStates';
import type { SpecFileState, SpecSnapshot } from './specIndex';

/** What each phase document's top lens offers. */
const PHASE_ACTIONS: Record<SpecPhase, string> = {
  requirements: 'Approve and generate design',
  bugfix: 'Approve and generate design',
  design: 'Approve and generate tasks',
};

/** The lenses of one spec file: actions on tasks in tasks.md, the phase action atop the others. */
export function codeLenses(snapshot: SpecSnapshot, file: SpecFileState, runs: RunStates): CodeLens[] {
  const doc = file.doc;
  if (doc.kind === 'tasks') return taskLenses(snapshot.specName, file.uri, doc, runs);
  const phase: SpecPhase = doc.kind;
  return [lens(topLine(doc), command(PHASE_ACTIONS[phase], SPEC_COMMANDS.approvePhase, { specName: snapshot.specName, uri: file.uri, phase }))];
}

function taskLenses(specName: string, uri: string, doc: TasksDocument, runs: RunStates): CodeLens[] {
  const lenses: CodeLens[] = [];
  const total = doc.allTasks.length;
  const done = doc.allTasks.filter((t) => t.status === 'done').length;
  const top = topLine(doc);
  if (done < total) lenses.push(lens(top, command('▶ Run all tasks', SPEC_COMMANDS.runAllTasks, { specName, uri })));
  // Only where tasks say what they wait for: without _Depends:_ lines every task waits for the one before.
  if (done < total && doc.allTasks.some((t) => t.status !== 'done' && declaredDependencies(t.details) !== null)) {
    lenses.push(lens(top, command('⇉ Run all in parallel', SPEC_COMMANDS.runAllTasksParallel, { specName, uri })));
  }
  lenses.push(lens(top, badge(`${done}/${total} tasks done`)));
  for (const task of doc.allTasks) for (const c of taskCommands(specName, uri, task, runs)) lenses.push(lens(task.line, c));
  return lenses;
}

function taskCommands(specName: string, uri: string, task: Task, runs: RunStates): Command[] {
  const args = { specName, taskId: task.id, uri };
  const run = runs.runOf(uri, task.id);
  const out: Command[] = [];
  if (run?.state === 'running') out.push(badge('● Running…'));
  else if (task.status === 'done') out.push(badge('✓ Done'));
  else if (task.status === 'in_progress') out.push(badge('● In progress'));
  else if (run?.state === 'failed') out.push(command('↻ Retry', SPEC_COMMANDS.retryTask, { ...args, runId: run.runId }));
  else out.push(command('▶ Execute with Agent', SPEC_COMMANDS.executeTask, args));
  if (run) out.push(command('View run', SPEC_COMMANDS.viewRun, { ...args, runId: run.runId }));
  // What the agent will be told, before it starts: not worth a lens once the task is done.
  if (task.status !== 'done') out.push(command('Explain steering', SPEC_COMMANDS.explainSteering, args));
  return out;
}

/** Where "the top of the file" is for lenses: the title heading, else the first line. */
function topLine(doc: SpecDocument): number {
  return doc.headings[0]?.line ?? 1;
}

function command<C extends SpecCommandId>(title: string, id: C, args: SpecCommandArgs<C>): Command {
  return { title, command: id, arguments: [args] };
}

/** A label without an action: an empty command id is how LSP clients show a lens as plain text. */
function badge(title: string): Command {
  return { title, command: '' };
}

function lens(line: number, cmd: Command): CodeLens {
  return { range: lineStartRange(line), command: cmd };
}

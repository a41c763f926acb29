import type { OwnWriteRecorder } from '../fs';
import { declaredDependencies, loadSpec, updateTaskStatus, type LoadedSpec, type Task } from '../spec';
import type { SpecAccess } from './taskRunner';
import type { RunnableTask } from './taskSelection';

/**
 * The runner's view of a spec on disk, through the spec engine: fresh reads, surgical status edits,
 * each recorded as Specwright's own write when a recorder (the run's checkpoint store) is given.
 */
export function workspaceSpecAccess(workspace: string, name: string, ownWrites?: OwnWriteRecorder): SpecAccess {
  return {
    name,
    async read() {
      const spec = await loadSpec(workspace, name);
      return {
        documents: {
          name,
          ...(spec.files.requirements ? { requirements: spec.files.requirements.text } : {}),
          ...(spec.files.bugfix ? { bugfix: spec.files.bugfix.text } : {}),
          ...(spec.files.design ? { design: spec.files.design.text } : {}),
          ...(spec.files.tasks ? { tasks: spec.files.tasks.text } : {}),
        },
        tasks: runnableTasks(spec),
        criteria: criteriaById(spec),
      };
    },
    async setStatus(taskId, status) {
      await updateTaskStatus(workspace, name, taskId, status, ownWrites ? { ownWrites } : {});
    },
  };
}

function runnableTasks(spec: LoadedSpec): RunnableTask[] {
  const doc = spec.tasks;
  const text = spec.files.tasks?.text ?? '';
  if (!doc) return [];
  return doc.allTasks.map((task: Task) => ({
    id: task.id,
    title: task.title,
    status: task.status,
    optional: task.optional,
    parentId: task.parentId,
    text: text.slice(task.range.start.offset, task.range.end.offset),
    requirements: task.requirements,
    dependsOn: declaredDependencies(task.details),
  }));
}

/** Criterion id → text; a whole requirement's id (`3`) maps to all its criteria, so `_Requirements: 3_` works too. */
function criteriaById(spec: LoadedSpec): Map<string, string> {
  const map = new Map<string, string>();
  for (const requirement of spec.requirements?.requirements ?? []) {
    for (const criterion of requirement.criteria) map.set(criterion.id, criterion.text);
    if (requirement.criteria.length && !map.has(requirement.id)) {
      map.set(requirement.id, `${requirement.title}: ${requirement.criteria.map((c) => `(${c.id}) ${c.text}`).join(' ')}`);
    }
  }
  return map;
}

import { designSectionsFor, pathsNamedIn } from './mentions';
import { SteeringTracker, type KnownFile, type SteeringStart } from './tracker';
import type { IncludedSteering, SteeringCatalog } from './types';

/** What a task starts with: its text (mentions, files it names) and the files its design section names. */
export function taskStart(taskText: string, design?: string, extraFiles: KnownFile[] = []): SteeringStart {
  const fromDesign = design ? designSectionsFor(design, taskText).flatMap((section) => pathsNamedIn(section)) : [];
  return { text: taskText, files: [...fromDesign.map((path) => ({ path, seenIn: 'design' })), ...extraFiles] };
}

export interface TaskSteeringExplanation {
  task: string;
  included: Array<Pick<IncludedSteering, 'name' | 'inclusion' | 'reason'>>;
  available: Array<Pick<IncludedSteering, 'name' | 'inclusion'>>;
}

/** What a task gets before the agent touches anything, and what could join later (`steering explain`). */
export function explainTaskSteering(catalog: SteeringCatalog, task: { ref: string; text: string; design?: string }): TaskSteeringExplanation {
  const tracker = new SteeringTracker(catalog);
  tracker.start(taskStart(task.text, task.design));
  return {
    task: task.ref,
    included: tracker.included.map(({ name, inclusion, reason }) => ({ name, inclusion, reason })),
    available: tracker.available(),
  };
}

import type { KiroSurvey } from '../../core/doctor';
import type { Task } from '../../core/spec';
import type { SpecStatus } from '../../core/workflow';

/** The nodes of the Specs view: specs, their files and tasks, and what the .kiro survey found. */
export type SpecNode =
  | { kind: 'spec'; root: string; specName: string; dir: string; type: 'feature' | 'bugfix'; files: string[]; status: SpecStatus | null; tasks: Task[] | undefined; showRoot: boolean }
  | { kind: 'file'; root: string; specName: string; fsPath: string; file: string; phaseStatus: string | null; tasks: Task[] | undefined }
  | { kind: 'task'; root: string; specName: string; fsPath: string; task: Task; taskId: string }
  | { kind: 'kiro'; root: string; survey: KiroSurvey; showRoot: boolean }
  | { kind: 'kiroItem'; id: string; label: string; description?: string; icon: string; fsPath?: string; line?: number; children?: SpecNode[] };

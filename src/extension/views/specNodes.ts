import type { KiroSurvey } from '../../core/doctor';
import type { Task } from '../../core/spec';
import type { SpecStatus } from '../../core/workflow';
import type { DriftMark } from './viewTraces';

/** The nodes of the Specs view: specs, their files and tasks, and what the .kiro survey found. */
export type SpecNode =
  | { kind: 'spec'; root: string; specName: string; dir: string; type: 'feature' | 'bugfix'; files: string[]; status: SpecStatus | null; tasks: Task[] | undefined; showRoot: boolean; drift: DriftMark[] }
  | { kind: 'file'; root: string; specName: string; fsPath: string; file: string; phaseStatus: string | null; tasks: Task[] | undefined; drift: DriftMark[] }
  /** `drift`: why the task drifts (its code or criteria changed after it was done); absent: it does not. */
  | { kind: 'task'; root: string; specName: string; fsPath: string; task: Task; taskId: string; drift: DriftMark[]; reasons?: string[] }
  | { kind: 'kiro'; root: string; survey: KiroSurvey; showRoot: boolean }
  | { kind: 'kiroItem'; id: string; label: string; description?: string; icon: string; fsPath?: string; line?: number; children?: SpecNode[] };

import type { Checkpoint, RestorePlan } from '../../core/checkpoints';

const MAX_LINES = 25;

/** "3f2a9c1b · before task 2.1" */
export function checkpointTitle(checkpoint: Pick<Checkpoint, 'id' | 'task' | 'reason'>): string {
  const why = {
    'before-task': checkpoint.task ? `before task ${checkpoint.task}` : 'before a task',
    'before-approval': checkpoint.task ? `before an approved step of task ${checkpoint.task}` : 'before an approved step',
    'before-restore': 'before a restore',
    manual: 'saved by hand',
  }[checkpoint.reason];
  return `${checkpoint.id.slice(0, 8)} · ${why}`;
}

/**
 * The preview a restore shows before it changes anything: each file and what happens to it, then
 * files someone else changed (which a restore would overwrite), then warnings.
 */
export function restorePlanText(plan: Pick<RestorePlan, 'changes' | 'conflicts' | 'warnings'>): string {
  const lines = plan.changes.map((c) => {
    const verb = c.action === 'modify' ? 'Revert' : c.action === 'create' ? 'Bring back' : 'Delete';
    const counts = c.added !== undefined || c.removed !== undefined ? ` (+${c.added ?? 0} −${c.removed ?? 0})` : '';
    return `${verb} ${c.path}${counts}`;
  });
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(`… and ${lines.length - MAX_LINES} more files`);
  const conflicts = plan.conflicts.map((c) => `⚠ ${c.path}: ${c.reason}`);
  return [
    ...shown,
    ...(conflicts.length ? ['', 'Changed by someone other than the agent (restoring overwrites these edits):', ...conflicts.slice(0, MAX_LINES)] : []),
    ...(plan.warnings.length ? ['', ...plan.warnings] : []),
    '',
    'A checkpoint of the current state is taken first, so this restore can be undone.',
  ].join('\n');
}

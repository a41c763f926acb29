import type { SpecStatus, SpecWorkflowProgress, SpecWorkflowResult } from '../../core/workflow';

/** The progress notification's line for one step of spec generation. */
export function workflowProgressText(progress: SpecWorkflowProgress): string {
  switch (progress.type) {
    case 'phase_started':
      return `${progress.action === 'refine' ? 'Revising' : 'Writing'} ${progress.file}…`;
    case 'phase_repairing':
      return `Fixing ${progress.diagnostics.length} problem${progress.diagnostics.length === 1 ? '' : 's'} in ${progress.file}…`;
    case 'phase_continuing':
      return `${progress.file} stopped at the output limit; asking for the rest (${progress.round} of ${progress.of})…`;
    case 'phase_written':
      return `Wrote ${progress.file}.`;
    case 'phase_approved':
      return `Approved ${progress.file}.`;
  }
}

/** The closing message: what was approved and written, and what is left to fix. */
export function workflowResultText(result: Pick<SpecWorkflowResult, 'name' | 'outcomes' | 'approved' | 'status'>): string {
  const approved = result.approved.map((p) => result.status.phases.find((s) => s.phase === p)?.file ?? p);
  const written = result.outcomes.map((o) => o.file.split('/').pop() ?? o.file);
  const problems = result.outcomes.reduce((n, o) => n + o.diagnostics.filter((d) => d.severity === 'error').length, 0);
  const parts = [
    approved.length ? `approved ${approved.join(', ')}` : '',
    written.length ? `wrote ${written.join(', ')}` : '',
  ].filter(Boolean);
  const head = parts.length ? `Specwright: ${result.name}: ${parts.join(' and ')}.` : `Specwright: ${result.name}: nothing to do.`;
  const tail = problems ? ` ${problems} lint error${problems === 1 ? '' : 's'} left; see the Problems view.` : result.status.complete ? ' Every phase is approved.' : '';
  return head + tail;
}

/** The palette line for a spec: "Approve design.md and generate tasks.md". */
export function nextStepText(status: Pick<SpecStatus, 'current' | 'next' | 'complete' | 'phases'>): string {
  const file = (phase: string | null) => status.phases.find((p) => p.phase === phase)?.file ?? `${phase}.md`;
  if (status.complete) return 'Every phase is approved';
  if (status.next && status.current) return `Approve ${file(status.current)} and generate ${file(status.next)}`;
  if (status.next) return `Generate ${file(status.next)}`;
  return `Approve ${file(status.current)}`;
}

/** Phases an approval would also approve that the person did not click on (a lens of an earlier phase). */
export function phasesApprovedBeyond(status: Pick<SpecStatus, 'current' | 'phases'>, clicked: string): string[] {
  const order = status.phases.map((p) => p.phase as string);
  const from = order.indexOf(clicked === 'requirements' && !order.includes('requirements') ? 'bugfix' : clicked);
  const to = status.current ? order.indexOf(status.current) : -1;
  if (from < 0 || to <= from) return [];
  return status.phases.slice(from + 1, to + 1).filter((p) => p.status !== 'approved').map((p) => p.file);
}

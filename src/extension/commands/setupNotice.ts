import type { CheckResult, CheckStatus, DoctorRemedy } from '../../core/doctor';
import { COMMANDS } from '../ids';

/**
 * What Check Setup shows for the doctor's results: the report for its output channel and the
 * notification (its message and buttons). Host-free, so it is tested on real doctor runs.
 */

const MARKS: Record<CheckStatus, string> = { ok: '✓', problem: '✗', 'not checked': '·' };

/** The editor's way to do what a remedy offers: a button and what it runs. */
export const REMEDY_BUTTONS: Record<DoctorRemedy['kind'], { label: string; command: string }> = {
  setApiKey: { label: 'Set API Key', command: COMMANDS.setApiKey },
  trustWorkspace: { label: 'Manage Workspace Trust', command: 'workbench.trust.manage' },
};

export const SHOW_DETAILS = 'Show Details';

/** The notification after a check: ready (information) or the problems, with a button per remedy (warning). */
export interface SetupNotice {
  severity: 'information' | 'warning';
  message: string;
  /** The remedies' buttons, each once, in the order of the problems; Show Details comes after them. */
  buttons: Array<{ label: string; command: string }>;
}

/** The report as text: one line per check, its findings under it, how to fix it. */
export function setupReport(results: readonly CheckResult[], root: string | null): string {
  const lines = [`Specwright setup check${root ? ` for ${root}` : ' (no folder open)'}`, ''];
  for (const result of results) {
    lines.push(`${MARKS[result.status]} ${result.title}: ${result.detail}`);
    for (const item of result.items ?? []) lines.push(`    ${item}`);
    if (result.fix) lines.push(`  fix: ${result.fix}${result.remedy ? ` (${REMEDY_BUTTONS[result.remedy.kind].label})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export function setupNotice(results: readonly CheckResult[]): SetupNotice {
  const problems = results.filter((r) => r.status === 'problem');
  if (problems.length === 0) return { severity: 'information', message: `Specwright: the setup is ready (${results.length} checks).`, buttons: [] };
  const buttons = [...new Set(problems.flatMap((p) => (p.remedy ? [p.remedy.kind] : [])))].map((kind) => REMEDY_BUTTONS[kind]);
  const first = problems[0]!;
  const summary = problems.length === 1 ? `${first.title}: ${first.detail}` : `${problems.length} problems, first ${first.title}: ${first.detail}`;
  return { severity: 'warning', message: `Specwright: ${summary}`, buttons };
}

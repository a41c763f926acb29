import type Anthropic from '@anthropic-ai/sdk';
import type { ContextDoc } from './context';
import type { AgentProfile } from './profile';

/**
 * Kept short on purpose: every token here is paid on every step of every task. Behaviour that the
 * runner enforces (policy, verification, task marking) is not re-explained to the model at length.
 */
export const BASE_SYSTEM_PROMPT = `You are Specwright, a careful senior engineer executing one task of a spec in the user's workspace.
- Read what you need (spec below, code via tools); make the smallest complete change that does the task; follow the steering rules.
- Write whole, working code: never elide with placeholders like "... existing code ...".
- Prove it works: run the project's tests (or the command that checks this task) and fix failures before you finish.
- If an action is denied or rejected, do not retry it; choose another way or explain why you cannot.
- Do not edit tasks.md checkboxes; Specwright marks the task when verification passes.
- Finish with a two-line summary: what changed, and the test result.`;

export interface SpecDocuments {
  name: string;
  requirements?: string;
  design?: string;
  bugfix?: string;
  tasks?: string;
}

export interface TaskBrief {
  id: string;
  title: string;
  /** The task's own lines (detail bullets, sub-tasks) as written in tasks.md. */
  text: string;
  /** Referenced acceptance criteria: id and text. */
  criteria: Array<{ id: string; text: string }>;
}

/**
 * The system prompt as cacheable blocks: the fixed instructions (and a custom agent's own), then
 * steering (what the task or prompt starts with, rendered by its SteeringSession), other context and
 * the spec. All stay byte-identical for every step of a task, so the whole prefix is read from the
 * prompt cache after the first step. A free prompt has no spec.
 */
export function buildSystemBlocks(workspace: string, steering: string, docs: readonly ContextDoc[], spec: SpecDocuments | null, profile?: AgentProfile): Anthropic.TextBlockParam[] {
  const context: string[] = [`Workspace: ${workspace}`];
  if (steering.trim()) context.push(steering.trim());
  for (const doc of docs) context.push(`<${doc.kind} source="${doc.source}">\n${doc.body.trim()}\n</${doc.kind}>`);
  if (spec) {
    for (const [file, text] of [
      ['requirements.md', spec.requirements],
      ['bugfix.md', spec.bugfix],
      ['design.md', spec.design],
      ['tasks.md', spec.tasks],
    ] as const) {
      if (text !== undefined) context.push(`<spec name="${spec.name}" file="${file}">\n${text.trim()}\n</spec>`);
    }
  }
  const instructions = profile?.instructions?.trim();
  return [
    { type: 'text', text: BASE_SYSTEM_PROMPT },
    ...(instructions ? [{ type: 'text' as const, text: `<agent name="${profile!.name}">\n${instructions}\n</agent>` }] : []),
    { type: 'text', text: context.join('\n\n') },
  ];
}

export function taskInstruction(task: TaskBrief, extra?: string): string {
  const lines = [`Execute task ${task.id}: ${task.title}`, '', task.text.trim()];
  if (task.criteria.length) {
    lines.push('', 'Acceptance criteria this task must satisfy:');
    for (const c of task.criteria) lines.push(`- ${c.id}: ${c.text}`);
  }
  if (extra) lines.push('', extra);
  return lines.join('\n');
}

export const PLAN_REQUEST =
  'Before changing anything, propose a short numbered plan for this task (files to change, how you will verify). Use only read tools now; wait for approval.';
export const PLAN_APPROVED = 'The plan is approved. Execute it now.';
export const NO_VERIFICATION =
  'You have not run a command that proves the task works. Run the project tests (or the check for this task) and fix any failure before finishing.';

export function verificationFailed(command: string, output: string): string {
  return `Verification failed: \`${command}\` did not pass.\n\n${output.trim()}\n\nFix the cause, run it again, and finish when it passes.`;
}

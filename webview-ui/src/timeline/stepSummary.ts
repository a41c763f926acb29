import { budgetWarningText } from '../../../src/shared/budgetText';
import { compactionText } from '../../../src/shared/compactionText';
import { baseName, plural } from '../format';
import type { Step } from './steps';

/** One plain line about a step: the preview of a closed sub-agent fold, and a row's accessible name. */
export function stepSummary(step: Step): string {
  switch (step.kind) {
    case 'command':
      return `Ran ${step.start.command}${step.finish ? ` (exit ${step.finish.exitCode ?? step.finish.signal ?? '?'})` : ''}`;
    case 'tool':
      return `${step.call.tool}${step.call.summary ? `: ${step.call.summary}` : ''}`;
    case 'approval':
      return `Approval ${step.resolution ? step.resolution.outcome : 'needed'}: ${step.request.action.detail}`;
    case 'hook':
      return `Hook ${step.start.hook}`;
    case 'subagent':
      return `Sub-agent ${step.start.agent} ${step.finish ? step.finish.status.replace('_', ' ') : 'running'}: ${firstLine(step.start.query)}`;
    case 'event':
      break;
  }
  const e = step.event;
  switch (e.type) {
    case 'run_started':
      return e.chat ? `Chat started with ${e.model}: ${firstLine(e.chat.prompt)}` : `Run started with ${e.model}`;
    case 'task_started':
      return `Task ${e.task.id} ${e.task.title}`;
    case 'task_finished':
      return `Task ${e.task.id} ${e.status}`;
    case 'task_rerun':
      return `Task ${e.task.id} runs again: conflict in ${e.files.join(', ')}`;
    case 'user_message':
      return `You: ${firstLine(e.text)}`;
    case 'assistant_text':
      return firstLine(e.text);
    case 'thinking':
      return 'Thinking';
    case 'tool_call':
      return e.tool;
    case 'tool_result':
      return `${e.tool}: ${e.summary}`;
    case 'file_read':
      return `Reading ${baseName(e.path)}…`;
    case 'file_written':
      return `${writeVerb(e.change)} ${e.path} +${e.added} −${e.removed}`;
    case 'command_started':
      return `Ran ${e.command}`;
    case 'command_output':
      return firstLine(e.text);
    case 'command_finished':
      return `Command exited ${e.exitCode ?? e.signal ?? '?'}`;
    case 'test_result':
      return `Tests ${e.failed > 0 ? 'FAIL' : 'PASS'}: ${e.passed} passed, ${e.failed} failed`;
    case 'approval_requested':
      return `Approval needed: ${e.action.detail}`;
    case 'approval_resolved':
      return `Approval ${e.outcome}`;
    case 'policy_denied':
      return `Blocked: ${e.action.detail}`;
    case 'verification':
      return `Verification ${e.passed ? 'passed' : 'failed'}: ${e.command}`;
    case 'self_correction':
      return `Self-correction ${e.attempt}/${e.maxAttempts}: ${firstLine(e.reason)}`;
    case 'mcp_server':
      return `MCP server ${e.server} ${e.status}: ${firstLine(e.message)}`;
    case 'retry':
      return `Retrying (attempt ${e.attempt})`;
    case 'context_compacted':
      return compactionText(e);
    case 'budget_warning':
      return budgetWarningText(e);
    case 'checkpoint_created':
      return `Checkpoint with ${plural(e.files, 'file')}`;
    case 'checkpoint_restored':
      return `Restored ${plural(e.files.length, 'file')}`;
    case 'hook_started':
      return `Hook ${e.hook}`;
    case 'hook_finished':
      return `Hook ${e.hook} ${e.ok ? 'succeeded' : 'failed'}`;
    case 'subagent_started':
      return `Sub-agent ${e.agent}: ${firstLine(e.query)}`;
    case 'subagent_finished':
      return `Sub-agent ${e.agent} ${e.status.replace('_', ' ')}`;
    case 'steering_included':
      return `Steering ${e.name} (${e.reason})`;
    case 'criterion_verdict':
      return `Criterion ${e.criterion}: ${e.verdict}`;
    case 'error':
      return `Error: ${firstLine(e.message)}`;
    case 'run_finished':
      return `Run ${e.outcome}: ${firstLine(e.summary)}`;
  }
}

export function writeVerb(change: 'created' | 'modified' | 'deleted'): string {
  return change === 'created' ? 'Created' : change === 'deleted' ? 'Deleted' : 'Edited';
}

function firstLine(text: string): string {
  const line = text.trimStart().split('\n', 1)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

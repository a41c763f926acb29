import { formatCost, formatDuration, formatTokenCount, type ActivityEvent, type AttachedImage } from '../core/activity';
import { formatBytes } from '../core/images';
import { describeSandbox } from '../core/sandbox';
import { painter, type CliIo } from './io';
import { budgetWarningText } from '../shared/budgetText';
import { compactionText } from '../shared/compactionText';

/**
 * The readable live stream of a run for people at a terminal:
 * `[Agent] Reading design.md…`, `+ Added src/x.ts (+12)`, `Running: npm test`, `Task 3 complete. …`
 */
const TAIL_ON_SUCCESS = 4;
const TAIL_ON_FAILURE = 20;

export function createActivityPrinter(io: Pick<CliIo, 'stdout' | 'isTTY' | 'env'>, options: { verbose?: boolean } = {}): (event: ActivityEvent) => void {
  const paint = painter(io);
  const out = (line: string) => io.stdout(line + '\n');
  /** Sub-agents' lanes by id: their steps interleave, so each line names whose it is. */
  const lanes = new Map<string, string>();
  const indent = (e: ActivityEvent) => {
    if (!e.parentId) return '';
    const lane = lanes.get(e.parentId);
    return lane ? `    ${paint('gray', `‹${lane}›`)} ` : '    ';
  };
  const partial = new Map<string, string>();
  const held = new Map<string, string[]>();

  return (event) => {
    const pad = indent(event);
    switch (event.type) {
      case 'run_started':
        out(paint('bold', `Specwright · ${event.chat ? 'chat' : `${event.tasks[0]?.spec ?? ''} · ${event.tasks.length} task${event.tasks.length === 1 ? '' : 's'}`}${event.sideBySide ? ` · side by side, ${event.sideBySide.limit} at once` : ''}${event.agent ? ` · agent ${event.agent}` : ''} · ${event.model} · ${event.autonomy}, ${event.mode}`));
        if (event.chat?.images?.length) out(paint('gray', attachedLine(event.chat.images)));
        // Said once per run: the promises about files, secrets and network rest on it.
        if (event.sandbox) {
          out(paint(event.sandbox.state === 'on' ? 'gray' : 'yellow', describeSandbox(event.sandbox)));
          for (const note of event.sandbox.notes ?? []) out(paint('gray', `  · ${note}`));
        }
        return;
      case 'task_started':
        out(paint('bold', `\n▶ Task ${event.task.id}: ${event.task.title}`));
        return;
      case 'assistant_text':
        out(`${pad}${paint('cyan', '[Agent]')} ${clip(event.text, options.verbose ? 4000 : 400)}`);
        return;
      case 'thinking':
        if (options.verbose) out(`${pad}${paint('gray', `(thinking) ${clip(event.text, 400)}`)}`);
        return;
      case 'tool_call':
        if (event.tool !== 'fs_write' && event.tool !== 'execute_bash') out(`${pad}${paint('cyan', '[Agent]')} ${event.summary ?? event.tool}…`);
        return;
      case 'tool_result':
        if (event.isError) out(`${pad}${paint('yellow', `  ! ${event.tool}: ${event.summary}`)}`);
        return;
      case 'file_read':
        return;
      case 'file_written': {
        const verb = { created: ['+', 'Added', 'green'], modified: ['~', 'Modified', 'blue'], deleted: ['-', 'Deleted', 'red'] } as const;
        const [mark, word, colour] = verb[event.change];
        out(`${pad}${paint(colour, `${mark} ${word} ${event.path}`)} ${paint('gray', `(+${event.added} −${event.removed})`)}`);
        return;
      }
      case 'command_started':
        out(`${pad}${paint('magenta', 'Running:')} ${event.command}${event.sandboxed === false ? paint('yellow', ' (outside the sandbox)') : ''}`);
        return;
      case 'command_output': {
        // Whole lines only, so interleaved streams stay readable. Without --verbose only the tail is
        // shown when the command ends: the outcome matters, not the scroll.
        const text = (partial.get(event.commandId) ?? '') + event.text;
        const lines = text.split('\n');
        partial.set(event.commandId, lines.pop() ?? '');
        if (options.verbose) for (const line of lines) out(`${pad}${paint('gray', '  │ ')}${line}`);
        else held.set(event.commandId, [...(held.get(event.commandId) ?? []), ...lines].slice(-TAIL_ON_FAILURE - 1));
        return;
      }
      case 'command_finished': {
        const rest = partial.get(event.commandId);
        partial.delete(event.commandId);
        const lines = [...(held.get(event.commandId) ?? []), ...(rest ? [rest] : [])];
        held.delete(event.commandId);
        const shown = options.verbose ? (rest ? [rest] : []) : lines.slice(-(event.exitCode === 0 ? TAIL_ON_SUCCESS : TAIL_ON_FAILURE));
        for (const line of shown) out(`${pad}${paint('gray', '  │ ')}${line}`);
        const status = event.timedOut ? 'timed out' : event.exitCode === null ? `killed (${event.signal ?? 'signal'})` : `exit ${event.exitCode}`;
        out(`${pad}${paint(event.exitCode === 0 ? 'gray' : 'yellow', `  └ ${status} (${formatDuration(event.durationMs)})`)}`);
        return;
      }
      case 'test_result':
        out(`${pad}${paint(event.failed ? 'red' : 'green', `  Tests: ${event.passed} passed, ${event.failed} failed${event.skipped ? `, ${event.skipped} skipped` : ''}`)}`);
        return;
      case 'approval_requested':
        out(`${pad}${paint('yellow', `? Approval needed (${event.action.kind}): ${event.action.detail}`)}\n${pad}  ${paint('gray', event.reason)}`);
        return;
      case 'approval_resolved':
        out(`${pad}${paint(event.outcome === 'rejected' ? 'red' : 'green', `  → ${event.outcome === 'always' ? 'always allowed for this session' : event.outcome}`)}${event.note ? paint('gray', ` (${event.note})`) : ''}`);
        return;
      case 'policy_denied':
        out(`${pad}${paint('red', `✗ Denied (${event.action.kind}): ${event.action.detail}`)}\n${pad}  ${paint('gray', event.reason)}`);
        return;
      case 'verification':
        out(`${pad}${event.passed ? paint('green', `✓ Verified: ${event.command}`) : paint('red', `✗ Verification failed: ${event.command} (exit ${event.exitCode ?? 'signal'})`)}`);
        return;
      case 'self_correction':
        out(`${pad}${paint('yellow', `↻ Self-correcting (attempt ${event.attempt} of ${event.maxAttempts}): ${event.reason}`)}`);
        return;
      case 'mcp_server':
        out(`${pad}${paint(event.status === 'ready' ? 'gray' : event.status === 'crashed' ? 'yellow' : 'red', `⧉ MCP server "${event.server}" ${event.status === 'unavailable' ? 'not started' : event.status}: ${event.message}`)}`);
        return;
      case 'context_compacted':
        out(`${pad}${paint('blue', `⇣ ${compactionText(event)}`)}`);
        return;
      case 'budget_warning':
        out(`${pad}${paint('yellow', `! ${budgetWarningText(event)}`)}`);
        return;
      case 'retry':
        out(`${pad}${paint('gray', `… ${event.reason}; retrying in ${formatDuration(event.delayMs)} (attempt ${event.attempt})`)}`);
        return;
      case 'usage':
        if (options.verbose) out(`${pad}${paint('gray', `  step ${event.step}: ${formatTokenCount(event.usage.inputTokens)} in, ${formatTokenCount(event.usage.outputTokens)} out, ${formatTokenCount(event.usage.cacheReadTokens)} cached · ${formatCost(event.total.costUsd)} so far`)}`);
        return;
      case 'checkpoint_created':
        out(`${pad}${paint('gray', `◆ Checkpoint ${event.checkpointId}${event.task ? ` (task ${event.task})` : ''}`)}`);
        return;
      case 'checkpoint_restored':
        out(`${pad}${paint('blue', `◆ Restored checkpoint ${event.checkpointId}: ${event.files.length} file(s)`)}`);
        return;
      case 'subagent_started':
        lanes.set(event.subagentId, `${event.agent} #${event.subagentId.split('#').pop()}`);
        out(`${pad}${paint('magenta', `⇶ Sub-agent ${lanes.get(event.subagentId)} (${event.model}):`)} ${clip(event.query, 200)}`);
        return;
      case 'subagent_finished': {
        const lane = lanes.get(event.subagentId) ?? event.agent;
        const spent = `${event.usage.inputTokens + event.usage.outputTokens} tokens · $${event.usage.costUsd.toFixed(4)}`;
        out(`${pad}${paint(event.status === 'done' ? 'green' : 'red', `⇶ Sub-agent ${lane} ${event.status.replace('_', ' ')}`)} ${paint('gray', `(${spent})`)}${event.summary ? `: ${clip(event.summary, 200)}` : ''}`);
        return;
      }
      case 'hook_started':
        out(`${pad}${paint('magenta', `⚑ Hook "${event.hook}" (${event.trigger})`)}${event.paths.length ? paint('gray', ` ${event.paths.join(', ')}`) : ''}`);
        return;
      case 'hook_finished':
        out(`${pad}${paint(event.ok ? 'gray' : 'red', `  hook "${event.hook}" ${event.ok ? 'done' : 'failed'}`)}${event.output ? `: ${clip(event.output, 300)}` : ''}`);
        return;
      case 'steering_included':
        out(`${pad}${paint('gray', `≡ Steering ${event.name} (${event.reason})`)}`);
        return;
      case 'criterion_verdict':
        out(`${pad}${paint(event.verdict === 'pass' ? 'green' : event.verdict === 'fail' ? 'red' : 'yellow', `${event.verdict === 'pass' ? '✔' : event.verdict === 'fail' ? '✘' : '?'} Criterion ${event.criterion} ${event.verdict}`)}: ${clip(event.summary, 300)}`);
        return;
      case 'user_message':
        out(`${pad}${paint('bold', '[You]')} ${event.text}`);
        if (event.images?.length) out(`${pad}${paint('gray', attachedLine(event.images))}`);
        return;
      case 'error':
        out(`${pad}${paint('red', `Error: ${event.message}`)}`);
        return;
      case 'task_rerun':
        out(paint('yellow', `↻ ${event.summary}`));
        for (const file of event.files) out(paint('yellow', `  ≠ ${file}`));
        return;
      case 'task_finished':
        out(event.status === 'done' ? paint('green', event.summary) : paint('red', `Task ${event.task.id} ${event.status}: ${event.summary}`));
        // Every file, where the summary names the first few: the person resolves each.
        for (const file of event.conflict?.files ?? []) out(paint('red', `  ≠ ${file}`));
        return;
      case 'run_finished':
        out(paint('bold', `\n${event.summary}`));
        return;
    }
  };
}

function clip(text: string, max: number): string {
  const oneLine = text.trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max)}…`;
}

/** "Attached: shots/ui.png (PNG 1280×800, 212 KB)": what a message carried to the model. */
function attachedLine(images: readonly AttachedImage[]): string {
  return `Attached: ${images.map((i) => `${i.path} (${i.mediaType.replace('image/', '').toUpperCase()} ${i.width}×${i.height}, ${formatBytes(i.bytes)})`).join(', ')}`;
}

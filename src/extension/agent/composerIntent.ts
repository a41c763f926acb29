/**
 * What a message typed in the panel's composer asks for when no Interactive run is listening.
 * Deliberately small and literal: anything else is a chat with the agent, never a guess.
 */
export type ComposerIntent =
  | { kind: 'executeTask'; taskId: string; spec?: string }
  | { kind: 'runAll'; spec?: string }
  | { kind: 'report' }
  | { kind: 'stop' }
  | { kind: 'finishConversation' }
  | { kind: 'help' }
  | { kind: 'chat' };

const TASK_ID = String.raw`(\d+(?:\.\d+)*)\.?`;
const SPEC_SUFFIX = String.raw`(?:\s+(?:of|in|from)\s+(?:spec\s+)?["'\x60]?([\w.-]+)["'\x60]?)?`;

export function parseComposerIntent(text: string): ComposerIntent {
  const t = text.trim().replace(/[!?.\s]+$/, '');
  let m = new RegExp(String.raw`^(?:please\s+)?(?:execute|run|start|do|implement)\s+(?:task\s+)?#?${TASK_ID}${SPEC_SUFFIX}$`, 'i').exec(t);
  if (m) return { kind: 'executeTask', taskId: m[1]!, ...(m[2] ? { spec: m[2] } : {}) };
  m = new RegExp(String.raw`^(?:please\s+)?(?:execute|run|start|do)\s+(?:all|every|all\s+(?:the\s+)?(?:open\s+)?tasks|every\s+task|(?:the\s+)?remaining\s+tasks)${SPEC_SUFFIX}$`, 'i').exec(t);
  if (m) return { kind: 'runAll', ...(m[1] ? { spec: m[1] } : {}) };
  if (/^\/?(?:stop|cancel|abort)(?:\s+(?:the\s+)?(?:agent|run))?$/i.test(t)) return { kind: 'stop' };
  if (/^\/?(?:done|finish(?:ed)?|that'?s\s+all|end)$/i.test(t)) return { kind: 'finishConversation' };
  if (/\bwhat\b.*\b(?:complete|completed|finish|finished|done|did|changed?)\b|\b(?:status|summary|report|progress)\b/i.test(t)) return { kind: 'report' };
  if (/^\/?help$/i.test(t)) return { kind: 'help' };
  return { kind: 'chat' };
}

export const COMPOSER_HELP =
  'Anything you type starts a chat with the agent picked beside the message box (Specwright\'s own, or a custom agent); "done" ends it. ' +
  'You can also ask: "Execute task 2.1" (in the most recent spec, or "… of my-spec"), "Run all tasks", or "What did you complete?"; ' +
  '/ lists the prompts of your MCP servers. To talk with the agent while it works on a task, set specwright.mode to "interactive" and start the task.';

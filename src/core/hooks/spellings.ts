import { editDistance } from '../settings';

/**
 * What a misspelt hook type most likely meant. Hook files in the wild use names Kiro never had
 * (`fileEdit`, `onFileSave`, `agentComplete`, `executeCommand`); Kiro refuses them, and so does
 * Specwright, but the error names the type the author probably wanted.
 */

/** Names people write for a type, by what they mean; each lists the spellings of both file formats. */
const SYNONYMS: Array<{ means: string[]; written: string[] }> = [
  { means: ['fileEdited', 'PostFileSave'], written: ['fileSave', 'onFileSave', 'onSave', 'save', 'fileEdit', 'fileChange', 'fileChanged', 'fileModified', 'fileUpdate', 'fileUpdated', 'onEdit', 'postFileEdit'] },
  { means: ['fileCreated', 'PostFileCreate'], written: ['fileCreate', 'onFileCreate', 'onCreate', 'fileAdded', 'fileNew', 'newFile', 'postFileCreated'] },
  { means: ['fileDeleted', 'PostFileDelete'], written: ['fileDelete', 'onFileDelete', 'onDelete', 'fileRemoved', 'fileRemove', 'postFileDeleted'] },
  { means: ['agentStop', 'Stop'], written: ['agentComplete', 'agentCompleted', 'agentDone', 'agentFinished', 'agentFinish', 'agentEnd', 'onStop', 'agentStopped', 'onAgentStop'] },
  { means: ['promptSubmit', 'UserPromptSubmit'], written: ['onMessage', 'messageSent', 'userMessage', 'onPrompt', 'promptSubmitted', 'userPromptSubmit', 'promptSubmission', 'onPromptSubmit'] },
  { means: ['userTriggered', 'Manual'], written: ['manualTrigger', 'onDemand', 'button', 'userTrigger', 'onClick', 'manually'] },
  { means: ['preToolUse', 'PreToolUse'], written: ['beforeToolUse', 'beforeTool', 'preTool', 'onToolUse'] },
  { means: ['postToolUse', 'PostToolUse'], written: ['afterToolUse', 'afterTool', 'postTool', 'toolUsed'] },
  { means: ['preTaskExecution', 'PreTaskExecution'], written: ['beforeTask', 'taskStart', 'preTask', 'onTaskStart', 'taskStarted'] },
  { means: ['postTaskExecution', 'PostTaskExecution'], written: ['afterTask', 'taskComplete', 'taskCompleted', 'taskDone', 'postTask', 'onTaskComplete', 'taskFinished'] },
  { means: ['sessionStart', 'SessionStart'], written: ['agentStart', 'sessionBegin', 'onStart', 'onSessionStart', 'agentStarted'] },
  { means: ['runCommand', 'command'], written: ['executeCommand', 'exec', 'shell', 'shellCommand', 'run', 'runShell', 'bash', 'script', 'runScript'] },
  { means: ['askAgent', 'agent'], written: ['sendMessage', 'prompt', 'askKiro', 'agentPrompt', 'ask', 'sendPrompt', 'message'] },
];

const byWritten = new Map<string, string[]>();
for (const { means, written } of SYNONYMS) for (const name of written) byWritten.set(fold(name), means);

/**
 * The allowed value `written` most likely stands for, or undefined when none is close: a known
 * synonym first, then a value it is a prefix or an extension of, then a small edit distance.
 */
export function likelyMeant(written: string, allowed: readonly string[]): string | undefined {
  const key = fold(written);
  if (!key) return undefined;
  const synonym = byWritten.get(key)?.find((name) => allowed.includes(name));
  if (synonym) return synonym;
  const extension = allowed.find((value) => key.length >= 4 && (fold(value).startsWith(key) || key.startsWith(fold(value))));
  if (extension) return extension;
  let best: { value: string; distance: number } | undefined;
  for (const value of allowed) {
    const distance = editDistance(key, fold(value));
    if (!best || distance < best.distance) best = { value, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(key.length / 4)) ? best.value : undefined;
}

/** Case and separators do not count: `on-file-save`, `OnFileSave` and `onfilesave` are one name. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

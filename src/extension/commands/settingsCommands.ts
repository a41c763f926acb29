import * as vscode from 'vscode';
import type { AgentMode, AutonomyLevel } from '../../core/policy';
import type { SpecwrightContext } from '../context';
import { showFailure } from '../host/failureNotice';
import { agentRuntime } from '../runtime/load';

const TEST_KEY = 'Test Key';

/** Set API Key: stored in SecretStorage (never settings.json), then optionally tested with a tiny request. */
export const setApiKey = (ctx: SpecwrightContext) => async () => {
  const key = await vscode.window.showInputBox({
    title: 'Specwright: Set API Key',
    prompt: 'Your Anthropic API key. It is kept in VS Code\'s secret storage (the OS keychain), never in settings.',
    placeHolder: 'sk-ant-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? (/\s/.test(value.trim()) ? 'The key has spaces in it; paste it again.' : null) : 'The key is empty; paste your Anthropic API key.'),
  });
  if (!key?.trim()) return;
  await ctx.apiKeys.store(key);
  ctx.log.info('API key saved in secret storage');
  const choice = await vscode.window.showInformationMessage('Specwright: API key saved in VS Code\'s secret storage.', TEST_KEY);
  if (choice === TEST_KEY) await testKey(ctx);
};

/** One short request: proves the key, the endpoint and the model work together. */
async function testKey(ctx: SpecwrightContext): Promise<void> {
  try {
    const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Specwright: testing the API key…' }, async () => {
      const { completeText } = await agentRuntime();
      // Workspace settings are left out: an untrusted folder must not pick where the key is sent.
      const provider = await (await ctx.agentService()).textModel(null);
      const text = await completeText(provider, { system: '', prompt: 'Reply with the single word OK.', maxTokens: 16, signal: AbortSignal.timeout(60_000) });
      return { model: provider.model, text };
    });
    void vscode.window.showInformationMessage(`Specwright: the API key works (${answer.model} answered).`);
  } catch (error) {
    await showFailure('testing the API key', error, ctx.log);
  }
}

const LEVELS: Array<{ label: string; value: AutonomyLevel | 'default'; detail: string }> = [
  { label: 'Cautious', value: 'cautious', detail: 'Asks before every write and every command that is not known to be safe.' },
  { label: 'Balanced', value: 'balanced', detail: 'Edits freely inside the workspace; asks before deletes, new dependencies and risky commands.' },
  { label: 'Full', value: 'full', detail: 'Asks only about what the policy always asks about; denials still hold.' },
  { label: 'From .kiro/settings.json', value: 'default', detail: 'Use agent.autonomyLevel of the workspace (balanced if unset).' },
];

/** Set Autonomy Level (also the status bar item's click). */
export const setAutonomy = (ctx: SpecwrightContext) => async () => {
  const current = (await ctx.statusBar.effectiveLevel()).level;
  const picked = await vscode.window.showQuickPick(
    LEVELS.map((l) => ({ ...l, description: l.value === current && ctx.config.autonomyLevel ? 'current' : l.value === 'default' && !ctx.config.autonomyLevel ? `current: ${current}` : undefined })),
    { title: 'Specwright: Set Autonomy Level', placeHolder: 'How much the agent may do without asking' },
  );
  if (!picked) return;
  await ctx.config.setAutonomyLevel(picked.value);
  await ctx.statusBar.refreshAutonomy();
  ctx.walkthrough.autonomyChanged();
  if (ctx.agent.current) void vscode.window.showInformationMessage('Specwright: the new level applies to the next run.');
};

const MODES: Array<{ label: string; value: AgentMode | 'default'; detail: string }> = [
  { label: 'Autonomous', value: 'autonomous', detail: 'Works through the task; asks only what the autonomy level requires.' },
  { label: 'Supervised', value: 'supervised', detail: 'Proposes a plan first, and waits for you to accept or reject each file it writes (shown as a diff).' },
  { label: 'Interactive', value: 'interactive', detail: 'Talks with you in the Agent Activity composer between steps.' },
  { label: 'From .kiro/settings.json', value: 'default', detail: 'Use agent.mode of the workspace (autonomous if unset).' },
];

export const setMode = (ctx: SpecwrightContext) => async () => {
  const picked = await vscode.window.showQuickPick(MODES, { title: 'Specwright: Set Agent Mode', placeHolder: 'How the agent works with you' });
  if (!picked) return;
  await ctx.config.setMode(picked.value);
  await ctx.statusBar.refreshAutonomy();
};

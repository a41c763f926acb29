import * as os from 'node:os';
import * as vscode from 'vscode';
import type { SpecwrightContext } from '../context';
import { agentLoadNotes } from '../panel/composerChannel';
import { hostRuntime } from '../runtime/load';

/** Which workspace folder a command acts on: the one given, the only one, or the one picked. */
export async function pickRoot(ctx: SpecwrightContext, hint?: string): Promise<string | undefined> {
  if (hint) return ctx.rootFor(hint);
  const roots = ctx.roots();
  if (roots.length <= 1) return roots[0];
  const picked = await vscode.window.showQuickPick(
    roots.map((root) => ({ label: vscode.workspace.asRelativePath(root, true) || root, description: root, root })),
    { title: 'Specwright: which folder?', placeHolder: 'Workspace folder' },
  );
  return picked?.root;
}

/** A spec of `root`, picked from a list; `describe` returning null leaves a spec out. */
export async function pickSpec(root: string, title: string, describe?: (name: string) => Promise<string | null>): Promise<string | undefined> {
  const { listSpecs } = await hostRuntime();
  const specs = await listSpecs(root);
  if (!specs.length) {
    const choice = await vscode.window.showInformationMessage('Specwright: this workspace has no specs yet.', 'New Spec');
    if (choice) await vscode.commands.executeCommand('specwright.newSpec');
    return undefined;
  }
  const items = (
    await Promise.all(
      specs.map(async (s) => {
        const description = describe ? await describe(s.name) : s.type;
        return description === null ? null : { label: s.name, description };
      }),
    )
  ).filter((i): i is { label: string; description: string } => i !== null);
  if (!items.length) {
    void vscode.window.showInformationMessage('Specwright: no spec needs this right now.');
    return undefined;
  }
  if (items.length === 1 && describe) return items[0]!.label;
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Spec' }))?.label;
}

/**
 * A custom agent of `root` (its `.kiro/agents` in a trusted workspace, and the user's), picked from
 * a list that says its model, where it comes from and what it is for; broken files and agents left
 * out of an untrusted workspace are said, not hidden. Its welcome message shows once picked.
 */
export async function pickCustomAgent(root: string): Promise<string | undefined> {
  const { loadAgents } = await hostRuntime();
  const loaded = await loadAgents({ workspace: root, home: os.homedir(), workspaceTrusted: vscode.workspace.isTrusted });
  const notes = agentLoadNotes(loaded);
  if (!loaded.agents.length) {
    void vscode.window.showInformationMessage(`Specwright: no custom agents in .kiro/agents/ or ~/.kiro/agents/.${notes.length ? ` ${notes.join('. ')}.` : ''}`);
    return undefined;
  }
  const items = loaded.agents.map((agent) => ({
    label: agent.name,
    description: `${agent.model ?? 'the run’s model'} · ${agent.scope === 'user' ? '~/.kiro/agents' : '.kiro/agents'}`,
    ...(agent.description ? { detail: agent.description } : {}),
    agent,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Specwright: Execute Task as Custom Agent',
    placeHolder: notes.length ? `Agent to do the work (${notes.join('; ')})` : 'Agent to do the work',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked?.agent.welcomeMessage) void vscode.window.showInformationMessage(`${picked.agent.name}: ${picked.agent.welcomeMessage}`);
  return picked?.agent.name;
}

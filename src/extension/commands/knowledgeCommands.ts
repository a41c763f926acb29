import * as vscode from 'vscode';
import type { IndexType } from '../../core/knowledge';
import type { SpecwrightContext } from '../context';
import { INDEX_TYPE_DETAIL, KnowledgeActions, baseRefOf, type KnowledgeUi } from '../knowledge/knowledgeActions';
import { hostRuntime } from '../runtime/load';
import type { KnowledgeRow } from '../views/knowledgeNodes';

/** The Knowledge section's questions and notices in VS Code's pickers, dialogs and notifications. */
const vscodeKnowledgeUi: KnowledgeUi = {
  async pickSource(workspace) {
    const picked = await vscode.window.showOpenDialog({
      title: 'Specwright: Add Knowledge Base: the folder to index',
      openLabel: 'Index Folder',
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(workspace),
    });
    return picked?.[0]?.fsPath;
  },
  askName: async (suggested, problem) =>
    vscode.window.showInputBox({
      title: 'Specwright: Add Knowledge Base: name',
      prompt: 'The name the agent and Search Knowledge… show for it',
      value: suggested,
      ignoreFocusOut: true,
      validateInput: problem,
    }),
  async pickIndexType(name) {
    const picked = await vscode.window.showQuickPick(
      (Object.keys(INDEX_TYPE_DETAIL) as IndexType[]).map((kind) => ({ label: kind, detail: INDEX_TYPE_DETAIL[kind] })),
      { title: `Specwright: Add Knowledge Base: how to index "${name}"`, placeHolder: 'Index kind (neither downloads a model)', ignoreFocusOut: true },
    );
    return picked?.label as IndexType | undefined;
  },
  async pickBase(bases, title) {
    const picked = await vscode.window.showQuickPick(
      bases.map((base) => ({ label: base.name, description: `${base.source} · ${base.indexType}${base.agent ? ` · agent ${base.agent}` : ''}`, base })),
      { title: `Specwright: ${title}`, placeHolder: 'Knowledge base' },
    );
    return picked?.base;
  },
  confirm: async (message, detail, button) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button,
  withProgress: async (title, work) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Specwright: ${title}`, cancellable: true }, (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      return work(controller.signal).finally(() => subscription.dispose());
    }),
  askQuery: async () =>
    vscode.window.showInputBox({
      title: 'Specwright: Search Knowledge',
      prompt: 'What to look for in the knowledge bases (words, a name, a question)',
      placeHolder: 'e.g. retry backoff on rate limits',
      ignoreFocusOut: true,
    }),
  async pickHit(hits, title) {
    const picked = await vscode.window.showQuickPick(
      hits.map((hit) => ({
        label: `${hit.path}:${hit.startLine}-${hit.endLine}`,
        description: `${hit.base} · score ${hit.score}${hit.stale ? ' · changed since indexed' : ''}`,
        detail: hit.text.split('\n').find((line) => line.trim())?.trim() ?? '',
        hit,
      })),
      { title: `Specwright: ${title}`, placeHolder: 'Open a passage', matchOnDescription: true, matchOnDetail: true },
    );
    return picked?.hit;
  },
  async openAt(file, startLine, endLine) {
    const selection = new vscode.Range(Math.max(0, startLine - 1), 0, Math.max(0, endLine - 1), Number.MAX_SAFE_INTEGER);
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection });
  },
  info: (message, ...buttons) => Promise.resolve(vscode.window.showInformationMessage(message, ...buttons)),
  warn: (message, ...buttons) => Promise.resolve(vscode.window.showWarningMessage(message, ...buttons)),
  error: (message, ...buttons) => Promise.resolve(vscode.window.showErrorMessage(message, ...buttons)),
};

/** A command of the Knowledge section: the workspace, then the actions over the core. */
const knowledgeCommand = (act: (actions: KnowledgeActions, workspace: string, arg: unknown) => Promise<unknown>) => (ctx: SpecwrightContext) => async (arg?: unknown) => {
  const workspace = ctx.primaryRoot();
  if (!workspace) {
    void vscode.window.showWarningMessage('Specwright: open a folder first; its knowledge bases live in its .kiro/.specwright/knowledge.');
    return;
  }
  const actions = new KnowledgeActions(await hostRuntime(), vscodeKnowledgeUi, { changed: () => ctx.views.steering.refresh(), trusted: () => vscode.workspace.isTrusted });
  await act(actions, workspace, arg);
};

/** Add Knowledge Base… (view title, palette, the section's empty row). */
export const addKnowledgeBase = knowledgeCommand((actions, workspace) => actions.add(workspace));
/** Reindex (a base's inline action and menu; the palette asks which). */
export const reindexKnowledgeBase = knowledgeCommand((actions, workspace, arg) => actions.reindex(workspace, baseRefOf(arg)));
/** Remove (a base's menu; the palette asks which): the index only, never the folder's files. */
export const removeKnowledgeBase = knowledgeCommand((actions, workspace, arg) => actions.remove(workspace, baseRefOf(arg)));
/** Search Knowledge… (view title, palette: every base; a base's menu: that one). */
export const searchKnowledge = knowledgeCommand((actions, workspace, arg) => actions.search(workspace, baseRefOf(arg)));
/** A click on a base with a problem: what is wrong, with its fix as the button (Reindex, or Remove once the folder is gone). */
export const fixKnowledgeBase = knowledgeCommand(async (actions, workspace, arg) => {
  const row = arg as Extract<KnowledgeRow, { kind: 'knowledge-base' }> | undefined;
  if (!row?.problem) return;
  const choice = await vscode.window.showWarningMessage(`Specwright: ${row.problem}`, ...(row.fix ? [row.fix.button] : []));
  if (row.fix && choice === row.fix.button) await actions.fix(workspace, row.fix);
});

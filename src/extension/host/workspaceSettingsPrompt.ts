import * as vscode from 'vscode';
import type { WorkspaceSettingsRequest } from '../../core/settings';
import { hostRuntime } from '../runtime/load';

const ALLOW = 'Allow';
const KEEP_ASKING = 'Keep asking';

/**
 * Asks, outside the repository, about what a workspace's settings ask for that would make the agent
 * ask less than the user's own settings do (a higher autonomy level, allowed or trusted commands,
 * another endpoint). Until the user allows exactly that, Specwright works without it; the answer is
 * kept in the user's home by the core (a later change to those settings asks again). The question is
 * a notification, raised once per session for each request; nothing waits for it.
 */
export class WorkspaceSettingsPrompt implements vscode.Disposable {
  private readonly offered = new Set<string>();
  private readonly confirmed = new vscode.EventEmitter<WorkspaceSettingsRequest>();
  /** Fires once the user allowed a request: what reads settings should read them again. */
  readonly onDidConfirm = this.confirmed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  offer(request: WorkspaceSettingsRequest | null | undefined): void {
    if (!request || request.applied || this.offered.has(request.hash)) return;
    this.offered.add(request.hash);
    void this.ask(request).catch((error: unknown) => this.log.error(`workspace settings: ${error instanceof Error ? error.message : String(error)}`));
  }

  dispose(): void {
    this.confirmed.dispose();
  }

  private async ask(request: WorkspaceSettingsRequest): Promise<void> {
    const files = [...new Set(request.items.map((i) => i.file))].join(' and ');
    const asks = request.items.map((i) => i.summary).join('; ');
    this.log.info(`workspace settings: ${files} ask for ${asks}; not applied until allowed`);
    const choice = await vscode.window.showWarningMessage(
      `Specwright: this workspace's settings (${files}) ask the agent to ask you less: ${asks}. They came with the workspace, not from you; until you allow them, the agent keeps asking as your own settings say.`,
      ALLOW,
      KEEP_ASKING,
    );
    if (choice !== ALLOW) {
      this.log.info('workspace settings: kept asking');
      return;
    }
    const { confirmWorkspaceSettings } = await hostRuntime();
    await confirmWorkspaceSettings(request);
    this.log.info(`workspace settings: allowed for ${request.workspace}`);
    this.confirmed.fire(request);
    void vscode.window.showInformationMessage('Specwright: the workspace settings are allowed; they apply from the next run.');
  }
}

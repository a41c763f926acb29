import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { McpAccess } from '../../core/agent';
import type { OwnWriteRecorder } from '../../core/fs';
import type { McpHub, McpServerOverview, ServerApprovalPort } from '../../core/mcp';
import { agentRuntime } from '../runtime/load';
import type { ComposerPrompts } from './serverPrompts';

/** What the MCP Servers view lists: each server as it is now, and the config files' own problems. */
export interface McpServerList {
  readonly onDidChange: vscode.Event<void>;
  readonly trusted: boolean;
  list(): { servers: McpServerOverview[]; problems: string[]; loaded: boolean };
}

/**
 * The MCP servers of the primary workspace folder for the MCP Servers view: a hub of its own that
 * starts what may start under the same rules as a run's (user servers at once; a workspace's server
 * only in a trusted workspace once its exact launch was approved) and never asks by itself: only
 * Approve (or Restart) asks, in the same dialog as a run, and the answer is kept as a run's is.
 * Edits go through the core's in-place edits of mcp.json (comments kept), then the file is read again.
 */
export class McpServers implements McpServerList, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private hub: Promise<McpHub> | null = null;
  private servers: McpServerOverview[] = [];
  private problems: string[] = [];
  private loaded = false;
  private generation = 0;
  private started = false;
  /** The latest reload: a question about the servers waits for it. */
  private loading: Promise<void> = Promise.resolve();
  /** Servers a person just asked to start: only they may ask for approval or a sign-in. */
  private readonly asking = new Set<string>();
  private readonly watchers: vscode.Disposable[] = [];

  constructor(
    private readonly root: () => string | undefined,
    private readonly access: Required<Pick<McpAccess, 'approvals'>> & Pick<McpAccess, 'oauth' | 'onServerOutput'>,
    private readonly log: vscode.LogOutputChannel,
    /** Where an edit of the workspace's mcp.json is recorded as Specwright's own (checkpoint restores). */
    private readonly ownWrites: (root: string) => OwnWriteRecorder,
  ) {}

  /** The servers were started (the view was seen, or the composer asked for prompts). */
  get isStarted(): boolean {
    return this.started;
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  list(): { servers: McpServerOverview[]; problems: string[]; loaded: boolean } {
    return { servers: this.servers, problems: this.problems, loaded: this.loaded };
  }

  /** Follows edits of both mcp.json files (made here or anywhere else). */
  watch(): void {
    const root = this.root();
    const patterns = [new vscode.RelativePattern(vscode.Uri.file(path.join(os.homedir(), '.kiro', 'settings')), 'mcp.json'), ...(root ? [new vscode.RelativePattern(vscode.Uri.file(root), '.kiro/settings/mcp.json')] : [])];
    for (const pattern of patterns) {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      const reload = () => void this.reload();
      watcher.onDidChange(reload);
      watcher.onDidCreate(reload);
      watcher.onDidDelete(reload);
      this.watchers.push(watcher);
    }
  }

  /**
   * Watches the config files and starts what may start, once: when the view is first seen, or the
   * composer first asks for prompts. Never asks by itself.
   */
  start(): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.watch();
      void this.reload();
    }
    return this.loading;
  }

  /** The prompts of the servers running now, for the composer's `/` (servers start as start() allows). */
  async prompts(): Promise<ComposerPrompts> {
    const hub = await this.ready();
    if (!hub) return { prompts: [], problems: this.problems.map((message) => ({ server: '', message })) };
    const { composerPrompts } = await agentRuntime();
    return composerPrompts(hub, this.servers);
  }

  /** A running server's prompt filled in, as the text of a message; throws naming the server. */
  async fillPrompt(server: string, name: string, args: Record<string, string>): Promise<string> {
    const hub = await this.ready();
    if (!hub) throw new Error(`MCP server "${server}" is not running (${this.problems[0] ?? 'there is no workspace folder'})`);
    const { fillComposerPrompt } = await agentRuntime();
    return fillComposerPrompt(hub, this.servers, server, name, args);
  }

  /** Stops the servers, reads the configuration again and starts what may start. */
  reload(): Promise<void> {
    const loading = this.load();
    this.loading = loading;
    return loading;
  }

  /** The hub once the servers have started (null when there is none: no folder, a broken config). */
  private async ready(): Promise<McpHub | null> {
    await this.start();
    const hub = this.hub;
    return hub ? hub.catch(() => null) : null;
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    await this.closeHub();
    const root = this.root();
    if (!root) {
      this.update(generation, [], [], true);
      return;
    }
    const { McpHub, configuredOverview, formatProblem, serverOverview } = await agentRuntime();
    const opening = McpHub.open({
      workspace: root,
      approvals: this.approvals(),
      ...(this.access.oauth ? { oauth: this.oauth() } : {}),
      ...(this.access.onServerOutput ? { onServerOutput: this.access.onServerOutput } : {}),
    });
    this.hub = opening;
    let hub: McpHub;
    try {
      hub = await opening;
    } catch (error) {
      this.log.error(`MCP servers: ${error instanceof Error ? error.message : String(error)}`);
      this.update(generation, [], [error instanceof Error ? error.message : String(error)], true);
      return;
    }
    this.update(generation, hub.servers.map(configuredOverview), hub.config.fileProblems.map(formatProblem), false);
    await Promise.all(hub.servers.map(async (entry) => this.replace(generation, await serverOverview(hub, entry.name))));
    this.update(generation, this.servers, this.problems, true);
  }

  /** Approve: the run's approval dialog for this server, then it starts. */
  approve(name: string): Promise<void> {
    return this.startAgain(name);
  }

  restart(name: string): Promise<void> {
    return this.startAgain(name);
  }

  /** `disabled` set (or removed) in the server's mcp.json, in place; then every server is read again. */
  async setServerDisabled(name: string, disabled: boolean): Promise<void> {
    const { setServerDisabled } = await agentRuntime();
    await this.editEntry(name, (text, shown) => setServerDisabled(text, shown, name, disabled));
  }

  /** The tool added to (or removed from) the server's `disabledTools`, in place. */
  async setToolDisabled(name: string, tool: string, disabled: boolean): Promise<void> {
    const { setToolDisabled } = await agentRuntime();
    await this.editEntry(name, (text, shown) => setToolDisabled(text, shown, name, tool, disabled));
  }

  /** The mcp.json that defines the server, opened at its entry. */
  async openConfig(name: string): Promise<void> {
    const { serverEntryOffset } = await agentRuntime();
    const file = this.fileOf(this.overview(name));
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const at = document.positionAt(serverEntryOffset(document.getText(), name) ?? 0);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
  }

  /** The server's log (its stderr, starts and exits). */
  async showLog(name: string): Promise<void> {
    const hub = await this.hub;
    if (!hub) return;
    await vscode.window.showTextDocument(vscode.Uri.file(hub.logFile(name)), { preview: true });
  }

  dispose(): void {
    this.generation++;
    for (const watcher of this.watchers.splice(0)) watcher.dispose();
    void this.closeHub();
    this.changed.dispose();
  }

  private async startAgain(name: string): Promise<void> {
    const hub = await this.hub;
    if (!hub) return;
    const generation = this.generation;
    const { serverOverview } = await agentRuntime();
    this.asking.add(name);
    try {
      await hub.restart(name);
      this.replace(generation, { ...this.overview(name), state: 'stopped', error: null, remedy: null, tools: [] });
      this.replace(generation, await serverOverview(hub, name));
    } finally {
      this.asking.delete(name);
    }
  }

  private async editEntry(name: string, change: (text: string, shown: string) => string): Promise<void> {
    const { editMcpFile } = await agentRuntime();
    const server = this.overview(name);
    const root = this.root();
    await editMcpFile(this.fileOf(server), server.file, change, root ? { ownWrites: this.ownWrites(root) } : {});
    await this.reload();
  }

  private overview(name: string): McpServerOverview {
    const server = this.servers.find((s) => s.name === name);
    if (!server) throw new Error(`no MCP server named "${name}" (the list may have changed: refresh the view)`);
    return server;
  }

  private fileOf(server: McpServerOverview): string {
    const root = this.root();
    return server.scope === 'workspace' && root ? path.join(root, '.kiro', 'settings', 'mcp.json') : path.join(os.homedir(), '.kiro', 'settings', 'mcp.json');
  }

  /** Trust as VS Code has it; a question only for a server a person just asked to start. */
  private approvals(): ServerApprovalPort {
    const { approvals } = this.access;
    return {
      get workspaceTrusted() {
        return approvals.workspaceTrusted;
      },
      ask: (request, signal) => (this.asking.has(request.server) ? approvals.ask(request, signal) : Promise.resolve(null)),
    };
  }

  /** Tokens as runs keep them; the browser opens only for a server a person just asked to start. */
  private oauth(): NonNullable<McpAccess['oauth']> {
    const { store, authorization } = this.access.oauth!;
    if (!authorization) return { store };
    return {
      store,
      authorization: {
        begin: async (server, preferredRedirect) => {
          if (!this.asking.has(server)) throw new Error(`MCP server "${server}" needs you to sign in: use Restart on it in the MCP Servers view`);
          return authorization.begin(server, preferredRedirect);
        },
      },
    };
  }

  private replace(generation: number, overview: McpServerOverview): void {
    if (generation !== this.generation) return;
    this.servers = this.servers.map((s) => (s.name === overview.name ? overview : s));
    this.changed.fire();
  }

  private update(generation: number, servers: McpServerOverview[], problems: string[], loaded: boolean): void {
    if (generation !== this.generation) return;
    this.servers = servers;
    this.problems = problems;
    this.loaded = loaded;
    this.changed.fire();
  }

  private async closeHub(): Promise<void> {
    const hub = this.hub;
    this.hub = null;
    await hub?.then((h) => h.close(), () => undefined);
  }
}

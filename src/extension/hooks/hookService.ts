import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ActivityEventInput } from '../../core/activity';
import type { AgentService, ApprovalGate } from '../../core/agent';
import type { OwnWriteRecorder } from '../../core/fs';
import type { Hook, HookDispatcher, HookFileError, HookRunResult, WorkspaceHooks } from '../../core/hooks';
import type { SpecwrightConfig } from '../config';
import type { HookRunRecord } from '../views/treeText';
import { hookIndexOf } from './hookFileEdit';
import { hostRuntime } from '../runtime/load';

const HOOKS_GLOB = '.kiro/hooks/*';

/**
 * The workspace's hooks in VS Code. In a trusted workspace they run: VS Code's own file watcher
 * and editor saves feed the core's dispatcher (its chokidar watcher stays off). In an untrusted one
 * they are only listed. The Hooks view reads what this holds.
 */
export class HookService implements vscode.Disposable {
  private running: WorkspaceHooks | null = null;
  private hooks: Hook[] = [];
  private errors: HookFileError[] = [];
  private readonly lastRuns = new Map<string, HookRunRecord>();
  private readonly disposables: vscode.Disposable[] = [];
  private feed: vscode.Disposable[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;
  private startCount = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly root: () => string | undefined,
    private readonly config: SpecwrightConfig,
    private readonly log: vscode.LogOutputChannel,
    /**
     * Where hook runs are reported (the panel), the agent service that runs them (commands under
     * its policy, prompts by its agent), who answers their questions, and where the hook files this
     * service edits are recorded as Specwright's own (for checkpoint restores).
     */
    private readonly host: {
      activity: { emit(event: ActivityEventInput): unknown };
      agent: () => Promise<AgentService>;
      approvals: ApprovalGate;
      ownWrites: (root: string) => OwnWriteRecorder;
    },
  ) {}

  /** Loads the hooks, and runs them if the workspace is trusted. Safe to call again (restarts). */
  async start(): Promise<void> {
    const root = this.root();
    const attempt = ++this.startCount;
    await this.stopRunning();
    if (!root) return;
    if (!this.disposables.length) this.watchHookFiles(root);
    if (!vscode.workspace.isTrusted) {
      await this.reloadList(root);
      return;
    }
    const agent = await this.host.agent();
    if (attempt !== this.startCount) return;
    this.running = await agent.startHooks({
      workspace: root,
      watch: false,
      ...(this.config.hooksDebounceMs !== undefined ? { debounceMs: this.config.hooksDebounceMs } : {}),
      approvals: this.host.approvals,
      emit: (event) => this.onHookEvent(event),
      onLoad: (loaded) => {
        this.hooks = loaded.hooks;
        this.errors = loaded.errors;
        for (const error of loaded.errors) this.log.warn(`hooks: ${error.message}`);
        this.changed.fire();
      },
    });
    this.feedDispatcher(root);
    this.log.info(`hooks: ${this.hooks.filter((h) => h.enabled).length} enabled hook(s) watching ${root}`);
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  list(): { hooks: Hook[]; errors: HookFileError[] } {
    return { hooks: this.hooks, errors: this.errors };
  }

  lastRun(hook: Hook): HookRunRecord | undefined {
    return this.lastRuns.get(hook.name);
  }

  find(id: string): Hook | undefined {
    return this.hooks.find((h) => h.id === id);
  }

  /** The dispatcher an agent run in `root` reports its events and writes to (none when hooks are off there). */
  dispatcherFor(root: string): HookDispatcher | undefined {
    if (!this.running || path.resolve(root) !== path.resolve(this.root() ?? '')) return undefined;
    return this.running.dispatcher;
  }

  /** Runs a hook now, by hand. */
  async runNow(hook: Hook): Promise<HookRunResult> {
    if (!this.running) throw new Error('hooks are not running (untrusted workspace, or no folder open)');
    const result = await this.running.dispatcher.runHook(hook);
    this.lastRuns.set(hook.name, { result, at: new Date() });
    this.changed.fire();
    return result;
  }

  /** Stops the hook runs in progress and drops waiting ones; resolves with how many, once they ended. */
  async stopRuns(): Promise<number> {
    return (await this.running?.dispatcher.stopRuns()) ?? 0;
  }

  /** Turns a hook on or off by editing its file (only its `enabled` value). */
  async setEnabled(hook: Hook, enabled: boolean): Promise<void> {
    const file = this.absoluteFile(hook);
    const text = await fs.readFile(file, 'utf8');
    const { setHookEnabled, writeFileAtomic } = await hostRuntime();
    const next = setHookEnabled(text, { format: hook.format, index: hookIndexOf(hook.id) }, enabled);
    const root = this.root();
    if (next !== text) {
      await writeFileAtomic(file, next, { expectedContent: text, ...(root ? { ownWrites: this.host.ownWrites(root) } : {}) });
    }
    if (root) await this.reload(root);
  }

  /** The hook file on disk (workspace `.kiro/hooks/…` or `~/.kiro/hooks/…`). */
  absoluteFile(hook: Pick<Hook, 'file'>): string {
    if (hook.file.startsWith('~/')) return path.join(os.homedir(), hook.file.slice(2));
    return path.join(this.root() ?? '', hook.file);
  }

  async reload(root = this.root()): Promise<void> {
    if (!root) return;
    if (this.running) await this.running.reload();
    else await this.reloadList(root);
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    void this.stopRunning();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }

  private async reloadList(root: string): Promise<void> {
    const { loadHooks } = await hostRuntime();
    const loaded = await loadHooks(root);
    this.hooks = loaded.hooks;
    this.errors = loaded.errors;
    this.changed.fire();
  }

  private async stopRunning(): Promise<void> {
    for (const d of this.feed) d.dispose();
    this.feed = [];
    const running = this.running;
    this.running = null;
    await running?.close();
  }

  /** Hook files change: list them again (and hand them to the dispatcher). */
  private watchHookFiles(root: string): void {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, HOOKS_GLOB));
    const schedule = () => {
      clearTimeout(this.reloadTimer);
      // Editors save in steps (temp file, rename): read the folder once they are done.
      this.reloadTimer = setTimeout(() => void this.reload(root).catch((e: unknown) => this.log.warn(`hooks: reload failed: ${String(e)}`)), 150);
    };
    this.disposables.push(watcher, watcher.onDidCreate(schedule), watcher.onDidChange(schedule), watcher.onDidDelete(schedule));
  }

  /** Saves and disk changes, from VS Code, to the dispatcher. */
  private feedDispatcher(root: string): void {
    const dispatcher = this.running?.dispatcher;
    if (!dispatcher) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '**/*'));
    this.feed.push(
      watcher,
      watcher.onDidCreate((uri) => dispatcher.reportDiskChange('create', uri.fsPath)),
      watcher.onDidChange((uri) => dispatcher.reportDiskChange('save', uri.fsPath)),
      watcher.onDidDelete((uri) => dispatcher.reportDiskChange('delete', uri.fsPath)),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.uri.scheme === 'file') dispatcher.notifyFileEvent({ kind: 'save', path: doc.uri.fsPath, source: 'user' });
      }),
    );
  }

  private onHookEvent(event: ActivityEventInput): void {
    this.host.activity.emit(event);
    if (event.type === 'hook_started') this.log.info(`hook "${event.hook}" started (${event.trigger}${event.paths.length ? `: ${event.paths.slice(0, 3).join(', ')}` : ''})`);
    else if (event.type === 'hook_finished') {
      this.log.info(`hook "${event.hook}" ${event.ok ? 'succeeded' : 'failed'}${event.output ? `: ${event.output.split('\n')[0]!.slice(0, 200)}` : ''}`);
      this.lastRuns.set(event.hook, { result: { ok: event.ok, ran: true, output: event.output }, at: new Date() });
      this.changed.fire();
    } else if (event.type === 'policy_denied') this.log.warn(`hooks: ${event.reason}`);
  }
}

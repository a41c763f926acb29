import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AgentService } from '../core/agent';
import type { RunCommandParams } from '../shared/lspMethods';
import { AgentController } from './agent/agentController';
import { extensionHostPorts, lazyAgentService } from './agent/agentHost';
import { reviewFile } from './agent/changeReview';
import { restoreWithPreview } from './agent/checkpointActions';
import { addTaskForCriterion } from './agent/criterionTask';
import { handleComposerMessage } from './agent/composer';
import { RunStorage } from './agent/runStorage';
import { transcriptFromLog, type RunTranscript } from './agent/runTranscript';
import { SpecwrightConfig } from './config';
import { ApiKeyStore } from './host/apiKeyStore';
import { WalkthroughProgress } from './host/walkthroughProgress';
import { WorkspaceSettingsPrompt } from './host/workspaceSettingsPrompt';
import { DiffViewer } from './host/diffViewer';
import { HookActivity, newerTranscript } from './hooks/hookActivity';
import { extensionMcpAccess } from './host/mcpAccess';
import { hostApprovalGate } from './hooks/hookApprovals';
import { HookService } from './hooks/hookService';
import { VIEWS } from './ids';
import { SpecLanguageClient } from './language/specClient';
import { ActivityPanelHost } from './panel/activityPanel';
import { agentChoicesOf } from './panel/composerChannel';
import { StatusBar } from './status/statusBar';
import { HooksView } from './views/hooksView';
import { McpServersView } from './views/mcpServersView';
import { McpServers } from './mcp/mcpServers';
import { RunsView } from './views/runsView';
import { UsageView } from './views/usageView';
import { SpecsView } from './views/specsView';
import { SteeringView, workspaceSteering } from './views/steeringView';
import { hostRuntime } from './runtime/load';
import { TraceabilityView } from './views/traceabilityView';
import { TraceRefresh } from './views/traceRefresh';
import { ViewTraces } from './views/viewTraces';

/**
 * The extension's one context object: it builds every service, owns every disposable, and is what
 * command factories receive. Each member gets the few ports it uses, never the context itself.
 * Construction is cheap: heavy parts of the core load on first use.
 */
export class SpecwrightContext implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly config: SpecwrightConfig;
  /** Asks about what a workspace's settings ask for beyond the user's own (see WorkspaceSettingsPrompt). */
  readonly workspaceSettings: WorkspaceSettingsPrompt;
  readonly apiKeys: ApiKeyStore;
  readonly storage: RunStorage;
  /** The core's way into the agent, for runs, hook prompts and one-shot model calls alike. */
  readonly agentService: () => Promise<AgentService>;
  readonly diffs: DiffViewer;
  readonly panel: ActivityPanelHost;
  readonly agent: AgentController;
  readonly hooks: HookService;
  /** Hook runs as the panel sees them: in the running agent's transcript, else in a Hooks transcript. */
  readonly hookActivity = new HookActivity(undefined, (error) => this.log.warn(`hooks log: ${error instanceof Error ? error.message : String(error)}`));
  readonly specClient: SpecLanguageClient;
  readonly statusBar: StatusBar;
  readonly views: { specs: SpecsView; runs: RunsView; traceability: TraceabilityView; hooks: HooksView; steering: SteeringView; usage: UsageView; mcpServers: McpServersView };
  /** Traces and drift as the Specs and Traceability views show them. */
  readonly traces: ViewTraces;
  private traceRefresh: TraceRefresh | undefined;
  /** How runs and the MCP Servers view reach MCP servers: one approval dialog, one token store. */
  readonly mcpAccess: ReturnType<typeof extensionMcpAccess>;
  /** The MCP servers the MCP Servers view shows (started once the view is first seen). */
  readonly mcpServers: McpServers;
  /** Ticks the Get Started walkthrough's steps from what the user has done. */
  readonly walkthrough: WalkthroughProgress;
  private readonly disposables: vscode.Disposable[] = [];
  /** The text editor the user worked in last: typing in the panel makes no editor active. */
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  constructor(readonly extension: vscode.ExtensionContext, onLensCommand: (params: RunCommandParams) => void) {
    this.log = this.own(vscode.window.createOutputChannel('Specwright', { log: true }));
    this.own(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.lastEditor = editor;
      }),
    );
    this.config = new SpecwrightConfig(extension.workspaceState);
    this.workspaceSettings = this.own(new WorkspaceSettingsPrompt(this.log));
    this.apiKeys = new ApiKeyStore(extension.secrets);
    this.storage = new RunStorage(extension, (message) => this.log.info(`checkpoints: ${message}`));
    this.diffs = this.own(new DiffViewer());
    // Answers outside a run's own panel; inside a run, agent hooks ask in that run's panel.
    const approvals = hostApprovalGate(() => this.agent.current?.approvals ?? null);
    this.mcpAccess = extensionMcpAccess(extension.secrets, this.log, this.own(vscode.window.createOutputChannel('Specwright MCP Servers')));
    this.mcpServers = this.own(new McpServers(() => this.primaryRoot(), this.mcpAccess, this.log, (root) => this.storage.ownWrites(root)));
    // Read when the service is first built, after construction: by then every member exists.
    this.agentService = lazyAgentService(() =>
      extensionHostPorts({
        config: this.config,
        apiKeys: this.apiKeys,
        storage: this.storage,
        log: this.log,
        approvals,
        hooks: { dispatcherFor: (root) => this.hooks.dispatcherFor(root), attachRun: (stream) => this.hookActivity.attachRun(stream) },
        isTrusted: () => vscode.workspace.isTrusted,
        workspaceSettings: this.workspaceSettings,
        mcp: this.mcpAccess,
      }),
    );
    this.panel = this.own(
      new ActivityPanelHost(
        extension.extensionUri,
        {
          stop: (transcript) => this.stopShown(transcript),
          stopSubagent: (subagentId, transcript) => {
            const run = this.agent.current;
            if (!run || run.transcript !== transcript || !this.agent.stopSubagent(subagentId)) this.log.info(`Agent Activity: sub-agent ${subagentId} is not running`);
          },
          compact: (transcript) => {
            const run = this.agent.current;
            if (!run || (transcript !== null && transcript !== run.transcript) || !this.agent.compact()) {
              void vscode.window.showInformationMessage('Specwright: no task is under way to compact; Compact Conversation applies while the agent works on a task.');
            }
          },
          answer: (approvalId, outcome) => {
            if (!this.agent.current?.approvals.answer(approvalId, outcome, 'panel')) this.log.info(`Agent Activity: approval ${approvalId} was already answered`);
          },
          restoreCheckpoint: (checkpointId, transcript) => {
            const root = transcript?.figures.workspace ?? this.primaryRoot();
            if (root) void restoreWithPreview(this, root, checkpointId);
          },
          sendMessage: (text, agent, images) => void handleComposerMessage(this, text, agent, images),
          agentChoices: async () => {
            const root = this.primaryRoot();
            if (!root) return { agents: [], notes: [] };
            const { loadAgents } = await hostRuntime();
            // A workspace's own agents only in a trusted workspace; the notes say what was left out.
            return agentChoicesOf(await loadAgents({ workspace: root, home: os.homedir(), workspaceTrusted: vscode.workspace.isTrusted }));
          },
          promptChoices: () => this.mcpServers.prompts(),
          fillPrompt: (server, name, args) => this.mcpServers.fillPrompt(server, name, args),
          openFile: (file, transcript) => void reviewFile(this, file, transcript),
          addCriterionTask: (spec, criterion, transcript) => addTaskForCriterion(spec, criterion, transcript, (root) => this.storage.ownWrites(root), this.log),
          latestTranscript: () => this.latestTranscript(),
          mentionChoices: async () => {
            const root = this.primaryRoot();
            if (!root) return [];
            const { mentionChoices } = await hostRuntime();
            return mentionChoices(await workspaceSteering(root));
          },
        },
        this.log,
      ),
    );
    this.specClient = this.own(new SpecLanguageClient(extension.extensionUri, this.log, onLensCommand, () => Object.fromEntries(this.roots().map((r) => [r, [this.storage.dirOf(r)]]))));
    const runsView = new RunsView(() => this.roots(), this.storage, () => this.agent.current?.transcript.runId ?? null, this.log);
    this.traces = new ViewTraces((root) => this.traceSources(root));
    this.agent = this.own(
      new AgentController({
        agent: this.agentService,
        storage: { logFile: (root, runId) => this.storage.logFile(root, runId), readLog: (file) => this.storage.readLog(file) },
        panel: this.panel,
        // A run's end changes its log, its task records and tasks.md: the trace views follow.
        runs: {
          refresh: () => {
            runsView.refresh();
            this.views.specs.refresh();
            this.views.traceability.refresh();
          },
        },
        lenses: this.specClient,
        diffs: this.diffs,
        log: this.log,
      }),
    );
    // The panel, open on nothing (it was opened before any run), shows hook runs as they begin.
    const stopFollowingHooks = this.hookActivity.onTranscriptOpened((transcript) => {
      if (this.panel.isOpen && !this.panel.shown) this.panel.display(transcript, { preserveFocus: true });
    });
    this.disposables.push({ dispose: stopFollowingHooks });
    this.hooks = this.own(
      new HookService(() => this.primaryRoot(), this.config, this.log, { activity: this.hookActivity, agent: this.agentService, approvals, ownWrites: (root) => this.storage.ownWrites(root) }),
    );
    this.statusBar = this.own(new StatusBar(this.config, this.agent, () => this.primaryRoot()));
    this.views = {
      specs: this.own(new SpecsView(() => this.roots(), this.log, this.traces)),
      runs: this.own(runsView),
      traceability: this.own(new TraceabilityView(() => this.roots(), this.traces, this.log)),
      hooks: this.own(new HooksView(this.hooks)),
      steering: this.own(new SteeringView(() => this.primaryRoot(), this.log)),
      usage: this.own(new UsageView(() => this.roots(), (root) => this.storage.dirOf(root), this.log)),
      mcpServers: this.own(new McpServersView(this.mcpServers)),
    };
    this.walkthrough = this.own(
      new WalkthroughProgress({
        hasApiKey: () => this.apiKeys.hasKey(),
        onKeyChange: this.apiKeys.onDidChange,
        roots: () => this.roots(),
        onSpecsChange: this.views.specs.onDidChangeTreeData,
        latestRun: () => this.agent.latest,
        onRunChange: this.agent.onDidChange,
        autonomyChosen: () => this.config.autonomyLevel !== undefined,
      }),
    );
  }

  /** Shows the views and status bar, and starts the language server and hooks after activation returns. */
  start(): void {
    this.own(vscode.window.registerTreeDataProvider(VIEWS.specs, this.views.specs));
    this.own(vscode.window.registerTreeDataProvider(VIEWS.runs, this.views.runs));
    this.own(vscode.window.registerTreeDataProvider(VIEWS.traceability, this.views.traceability));
    this.traceRefresh = this.own(
      new TraceRefresh({
        specs: this.views.specs,
        traceability: this.views.traceability,
        covers: (fsPath) => this.traces.covers(fsPath),
        stateDirs: () => this.roots().map((root) => this.storage.dirOf(root)),
      }),
    );
    const hooksView = this.own(vscode.window.createTreeView(VIEWS.hooks, { treeDataProvider: this.views.hooks }));
    this.views.hooks.attach(hooksView);
    this.own(vscode.window.registerTreeDataProvider(VIEWS.steering, this.views.steering));
    const usageView = this.own(vscode.window.createTreeView(VIEWS.usage, { treeDataProvider: this.views.usage }));
    // Read again when it comes into sight and when a run ends (not on every step: it reads every log).
    let running = false;
    this.own(usageView.onDidChangeVisibility((e) => e.visible && this.views.usage.refresh()));
    this.own(
      this.agent.onDidChange(() => {
        const now = this.agent.current !== null;
        if (running && !now && usageView.visible) this.views.usage.refresh();
        running = now;
      }),
    );
    // The view refreshes when steering files change; the composer's # completion follows.
    this.own(this.views.steering.onDidChangeTreeData(() => this.panel.refreshMentionChoices()));
    // The composer's agent picker follows the agent files, the workspace's and the user's, and trust.
    const agentsRoot = this.primaryRoot();
    for (const pattern of [new vscode.RelativePattern(vscode.Uri.file(path.join(os.homedir(), '.kiro', 'agents')), '**/*.{json,md}'), ...(agentsRoot ? [new vscode.RelativePattern(vscode.Uri.file(agentsRoot), '.kiro/agents/**/*.{json,md}')] : [])]) {
      const watcher = this.own(vscode.workspace.createFileSystemWatcher(pattern));
      for (const event of [watcher.onDidCreate, watcher.onDidChange, watcher.onDidDelete]) this.own(event(() => this.panel.refreshAgentChoices()));
    }
    this.own(vscode.workspace.onDidGrantWorkspaceTrust(() => this.panel.refreshAgentChoices()));
    const mcpView = this.own(vscode.window.createTreeView(VIEWS.mcpServers, { treeDataProvider: this.views.mcpServers }));
    this.views.mcpServers.attach(mcpView);
    // Servers start when the view is first seen or the composer first asks for prompts (not at
    // activation: they are programs to run).
    if (mcpView.visible) void this.mcpServers.start();
    this.own(mcpView.onDidChangeVisibility((e) => e.visible && void this.mcpServers.start()));
    this.own(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.mcpServers.isStarted) void this.mcpServers.reload();
      }),
    );
    this.statusBar.start();
    this.walkthrough.start();
    // Before hooks start, so this session's hook runs continue the newest hooks log.
    const root = this.primaryRoot();
    if (root) void this.hookActivity.restore(this.storage.hookLogs(root));
    this.own(
      this.panel.onDidChangeVisibility((visible) => {
        if (!visible) this.agent.current?.approvals.panelHidden();
      }),
    );
    this.own(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.log.info('workspace trusted: starting hooks');
        void this.hooks.start().then(() => this.views.hooks.refresh());
      }),
    );
    this.own(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.views.specs.refresh();
        this.views.runs.refresh();
        this.views.traceability.refresh();
        this.traceRefresh?.watchStateDirs();
        void this.hooks.start();
      }),
    );
    this.own(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.config.affects(e, 'hooks.debounceMs')) void this.hooks.start();
      }),
    );
    this.own(
      this.workspaceSettings.onDidConfirm(() => {
        void this.statusBar.refreshAutonomy();
        void this.hooks.start();
      }),
    );
    // Off the activation path: both read files and load large parts of the bundle.
    const timer = setTimeout(() => {
      this.specClient.start();
      void this.hooks.start().catch((error: unknown) => this.log.error(`hooks did not start: ${error instanceof Error ? error.message : String(error)}`));
    }, 0);
    this.own({ dispose: () => clearTimeout(timer) });
  }

  own<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  /** Workspace folders on disk. */
  roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  /**
   * The file of the text editor the user worked in last, relative to `root`, while it is still open
   * (a composer message is about it, for fileMatch steering); undefined outside `root` or untitled.
   */
  editorFile(root: string): string | undefined {
    const editor = this.lastEditor;
    if (!editor || editor.document.isClosed || editor.document.uri.scheme !== 'file') return undefined;
    const relative = path.relative(root, editor.document.uri.fsPath);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : undefined;
  }

  /** The folder Specwright works in by default: the first with a `.kiro` folder, else the first. */
  primaryRoot(): string | undefined {
    const roots = this.roots();
    return roots.find((r) => existsSync(path.join(r, '.kiro'))) ?? roots[0];
  }

  /**
   * Where a root's run logs and task records are, for traceability: the extension's storage folder
   * for the root, and `.kiro/.specwright` (runs started from the CLI).
   */
  traceSources(root: string): { workspace: string; stateDirs: string[] } {
    return { workspace: root, stateDirs: [this.storage.dirOf(root), path.join(root, '.kiro', '.specwright')] };
  }

  /** The workspace folder holding `fsPath`, else the primary one. */
  rootFor(fsPath: string | undefined): string | undefined {
    if (fsPath) {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath));
      if (folder) return folder.uri.fsPath;
    }
    return this.primaryRoot();
  }

  /**
   * What the panel shows when opened cold: the running agent's transcript; else whichever happened
   * last of this session's Hooks transcript and the newest run (of this session, else from its log).
   */
  async latestTranscript(): Promise<RunTranscript | null> {
    if (this.agent.current) return this.agent.current.transcript;
    await this.hookActivity.ready;
    const hooks = this.hookActivity.transcript;
    const latest = this.agent.latest;
    if (latest) return newerTranscript(latest, hooks);
    const root = this.primaryRoot();
    const [record] = root ? await this.storage.runRecords(root, 1) : [];
    const logged = record ? await transcriptFromLog(record.file, (file) => this.storage.readLog(file)) : null;
    return newerTranscript(logged, hooks);
  }

  /**
   * The panel's Stop: ends what the shown transcript shows running. The agent's run stops, and with
   * it the hook runs reported into it; on the Hooks transcript, the hook runs stop.
   */
  stopShown(transcript: RunTranscript | null): void {
    const run = this.agent.current;
    const hooks = this.hookActivity.transcript;
    if (run && (transcript === null || transcript === run.transcript)) {
      this.agent.stop();
    } else if (!transcript || transcript !== hooks) {
      this.log.info('Agent Activity: nothing runs in the shown transcript to stop');
      return;
    } else {
      this.hookActivity.markStopRequested();
    }
    void this.hooks.stopRuns().then((n) => n && this.log.info(`hooks: stopped ${n} hook run(s)`));
  }

  /** Stops what runs in the background (the language server waits for its shutdown). */
  async shutdown(): Promise<void> {
    await this.specClient.stop();
    this.dispose();
  }

  dispose(): void {
    while (this.disposables.length) {
      try {
        this.disposables.pop()!.dispose();
      } catch (error) {
        console.error('Specwright: dispose failed', error);
      }
    }
  }
}

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ActivityEvent } from '../../core/activity';
import type { AgentRunRequest } from '../../core/agent/agentRun';
import type { ApprovalRequest } from '../../core/agent/approvals';
import { reportFromEvents } from '../../core/agent/runReport';
import type { TaskSelection } from '../../core/agent/taskSelection';
import type { AgentMode } from '../../core/policy/types';
import type { SpecwrightContext } from '../context';
import { askApprovalModal } from '../host/approvalPrompt';
import { isCancellation, showFailure } from '../host/failureNotice';
import { requireTrust } from '../host/workspaceTrust';
import { COMMANDS, CONTEXT_KEYS } from '../ids';
import { ApprovalBroker } from './approvalBroker';
import { ComposerInbox } from './composerInbox';
import { NOTICE_ACTIONS, outcomeNotice, type NoticeAction } from './outcomeNotice';
import { PendingWriteTracker, proposedContent } from './proposedWrite';
import { RunTranscript } from './runTranscript';
import { agentRuntime } from '../runtime/load';

export interface RunRequest {
  root: string;
  spec: string;
  selection: TaskSelection;
  /** What an interrupted earlier attempt did, for a resumed run. */
  resumeNote?: string;
}

/** The run in progress: everything the UI needs to show it and to answer it. */
export interface ActiveRun {
  readonly root: string;
  readonly spec: string;
  readonly transcript: RunTranscript;
  readonly approvals: ApprovalBroker;
  readonly inbox: ComposerInbox;
  readonly writes: PendingWriteTracker;
  readonly abort: AbortController;
  /** Known once the run is prepared (settings may choose it). */
  mode: AgentMode | null;
}

/**
 * Starts, watches and stops agent runs (one at a time), wiring the core's runner to VS Code: the
 * approvals broker, the panel, the status bar, the language server's lenses and the hooks.
 */
export class AgentController implements vscode.Disposable {
  private active: ActiveRun | null = null;
  private lastRun: RunTranscript | null = null;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a run starts or ends, and as its figures move. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: SpecwrightContext) {}

  get current(): ActiveRun | null {
    return this.active;
  }

  /** The active run's transcript, else the last one this session ran. */
  get latest(): RunTranscript | null {
    return this.active?.transcript ?? this.lastRun;
  }

  /** Runs tasks of a spec to the end (or a stop). Resolves when the run is over. */
  async run(request: RunRequest): Promise<void> {
    if (!(await requireTrust('run the agent'))) return;
    if (this.active) {
      const choice = await vscode.window.showWarningMessage(
        `Specwright: the agent is already working on ${this.active.spec}. Stop it before starting another run.`,
        'Stop Agent',
        NOTICE_ACTIONS.openActivity,
      );
      if (choice === 'Stop Agent') this.stop();
      else if (choice) this.ctx.panel.display(this.active.transcript);
      return;
    }
    const run = this.begin(request);
    const { log } = this.ctx;
    log.info(`agent run: ${request.spec} ${describeSelection(request.selection)} in ${request.root}`);
    try {
      const { prepareRun, startAgentRun, TraceRecorder, traceDirOf } = await agentRuntime();
      // What each done task wrote, kept for the Traceability view and drift.
      const trace = new TraceRecorder({ workspace: request.root, traceDir: traceDirOf(this.ctx.storage.dirOf(request.root)), onProblem: (message) => log.warn(message) });
      const apiKey = await this.ctx.apiKeys.stored();
      const { config } = this.ctx;
      const budget = config.budget;
      const runRequest: AgentRunRequest = {
        workspace: request.root,
        spec: request.spec,
        selection: request.selection,
        approvals: run.approvals,
        signal: run.abort.signal,
        env: this.ctx.model.runEnv(),
        runsDir: this.ctx.storage.runsDir(request.root),
        userInput: run.inbox,
        onEvent: (event) => {
          trace.observe(event);
          this.onEvent(run, event);
        },
        ...(config.autonomyLevel ? { autonomy: config.autonomyLevel } : {}),
        ...(config.mode ? { mode: config.mode } : {}),
        ...(config.model ? { model: config.model } : {}),
        ...(apiKey ? { apiKey } : {}),
        ...(config.streamIdleTimeoutMs !== undefined ? { streamIdleTimeoutMs: config.streamIdleTimeoutMs } : {}),
        ...(Object.keys(budget).length ? { budget } : {}),
        ...(request.resumeNote ? { resumeNote: request.resumeNote } : {}),
        settingsOptions: config.settingsOptions(),
      };
      // Agent runs only happen in trusted workspaces; the editor's hook dispatcher sees their events.
      const hooks = this.ctx.hooks.dispatcherFor(request.root);
      if (hooks) {
        runRequest.hooks = hooks;
        // That dispatcher's hook runs belong to this run while it lasts: its log and its transcript.
        runRequest.onRunStream = (stream) => {
          if (this.active === run) this.ctx.hookActivity.attachRun(stream);
        };
      }
      const prepared = await prepareRun(runRequest);
      run.mode = prepared.policy.mode;
      // The run goes on under the settings that apply now; an allowed request applies from the next run.
      this.ctx.workspaceSettings.offer(prepared.workspaceRequest);
      for (const warning of prepared.settingsWarnings) log.warn(warning);
      runRequest.checkpoints = await this.ctx.storage.checkpointStore(request.root, prepared.settings);
      const outcome = await startAgentRun(runRequest, prepared);
      log.info(`agent run ${outcome.runId} ended: ${outcome.outcome}; log ${outcome.logFile}`);
      this.end(run);
      const report = reportFromEvents([...run.transcript.events]);
      void this.notify(run, outcomeNotice({ outcome: outcome.outcome, summary: run.transcript.figures.summary, completed: outcome.completed, remaining: report.remaining }));
    } catch (error) {
      this.end(run);
      if (isCancellation(error, run.abort.signal) && run.transcript.runId === null) return;
      const started = run.transcript.runId !== null && reportFromEvents([...run.transcript.events]).remaining.length > 0;
      const extra = started ? [NOTICE_ACTIONS.resume, NOTICE_ACTIONS.discard] : [];
      const choice = await showFailure('the agent run', error, log, extra);
      if (choice) await this.act(run, choice as NoticeAction);
    }
  }

  /** Asks the running agent to stop; the runner finishes the current step, marks the task not done, and ends. */
  stop(): boolean {
    if (!this.active || this.active.abort.signal.aborted) return false;
    this.ctx.log.info('agent run: stop requested');
    this.active.abort.abort(new Error('Stopped by the user.'));
    return true;
  }

  /** Shows what a pending write would change, beside the panel. */
  async showProposedWrite(run: ActiveRun, request: ApprovalRequest, options: { preserveFocus?: boolean } = {}): Promise<boolean> {
    const proposed = request.proposed;
    if (proposed?.kind !== 'write') return false;
    const input = run.writes.inputFor(proposed.path);
    if (input === null) return false;
    const before = await fs.readFile(path.join(run.root, proposed.path), 'utf8').catch(() => null);
    const after = proposedContent(input, before);
    if (after === null) return false;
    await this.ctx.diffs.showProposal(run.root, proposed.path, { text: after, label: 'proposed by the agent' }, { column: this.besidePanel(), ...options });
    return true;
  }

  dispose(): void {
    this.active?.abort.abort(new Error('VS Code is closing.'));
    this.changed.dispose();
  }

  private begin(request: RunRequest): ActiveRun {
    const transcript = new RunTranscript(null, (file) => this.ctx.storage.readLog(file));
    const inbox = new ComposerInbox((waiting) => {
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.awaitingInput, waiting);
      this.changed.fire();
    });
    const run: ActiveRun = {
      root: request.root,
      spec: request.spec,
      transcript,
      inbox,
      writes: new PendingWriteTracker(),
      abort: new AbortController(),
      mode: null,
      approvals: new ApprovalBroker({
        panelVisible: () => this.ctx.panel.isVisible && this.ctx.panel.shown === transcript,
        askModal: (approval) => askApprovalModal(approval, approval.proposed?.kind === 'write' ? () => this.showProposedWrite(run, approval).then(() => undefined) : null),
        resolved: (approvalId, outcome) => {
          this.ctx.panel.approvalResolved(transcript, approvalId, outcome);
          this.changed.fire();
        },
        revealPanel: () => this.ctx.panel.display(transcript),
        requested: (approval) => {
          this.changed.fire();
          // Supervised mode reviews every write: its diff opens beside the panel while the panel asks.
          // Other modes leave the editors alone (the dialog offers Review Diff, as does Review Agent Changes).
          if (run.mode === 'supervised' && approval.proposed?.kind === 'write' && this.ctx.panel.isVisible) void this.showProposedWrite(run, approval, { preserveFocus: true });
        },
      }),
    };
    this.active = run;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.agentRunning, true);
    this.ctx.panel.display(transcript, { preserveFocus: true });
    this.changed.fire();
    return run;
  }

  private end(run: ActiveRun): void {
    if (this.active !== run) return;
    this.active = null;
    this.ctx.hookActivity.attachRun(null);
    this.lastRun = run.transcript;
    run.transcript.figures.markEnded(new Date().toISOString());
    // A task left running (a crash before task_finished) must not keep its "running" lens.
    const current = run.transcript.figures.currentTask;
    const finished = run.transcript.events.some((e) => e.type === 'task_finished' && e.task.id === current?.id);
    if (current && !finished && run.transcript.runId) this.ctx.specClient.notifyRunState(run.root, current.spec, current.id, 'failed', run.transcript.runId);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.agentRunning, false);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.awaitingInput, false);
    this.ctx.panel.refreshState();
    this.ctx.views.runs.refresh();
    this.changed.fire();
  }

  private onEvent(run: ActiveRun, event: ActivityEvent): void {
    run.transcript.logFile ??= this.ctx.storage.logFile(run.root, event.runId);
    run.writes.observe(event);
    run.transcript.add(event);
    switch (event.type) {
      case 'run_started':
        this.ctx.views.runs.refresh();
        break;
      case 'task_started':
        this.ctx.specClient.notifyRunState(run.root, event.task.spec, event.task.id, 'running', event.runId);
        break;
      case 'task_finished':
        this.ctx.specClient.notifyRunState(run.root, event.task.spec, event.task.id, event.status === 'done' ? 'done' : 'failed', event.runId);
        break;
      case 'error':
        this.ctx.log.warn(`agent run ${event.runId}: ${event.message}`);
        break;
    }
    if (event.type === 'usage' || event.type === 'task_started' || event.type === 'run_finished' || event.type === 'approval_resolved') this.changed.fire();
  }

  private async notify(run: ActiveRun, notice: ReturnType<typeof outcomeNotice>): Promise<void> {
    const show = notice.severity === 'info' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    const choice = await show(notice.text, ...notice.actions);
    if (choice) await this.act(run, choice);
  }

  private async act(run: ActiveRun, action: NoticeAction): Promise<void> {
    const args = { specName: run.spec, root: run.root };
    if (action === NOTICE_ACTIONS.resume) await vscode.commands.executeCommand(COMMANDS.resume, args);
    else if (action === NOTICE_ACTIONS.discard) await vscode.commands.executeCommand(COMMANDS.discardAndRestart, args);
    else if (action === NOTICE_ACTIONS.openActivity) this.ctx.panel.display(run.transcript);
  }

  /** The editor column next to the panel, so a diff never covers it. */
  private besidePanel(): vscode.ViewColumn {
    return this.ctx.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }
}

function describeSelection(selection: TaskSelection): string {
  return selection.kind === 'task' ? `task ${selection.id}` : selection.kind === 'range' ? `tasks ${selection.from}–${selection.to}` : 'all open tasks';
}

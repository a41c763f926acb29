import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ActivityEvent } from '../../core/activity';
import type { AgentService, ApprovalRequest, PreparedAgent, RunHandle, SteeringStartersRequest, SteeringStartersResult, TaskSelection } from '../../core/agent';
import { reportFromEvents } from '../../core/runs';
import type { ModelImage } from '../../core/images';
import type { AgentMode } from '../../core/policy';
import { askApprovalModal } from '../host/approvalPrompt';
import { isCancellation, showFailure } from '../host/failureNotice';
import { requireTrust } from '../host/workspaceTrust';
import { COMMANDS, CONTEXT_KEYS } from '../ids';
import type { ApprovalOutcome } from '../../shared/panelMessages';
import { ApprovalBroker } from './approvalBroker';
import { ComposerInbox } from './composerInbox';
import { NOTICE_ACTIONS, outcomeNotice, type NoticeAction } from './outcomeNotice';
import { PendingWriteTracker, proposedContent } from './proposedWrite';
import { GENERATE_STEERING_TITLE, verifyTitle } from './runFigures';
import { RunTranscript, type LogReader } from './runTranscript';

/** Check the code against a spec's criteria (of one task's, with `taskId`). */
export interface VerifyRequest {
  root: string;
  spec: string;
  taskId?: string;
}

export interface RunRequest {
  root: string;
  spec: string;
  selection: TaskSelection;
  /** What an interrupted earlier attempt did, for a resumed run. */
  resumeNote?: string;
  /** A custom agent (`.kiro/agents`, `~/.kiro/agents`) to do the work; absent: Specwright's own. */
  agent?: string;
  /** Top-level tasks side by side, each in a worktree of its own (up to agents.maxParallel). */
  parallel?: boolean;
}

/** A conversation with the agent outside any spec, started from the panel's composer. */
export interface ChatRequest {
  root: string;
  /** The first message; the next ones come from the composer while the chat waits for them. */
  prompt: string;
  /** A custom agent to answer; absent: Specwright's own. */
  agent?: string;
  /** Images pasted in the composer with the first message, already checked (composerImagesFrom). */
  images?: readonly ModelImage[];
  /** The file open in the editor, relative to `root`: the chat is about it as much as about what it names (fileMatch steering). */
  editorFile?: string;
}

/** The run in progress: everything the UI needs to show it and to answer it. */
export interface ActiveRun {
  readonly root: string;
  /** The spec it works on; '' for a chat. */
  readonly spec: string;
  /** A chat from the composer (no spec, no task handle). */
  readonly chat: boolean;
  readonly transcript: RunTranscript;
  readonly approvals: ApprovalBroker;
  readonly inbox: ComposerInbox;
  readonly writes: PendingWriteTracker;
  readonly abort: AbortController;
  /** Known once the run is prepared (settings may choose it). */
  mode: AgentMode | null;
  /** The core's handle, once the run started: it stops one sub-agent alone. */
  handle: RunHandle | null;
}

/** The Agent Activity panel, as a run uses it. */
export interface RunPanel {
  readonly isVisible: boolean;
  readonly shown: RunTranscript | null;
  readonly viewColumn: vscode.ViewColumn | undefined;
  display(transcript: RunTranscript, options?: { preserveFocus?: boolean }): void;
  approvalResolved(transcript: RunTranscript, approvalId: string, outcome: ApprovalOutcome): void;
  refreshState(): void;
}

/** What the controller uses of the extension: the agent service, and the places a run shows up. */
export interface AgentControllerPorts {
  agent(): Promise<AgentService>;
  storage: { logFile(root: string, runId: string): string; readLog: LogReader };
  panel: RunPanel;
  /** The Agent Runs view. */
  runs: { refresh(): void };
  /** The spec language server's lenses: which task runs, and how it ended. */
  lenses: { notifyRunState(root: string, spec: string, taskId: string, state: 'running' | 'done' | 'failed', runId: string): void };
  diffs: { showProposal(root: string, relativePath: string, proposed: { text: string; label: string }, options: { column: vscode.ViewColumn; preserveFocus?: boolean }): Promise<void> };
  log: vscode.LogOutputChannel;
}

/**
 * Starts, watches and stops agent runs (one at a time), between the core's AgentService and VS Code:
 * the approvals broker, the panel, the status bar, the language server's lenses.
 */
export class AgentController implements vscode.Disposable {
  private active: ActiveRun | null = null;
  private lastRun: RunTranscript | null = null;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a run starts or ends, and as its figures move. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly ports: AgentControllerPorts) {}

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
    if (await this.busy()) return;
    const run = this.begin(request);
    const { log } = this.ports;
    log.info(`agent run: ${request.spec} ${describeSelection(request.selection)}${request.agent ? ` as agent ${request.agent}` : ''}${request.parallel ? ' side by side' : ''} in ${request.root}`);
    try {
      const agent = await this.ports.agent();
      const prepared = await agent.prepare({ workspace: request.root, ...(request.agent !== undefined ? { agent: request.agent } : {}) });
      run.mode = prepared.policy.mode;
      run.abort.signal.throwIfAborted();
      const handle = agent.start(prepared, {
        spec: request.spec,
        selection: request.selection,
        signal: run.abort.signal,
        approvals: run.approvals,
        userInput: run.inbox,
        onEvent: (event) => this.onEvent(run, event),
        ...(request.resumeNote ? { resumeNote: request.resumeNote } : {}),
        ...(request.parallel ? { parallel: {} } : {}),
      });
      run.handle = handle;
      const outcome = await handle.finished;
      log.info(`agent run ${outcome.runId} ended: ${outcome.outcome}; log ${outcome.logFile}`);
      this.end(run);
      const report = reportFromEvents([...run.transcript.events]);
      const remedy = outcome.results.at(-1)?.result.remedy;
      void this.notify(run, outcomeNotice({ outcome: outcome.outcome, summary: run.transcript.figures.summary, completed: outcome.completed, remaining: report.remaining, ...(remedy ? { remedy } : {}) }));
    } catch (error) {
      this.end(run);
      if (isCancellation(error, run.abort.signal) && run.transcript.runId === null) return;
      const started = run.transcript.runId !== null && reportFromEvents([...run.transcript.events]).remaining.length > 0;
      const extra = started ? [NOTICE_ACTIONS.resume, NOTICE_ACTIONS.discard] : [];
      const choice = await showFailure('the agent run', error, log, extra);
      if (choice) await this.act(run, choice as NoticeAction);
    }
  }

  /**
   * `spec verify` in the editor: a run of its own in the panel, whose verdicts the panel shows as a
   * checklist; a notice sums them up. Resolves when the check is over.
   */
  async verify(request: VerifyRequest): Promise<void> {
    if (!(await requireTrust('verify a spec with the agent'))) return;
    if (await this.busy()) return;
    const run = this.begin(request);
    run.transcript.figures.title = verifyTitle(request.spec, request.taskId);
    const { log } = this.ports;
    log.info(`verify: ${request.spec}${request.taskId ? ` task ${request.taskId}` : ''} in ${request.root}`);
    try {
      const agent = await this.ports.agent();
      const prepared = await agent.prepare({ workspace: request.root });
      run.mode = prepared.policy.mode;
      run.abort.signal.throwIfAborted();
      const handle = agent.verify(prepared, {
        spec: request.spec,
        ...(request.taskId ? { taskId: request.taskId } : {}),
        signal: run.abort.signal,
        approvals: run.approvals,
        onEvent: (event) => this.onEvent(run, event),
      });
      const result = await handle.finished;
      log.info(`verify ${result.runId} ended: ${result.outcome}; log ${result.logFile}`);
      this.end(run);
      const failed = result.verdicts.filter((v) => v.verdict === 'fail').length;
      const show = failed || result.outcome !== 'completed' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      const choice = await show(`Specwright: ${request.spec}: ${result.summary}`, NOTICE_ACTIONS.openActivity);
      if (choice) this.ports.panel.display(run.transcript);
    } catch (error) {
      this.end(run);
      if (isCancellation(error, run.abort.signal)) return;
      await showFailure('verifying the spec', error, log);
    }
  }

  /**
   * Generate Steering Documents: the model surveys the workspace read-only in a run of its own in
   * the panel and writes the starters asked for. Resolves with what was written, or null when the
   * run did not take place (untrusted, busy, a failure the user was told about).
   */
  async generateSteering(request: SteeringStartersRequest & { root: string }): Promise<SteeringStartersResult | null> {
    if (!(await requireTrust('generate steering documents with the agent'))) return null;
    if (await this.busy()) return null;
    const run = this.begin({ root: request.root, spec: 'steering' });
    run.transcript.figures.title = GENERATE_STEERING_TITLE;
    const { log } = this.ports;
    log.info(`generate steering: ${request.documents.join(', ')} in ${request.root}`);
    try {
      const agent = await this.ports.agent();
      const prepared = await agent.prepare({ workspace: request.root });
      run.mode = prepared.policy.mode;
      run.abort.signal.throwIfAborted();
      const { root: _root, ...starters } = request;
      const handle = agent.generateSteering(prepared, { ...starters, signal: run.abort.signal, approvals: run.approvals, onEvent: (event) => this.onEvent(run, event) });
      const result = await handle.finished;
      log.info(`generate steering ${result.runId} ended: ${result.outcome}; log ${result.logFile}`);
      this.end(run);
      return result;
    } catch (error) {
      this.end(run);
      if (!isCancellation(error, run.abort.signal)) await showFailure('generating steering documents', error, log);
      return null;
    }
  }

  /**
   * A chat from the panel's composer: the agent (or the custom agent picked there) answers in the
   * panel, then waits for the next message from the composer ("done" or Stop ends it). Logged as a
   * run, as `specwright chat` is. Resolves when the chat is over.
   */
  async chat(request: ChatRequest): Promise<void> {
    if (!(await requireTrust('chat with the agent'))) return;
    if (await this.busy()) return;
    const run = this.begin({ root: request.root, spec: '', chat: true });
    run.mode = 'interactive';
    const { log } = this.ports;
    log.info(`chat${request.agent ? ` with agent ${request.agent}` : ''} in ${request.root}`);
    let prepared: PreparedAgent | null = null;
    try {
      const agent = await this.ports.agent();
      prepared = await agent.prepare({ workspace: request.root, ...(request.agent !== undefined ? { agent: request.agent } : {}) });
      run.abort.signal.throwIfAborted();
      const result = await agent.runPrompt(prepared, {
        prompt: request.prompt,
        ...(request.images?.length ? { images: request.images } : {}),
        ...(request.editorFile ? { files: [{ path: request.editorFile, seenIn: 'editor' }] } : {}),
        signal: run.abort.signal,
        approvals: run.approvals,
        userInput: run.inbox,
        mode: 'interactive',
        record: true,
        onEvent: (event) => this.onEvent(run, event),
      });
      log.info(`chat ${run.transcript.runId ?? ''} ended: ${result.status}${result.logFile ? `; log ${result.logFile}` : ''}`);
      this.end(run);
    } catch (error) {
      this.end(run);
      if (!isCancellation(error, run.abort.signal)) await showFailure('the chat', error, log);
    } finally {
      await prepared?.release();
    }
  }

  /** Asks the running agent to stop; the runner finishes the current step, marks the task not done, and ends. */
  stop(): boolean {
    if (!this.active || this.active.abort.signal.aborted) return false;
    this.ports.log.info('agent run: stop requested');
    this.active.abort.abort(new Error('Stopped by the user.'));
    return true;
  }

  /** Stops one running sub-agent of the active run (the panel's Stop on its lane); false when there is none such. */
  stopSubagent(subagentId: string): boolean {
    const handle = this.active?.handle;
    if (!handle) return false;
    const stopped = handle.stopSubagent(subagentId, 'Stopped by the user from the Agent Activity panel.');
    if (stopped) this.ports.log.info(`agent run: sub-agent ${subagentId} stop requested`);
    return stopped;
  }

  /**
   * Asks the task under way to summarise its conversation before its next model request (the
   * panel's Compact Conversation); the panel shows the compaction as one step. False when no task
   * is under way.
   */
  compact(focus?: string): boolean {
    const run = this.active;
    if (!run || run.abort.signal.aborted) return false;
    // A chat has no task handle: its summary is made while it waits for the next message.
    if (run.chat) {
      run.inbox.compact(focus);
      this.ports.log.info('chat: compaction requested');
      return true;
    }
    if (!run.handle) return false;
    const asked = run.handle.compact(focus);
    this.ports.log.info(asked ? 'agent run: compaction requested' : 'agent run: no task under way to compact');
    return asked;
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
    await this.ports.diffs.showProposal(run.root, proposed.path, { text: after, label: 'proposed by the agent' }, { column: this.besidePanel(), ...options });
    return true;
  }

  dispose(): void {
    this.active?.abort.abort(new Error('VS Code is closing.'));
    this.changed.dispose();
  }

  /** One run at a time: while one works, offers to stop it or show it instead. */
  private async busy(): Promise<boolean> {
    if (!this.active) return false;
    const choice = await vscode.window.showWarningMessage(
      `Specwright: the agent is already working on ${this.active.chat ? 'a chat' : this.active.spec}. Stop it before starting another run.`,
      'Stop Agent',
      NOTICE_ACTIONS.openActivity,
    );
    if (choice === 'Stop Agent') this.stop();
    else if (choice) this.ports.panel.display(this.active.transcript);
    return true;
  }

  private begin(request: { root: string; spec: string; chat?: boolean }): ActiveRun {
    const { panel } = this.ports;
    const transcript = new RunTranscript(null, this.ports.storage.readLog);
    const inbox = new ComposerInbox((waiting) => {
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.awaitingInput, waiting);
      this.changed.fire();
    });
    const run: ActiveRun = {
      root: request.root,
      spec: request.spec,
      chat: request.chat ?? false,
      transcript,
      inbox,
      writes: new PendingWriteTracker(),
      abort: new AbortController(),
      mode: null,
      handle: null,
      approvals: new ApprovalBroker({
        panelVisible: () => panel.isVisible && panel.shown === transcript,
        askModal: (approval) => askApprovalModal(approval, approval.proposed?.kind === 'write' ? () => this.showProposedWrite(run, approval).then(() => undefined) : null),
        resolved: (approvalId, outcome) => {
          panel.approvalResolved(transcript, approvalId, outcome);
          this.changed.fire();
        },
        revealPanel: () => panel.display(transcript),
        requested: (approval) => {
          this.changed.fire();
          // Supervised mode reviews every write: its diff opens beside the panel while the panel asks.
          // Other modes leave the editors alone (the dialog offers Review Diff, as does Review Agent Changes).
          if (run.mode === 'supervised' && approval.proposed?.kind === 'write' && panel.isVisible) void this.showProposedWrite(run, approval, { preserveFocus: true });
        },
      }),
    };
    this.active = run;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.agentRunning, true);
    panel.display(transcript, { preserveFocus: true });
    this.changed.fire();
    return run;
  }

  private end(run: ActiveRun): void {
    if (this.active !== run) return;
    this.active = null;
    this.lastRun = run.transcript;
    run.transcript.figures.markEnded(new Date().toISOString());
    // A task left running (a crash before task_finished) must not keep its "running" lens.
    const current = run.transcript.figures.currentTask;
    const finished = run.transcript.events.some((e) => e.type === 'task_finished' && e.task.id === current?.id);
    if (current && !finished && run.transcript.runId) this.ports.lenses.notifyRunState(run.root, current.spec, current.id, 'failed', run.transcript.runId);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.agentRunning, false);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.awaitingInput, false);
    this.ports.panel.refreshState();
    this.ports.runs.refresh();
    this.changed.fire();
  }

  private onEvent(run: ActiveRun, event: ActivityEvent): void {
    run.transcript.logFile ??= this.ports.storage.logFile(run.root, event.runId);
    run.writes.observe(event);
    run.transcript.add(event);
    switch (event.type) {
      case 'run_started':
        this.ports.runs.refresh();
        break;
      case 'task_started':
        this.ports.lenses.notifyRunState(run.root, event.task.spec, event.task.id, 'running', event.runId);
        break;
      case 'task_finished':
        this.ports.lenses.notifyRunState(run.root, event.task.spec, event.task.id, event.status === 'done' ? 'done' : 'failed', event.runId);
        break;
      case 'error':
        this.ports.log.warn(`agent run ${event.runId}: ${event.message}`);
        break;
    }
    if (event.type === 'usage' || event.type === 'task_started' || event.type === 'run_finished' || event.type === 'approval_resolved' || event.type === 'budget_warning') this.changed.fire();
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
    else if (action === NOTICE_ACTIONS.openActivity) this.ports.panel.display(run.transcript);
  }

  /** The editor column next to the panel, so a diff never covers it. */
  private besidePanel(): vscode.ViewColumn {
    return this.ports.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }
}

function describeSelection(selection: TaskSelection): string {
  return selection.kind === 'task' ? `task ${selection.id}` : selection.kind === 'range' ? `tasks ${selection.from}–${selection.to}` : 'all open tasks';
}

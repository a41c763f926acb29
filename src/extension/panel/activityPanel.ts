import * as vscode from 'vscode';
import type { ActivityEvent } from '../../core/activity';
import { describeDroppedMessage, type ApprovalOutcome, type HostMessage, type MentionChoice, type PanelMessage, type RunState, type TokenMix } from '../../shared/panelMessages';
import { createNonce, panelHtml } from '../../../webview-ui/src/html';
import type { RunTranscript } from '../agent/runTranscript';
import { ACTIVITY_PANEL_TYPE } from '../ids';
import { ComposerSession, type ComposerSources } from './composerChannel';
import { EventBatcher } from './eventBatcher';
import { hostRuntime } from '../runtime/load';

/** Events in the first page the panel gets, and in each older page it asks for. */
export const PAGE_SIZE = 500;
/** How long appended events gather before one `append` message carries them. */
export const BATCH_MS = 50;

/** What the panel's intents do; the host only validates and routes them (the composer's through a ComposerSession). */
export interface PanelIntents extends ComposerSources {
  /** Stop what the shown transcript shows running. */
  stop(transcript: RunTranscript | null): void;
  /** Stop one sub-agent of the shown run. */
  stopSubagent(subagentId: string, transcript: RunTranscript | null): void;
  /** Compact the conversation of the task under way in the shown run (Compact Conversation). */
  compact(transcript: RunTranscript | null): void;
  answer(approvalId: string, outcome: ApprovalOutcome): void;
  restoreCheckpoint(checkpointId: string, transcript: RunTranscript | null): void;
  openFile(path: string, transcript: RunTranscript | null): void;
  /** Appends a task for a failed criterion of `transcript`'s verify run; its id, or null when it was not added (the user was told why). */
  addCriterionTask(spec: string, criterion: string, transcript: RunTranscript | null): Promise<string | null>;
  /** A transcript to show when the panel opens with none (the newest past run), or null. */
  latestTranscript(): Promise<RunTranscript | null>;
  /** The steering documents a message can name with `#name`, for the composer's completion. */
  mentionChoices(): Promise<MentionChoice[]>;
}


/**
 * The Agent Activity panel's host: one WebviewPanel, fed from one RunTranscript at a time. The
 * webview is rebuilt whenever it is shown again (no retained context), and asks with `ready`; it
 * then gets `init` with the newest page, `append` batches and `runState` deltas, and older pages on
 * request. Every incoming message is validated; malformed ones are logged and dropped.
 */
export class ActivityPanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | null = null;
  private transcript: RunTranscript | null = null;
  private unsubscribe: (() => void) | null = null;
  /** The webview said `ready` since it was last (re)built, and has had its `init`. */
  private initialised = false;
  private webviewReady = false;
  private lastState: RunState | null = null;
  /** Tasks added from each transcript's verdicts (criterion → task id), told to the panel again after each `init`. */
  private readonly criterionTasks = new WeakMap<RunTranscript, Map<string, { spec: string; taskId: string }>>();
  private readonly batcher = new EventBatcher<ActivityEvent>((events) => this.sendAppend(events), BATCH_MS);
  private readonly visibility = new vscode.EventEmitter<boolean>();
  /** The composer's agent pick and `/` prompts, for as long as the panel is open. */
  private readonly composer: ComposerSession;
  /** Fires true when the panel comes on screen, false when it leaves it (or closes). */
  readonly onDidChangeVisibility = this.visibility.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly intents: PanelIntents,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.composer = new ComposerSession(intents, (message) => this.post(message), (message) => this.log.warn(`Agent Activity: ${message}`));
  }

  get isVisible(): boolean {
    return this.panel?.visible ?? false;
  }

  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel?.viewColumn;
  }

  /** True while the panel is open (shown or in a background tab). */
  get isOpen(): boolean {
    return this.panel !== null;
  }

  /** The transcript on display. */
  get shown(): RunTranscript | null {
    return this.transcript;
  }

  /** Opens (or brings forward) the panel, with whatever it shows. */
  show(options: { preserveFocus?: boolean } = {}): void {
    if (this.panel) {
      this.panel.reveal(undefined, options.preserveFocus);
      return;
    }
    // Loaded now so the webview's first message does not wait for it.
    void hostRuntime();
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(
      ACTIVITY_PANEL_TYPE,
      'Agent Activity',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false },
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [webviewRoot] },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'specwright.svg');
    const webview = panel.webview;
    webview.html = panelHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'panel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'panel.css')).toString(),
      cspSource: webview.cspSource,
      nonce: createNonce(),
    });
    webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
    panel.onDidChangeViewState(() => {
      // A hidden webview is torn down; it says `ready` again when shown.
      if (!panel.visible) this.webviewReady = this.initialised = false;
      this.visibility.fire(panel.visible);
    });
    panel.onDidDispose(() => {
      this.panel = null;
      this.webviewReady = this.initialised = false;
      this.composer.reset();
      this.batcher.clear();
      this.visibility.fire(false);
    });
    this.panel = panel;
  }

  /** Shows `transcript` in the panel (opening it if needed). */
  display(transcript: RunTranscript, options: { preserveFocus?: boolean } = {}): void {
    if (this.transcript !== transcript) {
      this.unsubscribe?.();
      this.transcript = transcript;
      this.unsubscribe = transcript.onEvent((event) => this.onEvent(event));
      this.batcher.clear();
      this.initialised = false;
      if (this.webviewReady) this.sendInit();
    }
    this.show(options);
  }

  /** Tells the panel an approval of `transcript` was answered (here or in a dialog). */
  approvalResolved(transcript: RunTranscript, approvalId: string, outcome: ApprovalOutcome): void {
    if (transcript !== this.transcript || !this.initialised) return;
    this.batcher.flush();
    this.post({ type: 'approvalResolved', approvalId, outcome });
  }

  /** Sends the header figures that changed (the run ended, its totals moved). */
  refreshState(): void {
    if (!this.initialised || !this.transcript) return;
    this.batcher.flush();
    this.sendStateDelta();
  }

  /** The workspace's steering changed: the composer's `#` completion is sent again. */
  refreshMentionChoices(): void {
    if (this.webviewReady) void this.sendMentionChoices();
  }

  /** Agent files or the workspace's trust changed: the composer's agent picker is sent again. */
  refreshAgentChoices(): void {
    if (this.webviewReady) void this.composer.ready();
  }

  dispose(): void {
    this.unsubscribe?.();
    this.batcher.clear();
    this.panel?.dispose();
    this.visibility.dispose();
  }

  private onEvent(event: ActivityEvent): void {
    if (!this.webviewReady) return;
    // The first events of a run carry its header: until then there is nothing to `init` with.
    if (!this.initialised) this.sendInit();
    else this.batcher.push(event);
  }

  private async receive(raw: unknown): Promise<void> {
    const { parsePanelMessage } = await hostRuntime();
    const message = parsePanelMessage(raw);
    if (!message) {
      this.log.warn(`Agent Activity: ${describeDroppedMessage(raw)}`);
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      this.log.error(`Agent Activity: handling "${message.type}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async handle(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        void this.sendMentionChoices();
        void this.composer.ready();
        if (!this.transcript) {
          const latest = await this.intents.latestTranscript();
          if (latest && !this.transcript) return this.display(latest, { preserveFocus: true });
          if (!this.transcript) return this.post({ type: 'idle' });
        }
        return this.sendInit();
      case 'stop':
        return this.intents.stop(this.transcript);
      case 'stopSubagent':
        return this.intents.stopSubagent(message.subagentId, this.transcript);
      case 'compact':
        return this.intents.compact(this.transcript);
      case 'approve':
        return this.intents.answer(message.approvalId, 'approved');
      case 'reject':
        return this.intents.answer(message.approvalId, 'rejected');
      case 'alwaysAllow':
        return this.intents.answer(message.approvalId, 'always');
      case 'restoreCheckpoint':
        return this.intents.restoreCheckpoint(message.checkpointId, this.transcript);
      case 'sendMessage':
      case 'pickAgent':
      case 'listPrompts':
      case 'fillPrompt':
        return this.composer.handle(message);
      case 'openFile':
        return this.intents.openFile(message.path, this.transcript);
      case 'addCriterionTask': {
        const transcript = this.transcript;
        const taskId = await this.intents.addCriterionTask(message.spec, message.criterion, transcript);
        if (taskId !== null && transcript) {
          const added = this.criterionTasks.get(transcript) ?? new Map<string, { spec: string; taskId: string }>();
          added.set(message.criterion, { spec: message.spec, taskId });
          this.criterionTasks.set(transcript, added);
        }
        if (transcript === this.transcript) this.post({ type: 'criterionTaskAdded', spec: message.spec, criterion: message.criterion, taskId });
        return;
      }
      case 'requestOlder': {
        const transcript = this.transcript;
        if (!transcript) return;
        const page = await transcript.olderPage(message.beforeSeq, PAGE_SIZE);
        if (transcript === this.transcript) this.post({ type: 'olderPage', events: page.events, hasOlder: page.hasOlder });
        return;
      }
    }
  }

  private async sendMentionChoices(): Promise<void> {
    try {
      this.post({ type: 'mentionChoices', choices: await this.intents.mentionChoices() });
    } catch (error) {
      this.log.warn(`Agent Activity: the steering documents for # completion could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Says in the composer why its last message was not sent. */
  tellComposer(message: string): void {
    this.post({ type: 'composerError', message: message.slice(0, 2000) });
  }

  private sendInit(): void {
    const transcript = this.transcript;
    const run = transcript?.figures.header();
    const state = transcript?.figures.state();
    if (!transcript || !run || !state) return;
    this.batcher.clear();
    const page = transcript.newestPage(PAGE_SIZE);
    this.initialised = true;
    this.lastState = state;
    this.post({ type: 'init', run, state, events: page.events, hasOlder: page.hasOlder });
    for (const [criterion, { spec, taskId }] of this.criterionTasks.get(transcript) ?? []) this.post({ type: 'criterionTaskAdded', spec, criterion, taskId });
  }

  private sendAppend(events: ActivityEvent[]): void {
    if (!this.initialised) return;
    this.post({ type: 'append', events });
    this.sendStateDelta();
  }

  /**
   * The panel sums usage per task from the events it sees; the run's totals (every task) come from
   * the host, after each batch, so the header shows the whole run.
   */
  private sendStateDelta(): void {
    const state = this.transcript?.figures.state();
    if (!state || !this.lastState) return;
    const before = this.lastState;
    const delta: Partial<RunState> = {};
    if (state.status !== before.status) delta.status = state.status;
    if (state.tokens !== before.tokens) delta.tokens = state.tokens;
    if (state.mix && !sameMix(state.mix, before.mix)) delta.mix = state.mix;
    if (state.costUsd !== before.costUsd) delta.costUsd = state.costUsd;
    if ((state.finishedAt ?? null) !== (before.finishedAt ?? null) && state.finishedAt) delta.finishedAt = state.finishedAt;
    this.lastState = state;
    if (Object.keys(delta).length) this.post({ type: 'runState', ...delta });
  }

  private post(message: HostMessage): void {
    if (!this.panel || !this.webviewReady) return;
    void this.panel.webview.postMessage(message);
  }
}

function sameMix(a: TokenMix, b: TokenMix | undefined): boolean {
  return b !== undefined && a.cacheRead === b.cacheRead && a.cacheWrite === b.cacheWrite && a.input === b.input && a.output === b.output;
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RUN_COMMAND_REQUEST, RUN_STATE_NOTIFICATION, SPEC_DOCUMENT_SELECTOR, type RunCommandParams, type RunStateParams } from '../../shared/lspMethods';
import { hostRuntime } from '../runtime/load';

/** Performs a lens command the server forwarded (`specwright/runCommand`). */
export type LensCommandHandler = (params: RunCommandParams) => void;

/**
 * The spec language server (diagnostics, CodeLens, hover, navigation…) over vscode-languageclient.
 * Started after activation returns, never awaited by it; lens commands come back as
 * `specwright/runCommand` requests, and runs are reported with `specwright/runState`.
 */
export class SpecLanguageClient implements vscode.Disposable {
  private client: LanguageClient | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly onLensCommand: LensCommandHandler,
    /** Per workspace root, the run-state folders beside `.kiro/.specwright` (the extension's storage). */
    private readonly runStateDirs: () => Record<string, string[]> = () => ({}),
  ) {}

  /** Starts the server in the background; failures are logged, never thrown at the caller. */
  start(): void {
    this.starting ??= this.launch().catch((error: unknown) => {
      this.log.error(`the spec language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** Tells the server a task's run state so its lenses show Running / Retry / View run. */
  notifyRunState(root: string, spec: string, taskId: string, state: RunStateParams['state'], runId: string): void {
    const client = this.client;
    if (!client?.isRunning()) return;
    const uri = vscode.Uri.file(path.join(root, '.kiro', 'specs', spec, 'tasks.md')).toString();
    client.sendNotification(RUN_STATE_NOTIFICATION, { uri, taskId, state, runId } satisfies RunStateParams).catch((error: unknown) => {
      this.log.warn(`could not tell the language server about task ${taskId}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /**
   * Has the server carry out one of its own commands (the drift quick fix's); false when it is not
   * running. The server's error, if any, is thrown.
   */
  async executeServerCommand(command: string, args: unknown[]): Promise<boolean> {
    const client = this.client;
    if (!client?.isRunning()) return false;
    await client.sendRequest('workspace/executeCommand', { command, arguments: args });
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting;
    const client = this.client;
    this.client = null;
    if (client?.isRunning()) await client.stop(2000).catch(() => undefined);
  }

  dispose(): void {
    void this.stop();
  }

  private async launch(): Promise<void> {
    // Loaded here, not at activation: the client library is a large part of the bundle.
    const runtime = await hostRuntime();
    const { LanguageClient, TransportKind } = runtime;
    if (this.stopped) return;
    const module = vscode.Uri.joinPath(this.extensionUri, 'dist', 'server.mjs').fsPath;
    const client = new LanguageClient(
      'specwright',
      'Specwright Spec Server',
      {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
      },
      {
        documentSelector: SPEC_DOCUMENT_SELECTOR.map((s) => ({ ...s })),
        outputChannel: this.log,
        initializationOptions: { runStateDirs: this.runStateDirs() },
      },
    );
    client.onRequest(RUN_COMMAND_REQUEST, (raw: unknown) => {
      const parsed = runtime.runCommandParamsSchema.safeParse(raw);
      if (!parsed.success) {
        this.log.warn(`dropped a malformed ${RUN_COMMAND_REQUEST} request: ${parsed.error.message}`);
        return null;
      }
      // Answered at once: a run takes minutes, and the lens click must not wait for it.
      this.onLensCommand(parsed.data);
      return null;
    });
    this.client = client;
    await client.start();
    this.log.info('spec language server started');
  }
}

import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  NotificationType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
  type TextDocumentPositionParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RUN_STATE_NOTIFICATION, type RunStateParams } from '../shared/lspMethods';
import { runStateParamsSchema, serverInitOptionsSchema } from '../shared/lspProtocol';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { EXECUTABLE_COMMANDS, executeCommand } from './commands';
import { acceptDriftCommand } from './acceptDrift';
import { ACCEPT_DRIFT_COMMAND } from '../shared/lspMethods';
import { completions, COMPLETION_TRIGGERS } from './completion';
import { DEFAULT_DEBOUNCE_MS, DiagnosticsScheduler } from './diagnostics';
import { definition, hover, references } from './navigation';
import { RunStates } from './runStates';
import { SpecIndex, type SpecFileState, type SpecSnapshot } from './specIndex';
import { specFileOfUri } from './specPaths';
import { SteeringDiagnostics } from './steeringDiagnostics';
import { documentSymbols, foldingRanges } from './symbols';
import { WorkspaceTraces } from './traceEvidence';

const runStateNotification = new NotificationType<RunStateParams>(RUN_STATE_NOTIFICATION);

/**
 * Wires the spec language server onto a connection: document sync, the spec index, diagnostics,
 * and one handler per feature. Every feature module is a pure function of a spec snapshot; this
 * file only finds the snapshot a request is about and passes results back.
 */
export function startSpecServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const index = new SpecIndex(documents);
  const runs = new RunStates();
  const traces = new WorkspaceTraces();
  let scheduler: DiagnosticsScheduler | null = null;
  let steering: SteeringDiagnostics | null = null;
  let canRefreshLenses = false;
  let canWatchFiles = false;

  connection.onInitialize((params): InitializeResult => {
    const options = serverInitOptionsSchema.safeParse(params.initializationOptions ?? {});
    if (!options.success) connection.console.warn(`Specwright ignored invalid initializationOptions: ${options.error.message}`);
    const debounceMs = (options.success ? options.data.diagnosticsDebounceMs : undefined) ?? DEFAULT_DEBOUNCE_MS;
    if (options.success && options.data.runStateDirs) traces.setExtraStateDirs(options.data.runStateDirs);
    scheduler = new DiagnosticsScheduler(connection, index, debounceMs, traces);
    steering = new SteeringDiagnostics(connection, (uri) => documents.get(uri), debounceMs);
    canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        documentSymbolProvider: { label: 'Specwright' },
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: EXECUTABLE_COMMANDS },
      },
      serverInfo: { name: 'specwright-spec-server' },
    };
  });

  connection.onInitialized(() => {
    // Sibling files that are not open change on disk (an agent writes tasks.md, git checks out).
    if (canWatchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.kiro/specs/*/*.md' }] });
  });

  const relint = (uri: string) => {
    if (steering?.schedule(uri)) return;
    const location = specFileOfUri(uri);
    if (location) scheduler?.schedule(location, uri);
  };
  documents.onDidOpen((e) => index.noteOpened(e.document.uri));
  documents.onDidChangeContent((e) => relint(e.document.uri));
  documents.onDidClose((e) => {
    index.noteClosed(e.document.uri);
    steering?.clear(e.document.uri);
    // The file now reads from disk, which may differ from the buffer that was closed unsaved.
    relint(e.document.uri);
  });
  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) relint(change.uri);
  });

  connection.onNotification(runStateNotification, (params) => {
    const parsed = runStateParamsSchema.safeParse(params);
    if (!parsed.success) {
      connection.console.warn(`Specwright dropped a malformed ${RUN_STATE_NOTIFICATION} notification: ${parsed.error.message}`);
      return;
    }
    runs.record(parsed.data);
    if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
    // A finished task changes what is traced and what drifts: lint its spec again.
    if (parsed.data.state !== 'running') {
      traces.invalidate();
      relint(parsed.data.uri);
    }
  });

  /** The snapshot of the spec a document belongs to, and that document's state in it. */
  const specOf = async (uri: string): Promise<{ snapshot: SpecSnapshot; file: SpecFileState } | null> => {
    const location = specFileOfUri(uri);
    if (!location) return null;
    const snapshot = await index.snapshot(location);
    const file = snapshot.files.find((f) => f.kind === location.kind);
    return file ? { snapshot, file } : null;
  };
  const at = <T>(params: TextDocumentPositionParams, feature: (s: SpecSnapshot, f: SpecFileState) => T) =>
    specOf(params.textDocument.uri).then((spec) => (spec ? feature(spec.snapshot, spec.file) : null));

  connection.onCodeLens(async (params) => {
    const spec = await specOf(params.textDocument.uri);
    return spec ? codeLenses(spec.snapshot, spec.file, runs) : [];
  });
  connection.onHover(async (params) => {
    const spec = await specOf(params.textDocument.uri);
    if (!spec) return null;
    // Criteria and requirements are in requirements.md and bugfix.md: only there does a hover show their trace.
    const traced = spec.file.kind === 'requirements' || spec.file.kind === 'bugfix';
    const trace = traced
      ? await traces.trace(spec.snapshot).catch((error: unknown) => {
          connection.console.warn(`Specwright showed a hover without the workspace's tests and run logs: ${String(error)}`);
          return undefined;
        })
      : undefined;
    return hover(spec.snapshot, spec.file, params.position, trace);
  });
  connection.onDefinition((params) => at(params, (s, f) => definition(s, f, params.position)));
  connection.onReferences((params) => at(params, (s, f) => references(s, f, params.position, params.context.includeDeclaration)));
  connection.onCompletion((params) => at(params, (s, f) => completions(s, f, params.position)));
  connection.onDocumentSymbol(async (params) => {
    const spec = await specOf(params.textDocument.uri);
    return spec ? documentSymbols(spec.file.doc) : [];
  });
  connection.onFoldingRanges(async (params) => {
    const spec = await specOf(params.textDocument.uri);
    return spec ? foldingRanges(spec.file.doc) : [];
  });
  connection.onCodeAction(async (params) => {
    const spec = await specOf(params.textDocument.uri);
    return spec ? codeActions(spec.snapshot, spec.file, params.context.diagnostics) : [];
  });
  connection.onExecuteCommand((params) =>
    executeCommand(connection, params, {
      [ACCEPT_DRIFT_COMMAND]: async (args) => {
        relint(await acceptDriftCommand(traces, args));
        return null;
      },
    }),
  );
  connection.onShutdown(() => {
    scheduler?.dispose();
    steering?.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

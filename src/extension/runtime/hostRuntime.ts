/**
 * The part of the core (and of the libraries) the editor face needs early: the language client,
 * the message protocols, reading specs, settings and run logs. Loaded on first use, never at
 * activation; built as its own file when the bundle is split (see load.ts).
 */
export { LanguageClient, TransportKind } from 'vscode-languageclient/node';
export { RUN_COMMAND_REQUEST, RUN_STATE_NOTIFICATION, SPEC_DOCUMENT_SELECTOR, runCommandParamsSchema } from '../../shared/lspProtocol';
export { describeDroppedMessage, parsePanelMessage } from '../../shared/panelProtocol';
export { listRunLogs, readRunLog } from '../../core/agent/runLog';
export { loadHooks, readHookSettings } from '../../core/hooks';
export { loadSettings } from '../../core/settings';
export { lintSpec, listSpecs, loadSpec } from '../../core/spec';
export { SpecWorkflow, validateNewSpecName } from '../../core/spec/workflow';

/**
 * The part of the core (and of the libraries) the editor face needs early: the language client,
 * the message schemas, reading specs, settings and run logs. Loaded on first use, never at
 * activation (see load.ts).
 */
export { LanguageClient, TransportKind } from 'vscode-languageclient/node';
export { runCommandParamsSchema } from '../../shared/lspProtocol';
export { parsePanelMessage } from '../../shared/panelProtocol';
export { listRunLogs, readRunLog } from '../../core/runs';
export { loadHooks, readHookSettings } from '../../core/hooks';
export { loadAgents } from '../../core/agents';
export { setHookEnabled } from '../hooks/hookFileEdit';
export { composerImagesFrom } from '../agent/composerImages';
export { loadSettings, confirmWorkspaceSettings } from '../../core/settings';
export { explainTaskSteering, INCLUSION_MODES, loadSteering, mentionChoices, STARTER_NAMES, starterFile, steeringNameProblem, writeSteeringDocument } from '../../core/steering';
export { lintSpec, lintWorkspaceSpecs, listSpecs, loadSpec } from '../../core/spec';
export { SpecWorkflow, validateNewSpecName } from '../../core/workflow';
export { copyMissingFiles, writeFileAtomic } from '../../core/fs';
export { collectUsage, usageOverview } from '../../core/usage';
export { acceptTaskDrift, describeDrift, evidenceSource, linkTaskFiles, parseLinkArgument, loadTraceInputs, readTraceRecords, specDrift, traceDirOf, traceSpec, TraceCache } from '../../core/trace';
export { addCriterionTasks } from '../../core/verify';
export { addKnowledgeBase, INDEX_TYPES, KnowledgeError, knowledgeBaseProblem, knowledgeDir, knowledgeSourcePath, readKnowledgeBases, removeKnowledgeBase, searchKnowledge, updateKnowledgeBase } from '../../core/knowledge';

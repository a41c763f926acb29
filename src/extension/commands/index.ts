import * as vscode from 'vscode';
import type { RunCommandParams } from '../../shared/lspMethods';
import type { SpecwrightContext } from '../context';
import { COMMANDS, type CommandId } from '../ids';
import * as agent from './agentCommands';
import * as checkpoints from './checkpointCommands';
import * as example from './exampleCommands';
import * as hookDrafts from './hookDraftCommands';
import * as hooks from './hookCommands';
import * as knowledge from './knowledgeCommands';
import * as mcp from './mcpCommands';
import * as scm from './scmCommands';
import * as settings from './settingsCommands';
import * as setup from './setupCommands';
import * as specs from './specCommands';
import * as steering from './steeringCommands';
import * as trace from './traceCommands';
import * as usage from './usageCommands';

export type CommandFactory = (ctx: SpecwrightContext) => (...args: unknown[]) => unknown;

/** Every command the extension registers: id → factory. */
const FACTORIES: Record<CommandId, CommandFactory> = {
  [COMMANDS.newSpec]: specs.newSpec,
  [COMMANDS.approvePhase]: specs.approvePhase,
  [COMMANDS.lintSpecs]: specs.lintSpecs,
  [COMMANDS.executeTask]: agent.executeTask,
  [COMMANDS.executeTaskAsAgent]: agent.executeTaskAsAgent,
  [COMMANDS.runAllTasks]: agent.runAllTasks,
  [COMMANDS.runAllTasksParallel]: agent.runAllTasksParallel,
  [COMMANDS.verifySpec]: agent.verifySpec,
  [COMMANDS.stopAgent]: agent.stopAgent,
  [COMMANDS.resume]: agent.resume,
  [COMMANDS.discardAndRestart]: agent.discardAndRestart,
  [COMMANDS.openActivity]: agent.openActivity,
  [COMMANDS.reviewChanges]: agent.reviewChanges,
  [COMMANDS.openRun]: agent.openRun,
  [COMMANDS.restoreCheckpoint]: checkpoints.restoreCheckpoint,
  [COMMANDS.setApiKey]: settings.setApiKey,
  [COMMANDS.checkSetup]: setup.checkSetup,
  [COMMANDS.openExample]: example.openExample,
  [COMMANDS.setAutonomy]: settings.setAutonomy,
  [COMMANDS.setMode]: settings.setMode,
  [COMMANDS.generateCommitMessage]: scm.generateCommitMessage,
  [COMMANDS.showUsage]: usage.showUsage,
  [COMMANDS.refreshSpecs]: (ctx) => () => ctx.views.specs.refresh(),
  [COMMANDS.refreshRuns]: (ctx) => () => ctx.views.runs.refresh(),
  [COMMANDS.refreshTraceability]: (ctx) => () => ctx.views.traceability.refresh(),
  [COMMANDS.acceptDrift]: trace.acceptDrift,
  [COMMANDS.linkFiles]: trace.linkFiles,
  [COMMANDS.createHook]: hookDrafts.createHook,
  [COMMANDS.pickAndRunHook]: hooks.pickAndRunHook,
  [COMMANDS.addMcpServer]: mcp.addMcpServer,
  [COMMANDS.refreshHooks]: hooks.refreshHooks,
  [COMMANDS.enableHook]: hooks.enableHook,
  [COMMANDS.disableHook]: hooks.disableHook,
  [COMMANDS.runHook]: hooks.runHook,
  [COMMANDS.openHookFile]: hooks.openHookFile,
  [COMMANDS.newSteeringDocument]: steering.newSteeringDocument,
  [COMMANDS.generateSteeringDocuments]: steering.generateSteeringDocuments,
  [COMMANDS.explainTaskSteering]: steering.explainTaskSteering,
  [COMMANDS.refreshSteering]: steering.refreshSteering,
  [COMMANDS.openSteeringFile]: steering.openSteeringFile,
  [COMMANDS.addKnowledgeBase]: knowledge.addKnowledgeBase,
  [COMMANDS.searchKnowledge]: knowledge.searchKnowledge,
  [COMMANDS.reindexKnowledgeBase]: knowledge.reindexKnowledgeBase,
  [COMMANDS.removeKnowledgeBase]: knowledge.removeKnowledgeBase,
  [COMMANDS.fixKnowledgeBase]: knowledge.fixKnowledgeBase,
  [COMMANDS.refreshMcpServers]: mcp.refreshMcpServers,
  [COMMANDS.approveMcpServer]: mcp.approveMcpServer,
  [COMMANDS.restartMcpServer]: mcp.restartMcpServer,
  [COMMANDS.disableMcpServer]: mcp.disableMcpServer,
  [COMMANDS.enableMcpServer]: mcp.enableMcpServer,
  [COMMANDS.disableMcpTool]: mcp.disableMcpTool,
  [COMMANDS.enableMcpTool]: mcp.enableMcpTool,
  [COMMANDS.openMcpConfig]: mcp.openMcpConfig,
  [COMMANDS.showMcpLog]: mcp.showMcpLog,
};

export function registerCommands(ctx: SpecwrightContext): void {
  for (const [id, factory] of Object.entries(FACTORIES)) {
    const handler = factory(ctx);
    ctx.own(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          // Handlers report expected failures themselves; this is the net for the unexpected.
          ctx.log.error(`${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          void vscode.window.showErrorMessage(`Specwright: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
  }
}

/**
 * A lens command the language server forwarded. Runs in the background: the server's request is
 * answered at once, and the run reports through the panel and notifications.
 */
export function dispatchLensCommand(ctx: SpecwrightContext, params: RunCommandParams): void {
  const run = (command: CommandId, args: unknown) => void vscode.commands.executeCommand(command, args);
  switch (params.command) {
    case 'specwright.executeTask':
      return run(COMMANDS.executeTask, params.args);
    case 'specwright.retryTask':
      return run(COMMANDS.executeTask, params.args);
    case 'specwright.viewRun':
      return run(COMMANDS.openRun, { runId: params.args.runId, root: ctx.rootFor(uriPath(params.args.uri)) });
    case 'specwright.runAllTasks':
      return run(COMMANDS.runAllTasks, params.args);
    case 'specwright.runAllTasksParallel':
      return run(COMMANDS.runAllTasksParallel, params.args);
    case 'specwright.approvePhase':
      return run(COMMANDS.approvePhase, params.args);
    case 'specwright.explainSteering':
      return run(COMMANDS.explainTaskSteering, params.args);
  }
}

function uriPath(uri: string): string | undefined {
  try {
    return vscode.Uri.parse(uri).fsPath;
  } catch {
    return undefined;
  }
}

/**
 * Every id the extension contributes: commands, views, context keys. The manifest (package.json)
 * spells the same strings; tests and the end-to-end suite look for them here.
 *
 * The language server owns `specwright.executeTask`, `retryTask`, `viewRun`, `runAllTasks` and
 * `approvePhase` (vscode-languageclient registers the ids a server lists), so the palette commands
 * below use different ids and the lens commands reach us through `specwright/runCommand`.
 */
export const COMMANDS = {
  newSpec: 'specwright.newSpec',
  approvePhase: 'specwright.approvePhaseAndGenerate',
  executeTask: 'specwright.executeTaskWithAgent',
  /** Execute Task as Custom Agent…: a custom agent (.kiro/agents) does the work. */
  executeTaskAsAgent: 'specwright.executeTaskAsCustomAgent',
  runAllTasks: 'specwright.runAll',
  /** Run All Tasks (parallel): side by side as their _Depends:_ lines allow. */
  runAllTasksParallel: 'specwright.runAllParallel',
  stopAgent: 'specwright.stopAgent',
  resume: 'specwright.resumeFromLastCheckpoint',
  discardAndRestart: 'specwright.discardChangesAndRestart',
  restoreCheckpoint: 'specwright.restoreCheckpoint',
  openActivity: 'specwright.openAgentActivity',
  reviewChanges: 'specwright.reviewAgentChanges',
  setApiKey: 'specwright.setApiKey',
  checkSetup: 'specwright.checkSetup',
  openExample: 'specwright.openExample',
  setAutonomy: 'specwright.setAutonomyLevel',
  setMode: 'specwright.setAgentMode',
  generateCommitMessage: 'specwright.generateCommitMessage',
  showUsage: 'specwright.showUsage',
  lintSpecs: 'specwright.lintSpecs',
  verifySpec: 'specwright.verifySpec',
  createHook: 'specwright.createHook',
  addMcpServer: 'specwright.addMcpServer',
  /** Run Hook… from the palette: picks the hook (the view's `runHook` is given one). */
  pickAndRunHook: 'specwright.runHook',
  // Used by the views (hidden from the palette).
  refreshSpecs: 'specwright.specs.refresh',
  refreshRuns: 'specwright.runs.refresh',
  refreshTraceability: 'specwright.traceability.refresh',
  /** On a drifting task of the Specs or Traceability view (the language server owns `specwright.acceptTaskDrift`, its quick fix's). */
  acceptDrift: 'specwright.specs.acceptDrift',
  /** On a task of the Specs or Traceability view: the files a task done by hand changed. */
  linkFiles: 'specwright.specs.linkFiles',
  openRun: 'specwright.runs.open',
  refreshHooks: 'specwright.hooks.refresh',
  enableHook: 'specwright.hooks.enable',
  disableHook: 'specwright.hooks.disable',
  runHook: 'specwright.hooks.run',
  openHookFile: 'specwright.hooks.openFile',
  newSteeringDocument: 'specwright.newSteeringDocument',
  /** Generate Steering Documents: product.md, tech.md and structure.md from a survey of the workspace. */
  generateSteeringDocuments: 'specwright.generateSteeringDocuments',
  /** Explain Steering for Task: what a task gets before the agent starts (a task's lens calls it too). */
  explainTaskSteering: 'specwright.explainSteeringForTask',
  refreshSteering: 'specwright.steering.refresh',
  /** The Steering view's Knowledge section: knowledge bases (core/knowledge) as `specwright knowledge` keeps them. */
  addKnowledgeBase: 'specwright.addKnowledgeBase',
  searchKnowledge: 'specwright.searchKnowledge',
  reindexKnowledgeBase: 'specwright.knowledge.reindex',
  removeKnowledgeBase: 'specwright.knowledge.remove',
  /** A click on a base with a problem: says what is wrong, with the fix as its button. */
  fixKnowledgeBase: 'specwright.knowledge.fix',
  openSteeringFile: 'specwright.steering.openFile',
  refreshMcpServers: 'specwright.mcp.refresh',
  approveMcpServer: 'specwright.mcp.approve',
  restartMcpServer: 'specwright.mcp.restart',
  disableMcpServer: 'specwright.mcp.disableServer',
  enableMcpServer: 'specwright.mcp.enableServer',
  disableMcpTool: 'specwright.mcp.disableTool',
  enableMcpTool: 'specwright.mcp.enableTool',
  openMcpConfig: 'specwright.mcp.openConfig',
  showMcpLog: 'specwright.mcp.showLog',
} as const;
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEWS = {
  container: 'specwright',
  specs: 'specwright.specs',
  runs: 'specwright.runs',
  traceability: 'specwright.traceability',
  hooks: 'specwright.hooks',
  steering: 'specwright.steering',
  usage: 'specwright.usage',
  mcpServers: 'specwright.mcpServers',
} as const;

/** The Agent Activity webview panel's view type (`activeWebviewPanelId` in `when` clauses). */
export const ACTIVITY_PANEL_TYPE = 'specwright.activity';

export const CONTEXT_KEYS = {
  /** True while an agent run is in progress. */
  agentRunning: 'specwright.agentRunning',
  /** True while a run in Interactive mode waits for the user's next message. */
  awaitingInput: 'specwright.awaitingInput',
  /** The walkthrough's steps: a key is stored (or in the environment), a spec exists, a task was finished by the agent. */
  hasApiKey: 'specwright.hasApiKey',
  hasSpecs: 'specwright.hasSpecs',
  finishedTask: 'specwright.finishedTask',
  /** An autonomy level was chosen for this folder (Set Autonomy Level). */
  autonomyChosen: 'specwright.autonomyChosen',
} as const;

/** Where the API key lives in VS Code's SecretStorage. */
export const API_KEY_SECRET = 'specwright.anthropicApiKey';

/**
 * MCP servers as the agent's tools, over @modelcontextprotocol/sdk.
 *
 * - Configuration: `.kiro/settings/mcp.json` (workspace) and `~/.kiro/settings/mcp.json` (user),
 *   JSON with comments, merged per server name with the workspace winning (loadMcpConfig).
 * - Safety: a workspace-defined server starts only in a trusted workspace and after the user approved
 *   that exact launch once (ServerApprovalPort asks; ServerApprovalStore remembers, outside the repo).
 * - McpHub: starts servers lazily (stdio, Streamable HTTP, HTTP+SSE fallback, OAuth), restarts them
 *   with backoff after a crash, logs their stderr, and stops them with their process trees.
 * - createMcpToolBox: the tools as a ToolBox (src/core/agent/ports.ts) to compose with the built-ins;
 *   every call is a `mcp` ProposedAction for the policy (src/core/policy/mcpTools.ts).
 */
export { loadMcpConfig, remoteUrlProblem, WORKSPACE_MCP_FILE, USER_MCP_FILE, type McpConfig, type LoadMcpConfigOptions, type AgentServers } from './config';
export { addServerEntry, entryFromLine, serverEntryOffset, setServerDisabled, setToolDisabled, editMcpFile, McpConfigEditError, type NewServerEntry } from './configEdit';
export { parseConfigFile, type ParsedConfigFile, type RawServer } from './configFile';
export { expandVariables, referencedVariables, UnsetVariableError } from './expand';
export { formatProblem, DEFAULT_TIMEOUT_MS, type McpConfigProblem, type McpScope, type McpServerConfig, type McpServerEntry, type McpTransportKind, type LaunchSpec } from './types';
export {
  ServerApprovalStore,
  NO_SERVER_APPROVALS,
  describeLaunch,
  launchFingerprint,
  type ServerApprovalPort,
  type ServerApprovalRequest,
  type ServerApprovalAnswer,
} from './serverApprovals';
export { FileOAuthStore, StoredOAuthProvider, type OAuthStore, type OAuthRecord, type AuthorizationPort, type AuthorizationSession } from './oauth';
export { loopbackAuthorization, type LoopbackAuthorizationOptions } from './loopbackAuthorization';
export { connectServer, CLIENT_INFO, type Connected, type ConnectOptions, type OAuthPorts } from './connect';
export { McpHub, type McpHubOptions, type McpServerStatus } from './hub';
export { configuredOverview, serverOverview, type McpServerOverview, type McpServerState } from './serverOverview';
export { ServerConnection, listAllTools, DEFAULT_RESTART_POLICY, type RestartPolicy, type ServerNews } from './serverConnection';
export { McpServerUnavailableError, UnknownMcpServerError, McpSignInRequiredError, type McpRemedy, type UnavailableStatus } from './errors';
export { createMcpToolBox, SEARCH_TOOL, type McpToolBox, type McpToolBoxOptions } from './mcpToolBox';
export { RESOURCES_TOOL } from './resourcesTool';
export { ToolNamer, TOOL_NAME_PATTERN, RESERVED_TOOL_NAMES } from './toolNames';
export { searchTools, estimateTokens, DEFAULT_TOOL_BUDGET, type ToolBudget } from './toolSearch';
export { formatCallResult } from './toolResults';
export { getServerPrompt, listServerPrompts, type FilledPrompt } from './prompts';
export { serverLogFile, workspaceLogDir } from './serverLog';
export { userStateDir } from './userFiles';
export { ProcessTransport, serverEnvironment, ServerSpawnError, type ProcessExit } from './processTransport';

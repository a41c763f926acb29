export { createToolset, describeError, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_OUTPUT_LIMIT_CHARS, type CreateToolsetOptions, type Toolset, type ToolCallContext } from './toolset';
export { ToolInputError, type AgentTool, type ToolContext, type ToolDefinition, type ToolResult } from './types';
export { fsReadTool, type FsReadInput } from './fsRead';
export { fsWriteTool, type FsWriteInput } from './fsWrite';
export { executeBashTool, type ExecuteBashInput } from './executeBash';
export { globTool, type GlobInput } from './glob';
export { grepTool, type GrepInput } from './grep';
export { composeToolBoxes } from './compose';
export { createKnowledgeTool, knowledgeTool, type KnowledgeInput, type KnowledgeToolOptions } from './knowledge';
export { applyEdit, type EditCommand } from './textEdits';
export { RepeatedFailureGuard, canonicalJson, type RepeatedFailure, type RepeatedFailureLimits } from './repeatedFailures';
export { findNewElision, type ElisionMarker } from './elision';
export { globToRegExp } from '../../fs';
// The runner's verification reads test results the same way execute_bash does.
export { parseTestSummary, looksLikeTestCommand, type TestSummary } from '../../process';

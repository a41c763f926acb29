import { z } from 'zod';
import { FileChangedOnDiskError, PathOutsideWorkspaceError } from '../../fs';
import type { ProposedAction } from '../../policy/types';
import { toolResultContent } from '../../images';
import type { ToolOutput } from '../ports';
import { unsandboxed, type Sandbox } from '../../sandbox';
import { executeBashTool } from './executeBash';
import { fsReadTool } from './fsRead';
import { fsWriteTool } from './fsWrite';
import { globTool } from './glob';
import { grepTool } from './grep';
import { createKnowledgeTool, type KnowledgeToolOptions } from './knowledge';
import { ToolInputError, type AgentTool, type ToolContext, type ToolDefinition, type ToolResult } from './types';

/** In the order they are sent to the model; a stable order keeps the prompt cache warm. */
const BUILTIN_TOOLS: ReadonlyArray<AgentTool<unknown>> = [fsReadTool, fsWriteTool, executeBashTool, globTool, grepTool];

/** Newer Kiro CLI names, so a `.kiro/agents` tools list written with either works. */
const KIRO_ALIASES: Readonly<Record<string, string>> = { read: 'fs_read', write: 'fs_write', shell: 'execute_bash' };

export const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;
export const DEFAULT_OUTPUT_LIMIT_CHARS = 30_000;

export interface CreateToolsetOptions {
  /** A Kiro agent's `tools` list: tool names or aliases, "*" or "@builtin" for all. Default: all. Other entries (MCP tools) are ignored here. */
  tools?: readonly string[];
  /**
   * Adds the `knowledge` tool (after the built-ins). Hosts pass it only when the workspace has a
   * knowledge base, so users without one do not pay for its definition in every request.
   */
  knowledge?: boolean | KnowledgeToolOptions;
  /** Used when a call's context does not set its own. */
  commandTimeoutMs?: number;
  outputLimitChars?: number;
  /** Where execute_bash runs commands: the run's sandbox. Without one, commands run unsandboxed and say so. */
  sandbox?: Sandbox;
}

const NO_SANDBOX_GIVEN = unsandboxed({ state: 'off', reason: 'no sandbox was prepared for these tools', allowedDomains: [] });

/** The context a caller supplies; the limits fall back to the toolset's defaults. */
export type ToolCallContext = Omit<ToolContext, 'commandTimeoutMs' | 'outputLimitChars' | 'sandbox'> & Partial<Pick<ToolContext, 'commandTimeoutMs' | 'outputLimitChars' | 'sandbox'>>;

export interface Toolset {
  readonly tools: ReadonlyArray<AgentTool<unknown>>;
  /** For the API's `tools` parameter. */
  readonly definitions: ToolDefinition[];
  /** A short line for people; the tool's name when the input is unusable. */
  summarize(name: string, rawInput: unknown): string;
  /** Validates the input and describes what the call will do. Throws an Error whose message is meant for the model. */
  plan(name: string, rawInput: unknown, ctx: ToolCallContext): Promise<ProposedAction[]>;
  /** Validates and runs the call. Every failure becomes an is_error result; only an abort throws. */
  executeToolCall(name: string, rawInput: unknown, ctx: ToolCallContext): Promise<ToolResult>;
  /** executeToolCall for the runner's ToolBox port: images the tool read become image blocks after the text. */
  execute(name: string, rawInput: unknown, ctx: ToolCallContext): Promise<ToolOutput>;
}

export function createToolset(options: CreateToolsetOptions = {}): Toolset {
  const available = options.knowledge ? [...BUILTIN_TOOLS, createKnowledgeTool(options.knowledge === true ? {} : options.knowledge) as AgentTool<unknown>] : BUILTIN_TOOLS;
  const tools = selectTools(available, options.tools);
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  // plan() and execute() of one call get the same raw input object; reusing the parsed input lets
  // a tool carry what it read in plan() over to run() (fs_write's conflict detection relies on it).
  const parsedInputs = new WeakMap<object, { tool: string; input: unknown }>();

  const fullContext = (ctx: ToolCallContext): ToolContext => ({
    ...ctx,
    commandTimeoutMs: ctx.commandTimeoutMs ?? options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    outputLimitChars: ctx.outputLimitChars ?? options.outputLimitChars ?? DEFAULT_OUTPUT_LIMIT_CHARS,
    sandbox: ctx.sandbox ?? options.sandbox ?? NO_SANDBOX_GIVEN,
  });

  const resolve = (name: string, rawInput: unknown): { tool: AgentTool<unknown>; input: unknown } => {
    const tool = byName.get(name);
    if (!tool) throw new ToolInputError(`Unknown tool "${name}". Available tools: ${[...byName.keys()].join(', ')}.`);
    const cached = rawInput && typeof rawInput === 'object' ? parsedInputs.get(rawInput) : undefined;
    if (cached?.tool === name) return { tool, input: cached.input };
    const parsed = tool.inputSchema.safeParse(rawInput);
    if (!parsed.success) throw new ToolInputError(`Invalid input for ${name}: ${formatIssues(parsed.error)}`);
    if (rawInput && typeof rawInput === 'object') parsedInputs.set(rawInput, { tool: name, input: parsed.data });
    return { tool, input: parsed.data };
  };

  const executeToolCall = async (name: string, rawInput: unknown, ctx: ToolCallContext): Promise<ToolResult> => {
    ctx.signal.throwIfAborted();
    const context = fullContext(ctx);
    try {
      const { tool, input } = resolve(name, rawInput);
      return await tool.run(input, context);
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
      return { content: describeError(error, name, context.workspace), isError: true };
    }
  };

  return {
    tools,
    definitions: tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.jsonSchema })),
    summarize(name, rawInput) {
      try {
        const { tool, input } = resolve(name, rawInput);
        return tool.summarize(input);
      } catch {
        return name;
      }
    },
    async plan(name, rawInput, ctx) {
      const context = fullContext(ctx);
      try {
        const { tool, input } = resolve(name, rawInput);
        return await tool.plan(input, context);
      } catch (error) {
        if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
        throw new ToolInputError(describeError(error, name, context.workspace));
      }
    },
    executeToolCall,
    async execute(name, rawInput, ctx) {
      const result = await executeToolCall(name, rawInput, ctx);
      return { content: toolResultContent(result), isError: result.isError };
    },
  };
}

function selectTools(available: ReadonlyArray<AgentTool<unknown>>, names: readonly string[] | undefined): ReadonlyArray<AgentTool<unknown>> {
  if (!names || names.includes('*') || names.includes('@builtin')) return available;
  const wanted = new Set(names.map((name) => KIRO_ALIASES[name] ?? name));
  return available.filter((tool) => wanted.has(tool.name));
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`).join('; ');
}

/** A message the model can act on, for any failure of a tool call. */
export function describeError(error: unknown, tool: string, workspace: string): string {
  if (error instanceof ToolInputError || error instanceof FileChangedOnDiskError) return error.message;
  if (error instanceof PathOutsideWorkspaceError) return `${error.message} Only paths inside the workspace (${workspace}) can be used.`;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && error.message.startsWith(code) ? error.message : `${tool} failed: ${error.message}`;
  }
  return `${tool} failed: ${String(error)}`;
}

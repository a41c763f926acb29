import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { ActivityEvent } from '../../core/activity';
import { AgentNotFound } from '../../core/agents';
import { imagesNamedInPrompt, type PromptResult, type UserInput } from '../../core/agent';
import { ImageInputError, type ModelImage } from '../../core/images';
import { ModelError } from '../../core/model';
import type { AutonomyLevel } from '../../core/policy';
import { SettingsError } from '../../core/settings';
import { createActivityPrinter } from '../activityPrinter';
import { cliAgentService, terminalUserInput } from '../agentHost';
import { terminalApprovalGate } from '../terminalApprovals';
import { ExitCode, UsageError, type CliContext, type CommandDefinition } from '../io';
import { cliMcpPorts } from '../mcpHost';
import { cliRemedyText } from '../remedyText';
import { workspaceSettings } from '../workspaceSettings';

const usage = `Usage: specwright chat [--agent NAME] [options] ["PROMPT"]

Talks with the agent outside any spec, with the same tools, policy, approvals and activity printer as
"run". With PROMPT: one answer, then exit. Without it, on a terminal: a conversation (an empty line
ends it). With input piped in: that text is the prompt (after PROMPT, when both are given). Each chat
is logged as a run (.kiro/.specwright/runs): "specwright runs list" and "runs show" find it.
In a conversation, /compact [FOCUS] summarises the conversation so far at once (keeping FOCUS in
particular, when given) and says how many tokens it held before and after.

Images: a message that names image files (JPEG, PNG, GIF, WebP; up to 10 MB each, 10 per message)
attaches them, e.g. "what is wrong in ./shots/login.png?" (piped input never attaches anything).
Relative paths are from the workspace;
a file outside it is refused and a secrets file is asked about, as the agent's own reads are. A
path written with ./, ../, / or ~/ must exist; a bare name that does not stays text.

Options:
  --agent NAME           a custom agent answers (.kiro/agents/NAME.json|.md, ~/.kiro/agents/):
                         its prompt and resources, tools, model and rules
  --autonomy LEVEL       cautious | balanced | full (default: agent.autonomyLevel)
  --yes                  approve what the policy asks about (denials still hold)
  --model M              model name (default: the agent's, SPECWRIGHT_MODEL, settings, then the built-in default)
  --trust                load this workspace's agents, start its MCP servers and apply what its
                         settings ask for, for this command
  --json                 one ActivityEvent per line on stdout
  --verbose              show thinking and per-step usage

Exit codes: 0 the agent answered; 1 it failed or was stopped; 2 usage or configuration error.`;

/** Piped input larger than this is refused: a prompt, not a data set. */
const MAX_PIPED_CHARS = 400_000;

export const chatCommand: CommandDefinition = {
  name: 'chat',
  summary: 'talk with the agent (or a custom agent) outside any spec',
  usage,
  run: async (args, ctx) => {
    const options = parseChatArgs(args);
    const terminal = Boolean(ctx.stdin?.isTTY);
    const piped = !terminal && ctx.stdin ? await readPiped(ctx.stdin) : '';
    const given = [options.prompt, piped.trim()].filter(Boolean).join('\n\n');
    if (!given && !terminal) throw new UsageError('chat needs a prompt: specwright chat "PROMPT", or pipe one in, or run it on a terminal');
    // A conversation only on a terminal, and only when no one-shot prompt was given.
    const conversation = terminal && !options.prompt;
    const agent = cliAgentService(ctx, { yes: options.yes, trust: options.trust, interactive: conversation, mcp: await cliMcpPorts(ctx, { trust: options.trust }) });

    let prepared;
    try {
      await workspaceSettings(ctx, { trust: options.trust, ask: !options.json, warnings: false });
      prepared = await agent.prepare({
        workspace: ctx.workspace,
        ...(options.autonomy ? { autonomy: options.autonomy } : {}),
        ...(options.model ? { model: options.model } : {}),
        ...(options.agent !== undefined ? { agent: options.agent } : {}),
      });
    } catch (error) {
      if (error instanceof ModelError || error instanceof SettingsError) throw UsageError.from(error);
      if (error instanceof AgentNotFound) throw new UsageError(`--agent: ${error.message}${error.why?.includes('not trusted') ? ' Pass --trust to load the workspace’s agents.' : ''}`);
      throw error;
    }
    const print = options.json ? (event: ActivityEvent) => ctx.stdout(JSON.stringify(event) + '\n') : createActivityPrinter(ctx, { verbose: options.verbose });
    // Image files a message names go with it, judged as the agent's own reads of them would be.
    const approvals = terminalApprovalGate(ctx, { yes: options.yes });
    const attach = (text: string) => imagesNamedInPrompt(text, { workspace: ctx.workspace, policy: prepared.policy, approvals, signal: ctx.signal, ...(ctx.env.HOME ? { home: ctx.env.HOME } : {}) });
    const terminalInput = attachingInput(terminalUserInput(ctx), attach, ctx);
    let result: PromptResult;
    try {
      let first: { text: string; images: readonly ModelImage[] } | null;
      if (given) {
        try {
          // Only what the person typed attaches: piped input is data, whatever paths it mentions.
          first = { text: given, images: options.prompt ? await attach(options.prompt) : [] };
        } catch (error) {
          if (error instanceof ImageInputError) throw new UsageError(error.message);
          throw error;
        }
      } else {
        first = await firstMessage(ctx, prepared.profile?.name, terminalInput);
      }
      if (first === null) return ExitCode.ok;
      result = await agent.runPrompt(prepared, {
        prompt: first.text,
        ...(first.images.length ? { images: first.images } : {}),
        signal: ctx.signal,
        onEvent: print,
        record: true,
        ...(conversation ? { mode: 'interactive' as const, userInput: terminalInput } : {}),
      });
    } catch (error) {
      if (error instanceof ModelError) {
        ctx.stderr(`specwright: ${error.message}${error.remedy ? ` ${cliRemedyText(error.remedy)}` : ''}\n`);
        return ExitCode.usage;
      }
      throw error;
    } finally {
      await prepared.release();
    }
    if (result.logFile && !options.json) ctx.stdout(`Chat log: ${result.logFile} (specwright runs show ${path.basename(result.logFile, '.jsonl')})\n`);
    if (!result.ok && !options.json) ctx.stderr(`specwright: the agent ${result.status === 'stopped' ? 'was stopped' : result.status === 'budget_exceeded' ? 'reached its budget' : 'did not finish'}: ${result.output}\n`);
    return result.ok ? ExitCode.ok : ExitCode.failure;
  },
};

/** On a terminal without a prompt: the first message, asked as the conversation's next ones are. */
async function firstMessage(ctx: CliContext, agent: string | undefined, input: UserInput): Promise<{ text: string; images: readonly ModelImage[] } | null> {
  ctx.stderr(`Chatting with ${agent ? `agent ${agent}` : 'the Specwright agent'} in ${ctx.workspace}. An empty line ends the conversation; /compact [focus] summarises it.\n`);
  for (;;) {
    const first = await input.nextMessage(ctx.signal);
    if (first === null) return null;
    if (typeof first === 'string') return { text: first, images: [] };
    if (first.kind === 'message') return { text: first.text, images: first.images };
    ctx.stderr('Nothing to compact yet: the conversation has not started.\n');
  }
}

/**
 * The terminal's messages with the images they name attached. A message whose images cannot go
 * (missing, too large, refused) is not sent: the person is told why and asked again.
 */
function attachingInput(input: UserInput, attach: (text: string) => Promise<ModelImage[]>, ctx: CliContext): UserInput {
  return {
    nextMessage: async (signal) => {
      for (;;) {
        const next = await input.nextMessage(signal);
        if (typeof next !== 'string') return next;
        try {
          const images = await attach(next);
          return images.length ? { kind: 'message', text: next, images } : next;
        } catch (error) {
          if (!(error instanceof ImageInputError)) throw error;
          ctx.stderr(`specwright: ${error.message} The message was not sent.\n`);
        }
      }
    },
  };
}

/** All of piped stdin, as text. */
async function readPiped(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_PIPED_CHARS) throw new UsageError(`the input piped to chat is over ${MAX_PIPED_CHARS.toLocaleString('en-US')} bytes; pass a file's path in the prompt instead and let the agent read it`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface ChatArgs {
  prompt: string;
  agent?: string;
  autonomy?: AutonomyLevel;
  model?: string;
  yes: boolean;
  trust: boolean;
  json: boolean;
  verbose: boolean;
}

function parseChatArgs(args: string[]): ChatArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        agent: { type: 'string' },
        autonomy: { type: 'string' },
        model: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        trust: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see "specwright chat --help"`);
  }
  const { values, positionals } = parsed;
  const autonomy = values.autonomy;
  if (autonomy !== undefined && !['cautious', 'balanced', 'full'].includes(autonomy)) throw new UsageError(`--autonomy must be one of cautious, balanced, full (got "${autonomy}")`);
  return {
    prompt: positionals.join(' ').trim(),
    ...(values.agent !== undefined ? { agent: values.agent.trim() } : {}),
    ...(autonomy !== undefined ? { autonomy: autonomy as AutonomyLevel } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    yes: values.yes,
    trust: values.trust,
    json: values.json,
    verbose: values.verbose,
  };
}

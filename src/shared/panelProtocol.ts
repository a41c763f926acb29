import { z } from 'zod';
import { activityEventSchema } from '../core/activity';
import { IMAGE_MEDIA_TYPES, MAX_IMAGE_BASE64_BYTES, MAX_IMAGES_PER_REQUEST } from '../core/images';

/**
 * The Agent Activity panel protocol: every message between the extension host and the panel webview.
 * Both sides validate on receipt with the parse functions below; a malformed message is logged and
 * dropped, never trusted. The host sends appended events and small deltas, never the whole state.
 * This file is the shapes (zod); panelMessages.ts has the types and what needs no schema at run time.
 */

export const runStatusSchema = z.enum(['running', 'stopped', 'done', 'failed']);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** What the header shows about the run; sent once per `init`. */
export const runHeaderSchema = z.object({
  runId: z.string(),
  /** What the run works on, e.g. "todo-cli · 2.1 Add the list command". */
  task: z.string(),
  autonomy: z.string(),
  model: z.string().optional(),
  /** The custom agent doing the work; absent: Specwright's own. */
  agent: z.string().optional(),
  mode: z.string().optional(),
  /** What the transcript holds: an agent run (the default), or the editor's hook runs outside agent runs. */
  kind: z.enum(['run', 'hooks']).optional(),
});
export type RunHeader = z.infer<typeof runHeaderSchema>;

/** The run's tokens by kind, for the header's bar: what the cache served, what it stored, fresh input, output. */
export const tokenMixSchema = z.object({
  cacheRead: z.number().nonnegative(),
  cacheWrite: z.number().nonnegative(),
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
});
export type TokenMix = z.infer<typeof tokenMixSchema>;

/** Live figures for the header. `startedAt`/`finishedAt` are ISO times; the panel ticks elapsed time itself. */
export const runStateSchema = z.object({
  status: runStatusSchema,
  tokens: z.number().nonnegative(),
  /** `tokens` by kind; absent from a host that does not tell it. */
  mix: tokenMixSchema.optional(),
  costUsd: z.number().nonnegative(),
  startedAt: z.string(),
  finishedAt: z.string().nullable().optional(),
});
export type RunState = z.infer<typeof runStateSchema>;

export const approvalOutcomeSchema = z.enum(['approved', 'rejected', 'always']);
export type ApprovalOutcome = z.infer<typeof approvalOutcomeSchema>;

const events = z.array(activityEventSchema);

export const mentionChoiceSchema = z.object({
  name: z.string().min(1).max(200),
  inclusion: z.enum(['manual', 'auto', 'fileMatch']),
  description: z.string().max(2000),
  source: z.string().max(4096),
});
export type MentionChoice = z.infer<typeof mentionChoiceSchema>;

/** A custom agent the composer's picker offers (Specwright's own agent, first in the list, is the panel's). */
export const agentChoiceSchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000),
  /** The model it asks for; absent: the run's. */
  model: z.string().max(200).optional(),
  scope: z.enum(['workspace', 'user']),
  /** Shown in the composer when it is picked. */
  welcomeMessage: z.string().max(4000).optional(),
});
export type AgentChoice = z.infer<typeof agentChoiceSchema>;

/** An MCP server's prompt, offered after `/` as `/server:name`, with the arguments it asks for. */
export const promptChoiceSchema = z.object({
  server: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  description: z.string().max(2000),
  arguments: z.array(z.object({ name: z.string().min(1).max(200), description: z.string().max(2000), required: z.boolean() })).max(50),
});
export type PromptChoice = z.infer<typeof promptChoiceSchema>;

/**
 * An image pasted or dropped in the composer, as the panel sends it with a message: its name, the
 * type the browser gave it and its bytes in base64. The panel checks the limits before sending;
 * the host checks again on arrival (composerImageSchema, then the bytes themselves), so the message
 * schema takes any shape the host can name in an error.
 */
const sentImage = z.object({ name: z.string().min(1).max(4096), mediaType: z.string().max(200), data: z.string() });

/** A pasted image that may go to the model: a type it reads, base64 within the API's limit. */
export const composerImageSchema = z.object({
  name: z.string().min(1).max(4096),
  mediaType: z.enum(IMAGE_MEDIA_TYPES),
  data: z.string().min(1).max(MAX_IMAGE_BASE64_BYTES).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64'),
});
export type ComposerImage = z.infer<typeof composerImageSchema>;
export const composerImagesSchema = z.array(composerImageSchema).max(MAX_IMAGES_PER_REQUEST);

export const hostMessageSchema = z.discriminatedUnion('type', [
  /** The newest page of the run (sent on open and again whenever the panel is re-shown). */
  z.object({ type: z.literal('init'), run: runHeaderSchema, state: runStateSchema, events, hasOlder: z.boolean() }),
  /** Events appended to the run since the last message; only new events, in seq order. */
  z.object({ type: z.literal('append'), events }),
  /** The answer to `requestOlder`: events just before the oldest one the panel holds. */
  z.object({ type: z.literal('olderPage'), events, hasOlder: z.boolean() }),
  /** A delta of the header figures: only the fields that changed. */
  z.object({ type: z.literal('runState'), ...runStateSchema.partial().shape }),
  /** An approval was answered elsewhere (a notification, the CLI) or the host confirmed the panel's answer. */
  z.object({ type: z.literal('approvalResolved'), approvalId: z.string(), outcome: approvalOutcomeSchema, note: z.string().optional() }),
  /**
   * The answer to `addCriterionTask`: the failed criterion is now task `taskId` in tasks.md (sent again
   * after each `init`), or null when it could not be added (the host said why).
   */
  z.object({ type: z.literal('criterionTaskAdded'), spec: z.string(), criterion: z.string(), taskId: z.string().nullable() }),
  /** Nothing to show: no run and no hook run yet (the answer to `ready` instead of `init`). */
  z.object({ type: z.literal('idle') }),
  /**
   * What the composer completes after `#`: the steering documents a message can name (sent after
   * `ready`, and again when the workspace's steering changes). A message naming one gets it.
   */
  z.object({ type: z.literal('mentionChoices'), choices: z.array(mentionChoiceSchema).max(500) }),
  /**
   * The custom agents the composer's picker offers, the one picked in this panel session (null:
   * Specwright's own), and what kept other agent files out (sent after `ready`).
   */
  z.object({ type: z.literal('agentChoices'), agents: z.array(agentChoiceSchema).max(500), selected: z.string().max(200).nullable(), notes: z.array(z.string().max(4000)).max(20) }),
  /** The answer to `listPrompts`: the running servers' prompts, and why a server offers none (needs approval, failed). */
  z.object({
    type: z.literal('promptChoices'),
    prompts: z.array(promptChoiceSchema).max(2000),
    problems: z.array(z.object({ server: z.string().max(200), message: z.string().max(4000) })).max(200),
  }),
  /** The answer to `fillPrompt`: the prompt's text for the composer, or why there is none. */
  z.object({ type: z.literal('promptFilled'), server: z.string().max(200), name: z.string().max(200), text: z.string().max(100_000) }),
  z.object({ type: z.literal('promptFailed'), server: z.string().max(200), name: z.string().max(200), message: z.string().max(4000) }),
  /** A message from the composer was not sent (an attached image the host refused, nobody to read it); the composer shows why. */
  z.object({ type: z.literal('composerError'), message: z.string().max(2000) }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

const id = z.string().min(1).max(200);

export const panelMessageSchema = z.discriminatedUnion('type', [
  /** The panel is listening; the host answers with `init`. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('stop') }),
  /** Stop one running sub-agent (its lane's `subagentId`); the others and the run go on. */
  z.object({ type: z.literal('stopSubagent'), subagentId: id }),
  /** Summarise the conversation of the task under way before its next model request. */
  z.object({ type: z.literal('compact') }),
  z.object({ type: z.literal('approve'), approvalId: id }),
  z.object({ type: z.literal('reject'), approvalId: id }),
  /** Approve, and allow the same action without asking for the rest of this session. */
  z.object({ type: z.literal('alwaysAllow'), approvalId: id }),
  /** The host should confirm with the user before restoring. */
  z.object({ type: z.literal('restoreCheckpoint'), checkpointId: id }),
  /** A message typed in the composer, with the images pasted or dropped into it (checked again on arrival). */
  z.object({ type: z.literal('sendMessage'), text: z.string().trim().min(1).max(100_000), images: z.array(sentImage).max(100).optional() }),
  /** Ask for the page of events before `beforeSeq` (the oldest seq the panel holds). */
  z.object({ type: z.literal('requestOlder'), beforeSeq: z.number().int().nonnegative() }),
  z.object({ type: z.literal('openFile'), path: z.string().min(1).max(4096) }),
  /** Append a task for this failed criterion of the shown verify run; the host takes the verdict from the run's own log. */
  z.object({ type: z.literal('addCriterionTask'), spec: id, criterion: id }),
  /** The agent that answers the composer's messages from now on in this panel session; null: Specwright's own. */
  z.object({ type: z.literal('pickAgent'), agent: id.nullable() }),
  /** `/` was typed: the host answers with `promptChoices`. */
  z.object({ type: z.literal('listPrompts') }),
  /** A server's prompt filled in with these arguments; the host answers `promptFilled` or `promptFailed`. */
  z.object({ type: z.literal('fillPrompt'), server: id, name: id, args: z.record(z.string().max(200), z.string().max(10_000)) }),
]);
export type PanelMessage = z.infer<typeof panelMessageSchema>;
export type ApprovalDecision = Extract<PanelMessage, { approvalId: string }>['type'];

/** Validates a message from the host; null when it is malformed (the caller logs and drops it). */
export function parseHostMessage(raw: unknown): HostMessage | null {
  const result = hostMessageSchema.safeParse(raw);
  return result.success ? result.data : null;
}

/** Validates a message from the panel; null when it is malformed (the caller logs and drops it). */
export function parsePanelMessage(raw: unknown): PanelMessage | null {
  const result = panelMessageSchema.safeParse(raw);
  return result.success ? result.data : null;
}

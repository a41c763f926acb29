import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';

/** A content block the fake model answers with. Tool ids are generated per attempt unless given. */
export type ScriptedBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id?: string; name: string; input: Record<string, unknown> }
  | { type: 'thinking'; thinking: string };

export type ScriptedStopReason = 'end_turn' | 'tool_use' | 'max_tokens';

/** Overrides for the usage the fake computes (input and cache figures come from the request). */
export interface ScriptedUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

export interface ScriptedReply {
  content: ScriptedBlock[];
  /** Defaults to 'tool_use' when the content has a tool call, else 'end_turn'. */
  stopReason?: ScriptedStopReason;
  usage?: ScriptedUsage;
}

/** An HTTP error in Anthropic's shape: {type:'error', error:{type, message}}. */
export interface StatusFault {
  fault: 'status';
  status: number;
  /** Sent as the `retry-after` header, in seconds. */
  retryAfter?: number;
  /** Sent as the `retry-after-ms` header. */
  retryAfterMs?: number;
  /** Replaces the error message of the default body. */
  message?: string;
  /** Replaces the whole JSON body. */
  body?: unknown;
}

/** Streams the reply's first `afterEvents` SSE events, then destroys the socket (or ends cleanly). */
export interface CutFault {
  fault: 'cut';
  afterEvents: number;
  /** End the response without message_stop instead of destroying the socket. */
  graceful?: boolean;
  content?: ScriptedBlock[];
}

/** Streams up to the first partial_json chunk of the first tool call, then destroys the socket. */
export interface CutInToolInputFault {
  fault: 'cutInToolInput';
  content?: ScriptedBlock[];
}

/** Streams `afterEvents` events, then an SSE `error` event (as the API does when overloaded mid-answer). */
export interface StreamErrorFault {
  fault: 'streamError';
  afterEvents?: number;
  errorType?: string;
  content?: ScriptedBlock[];
}

/** Never finishes: sends `afterEvents` events (default none, not even headers) and waits forever. */
export interface HangFault {
  fault: 'hang';
  afterEvents?: number;
  content?: ScriptedBlock[];
}

/**
 * Streams `afterEvents` events (0: not even the headers), then goes silent for `pauseMs` with the
 * connection open, then sends the rest of the answer. With `pingEveryMs`, SSE pings keep the silence
 * from being total, as the real API does while the model thinks.
 */
export interface StallFault {
  fault: 'stall';
  afterEvents: number;
  pauseMs: number;
  pingEveryMs?: number;
  content?: ScriptedBlock[];
}

/** Drops the connection before any response: the client sees a reset socket ("socket hang up"). */
export interface ResetFault {
  fault: 'reset';
}

export type ScriptedFault = StatusFault | CutFault | CutInToolInputFault | StreamErrorFault | HangFault | StallFault | ResetFault;
export type ScriptedTurn = ScriptedReply | ScriptedFault;

/** One request as the fake received it. Faulted and rejected requests are recorded too. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The body exactly as sent, for byte-level comparisons. */
  rawBody: string;
  /** The parsed JSON body (undefined if the body was not JSON). */
  body: (MessageCreateParamsBase & { stream?: boolean }) | undefined;
}

/**
 * The turns in order, or a function choosing each one. A function may return a promise: the request
 * then waits (headers unsent) until it settles, which lets a test hold the model at a chosen step.
 */
export type Script = ScriptedTurn[] | ((request: RecordedRequest, index: number) => ScriptedTurn | Promise<ScriptedTurn>);

export const DEFAULT_FAULT_CONTENT: ScriptedBlock[] = [
  { type: 'text', text: 'I will write the file now.' },
  { type: 'tool_use', name: 'write_file', input: { path: 'notes.txt', content: 'hello from the fake model' } },
];

export function isFault(turn: ScriptedTurn): turn is ScriptedFault {
  return 'fault' in turn;
}

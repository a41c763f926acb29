import { APIUserAbortError } from '@anthropic-ai/sdk';
import type { Remedy } from '../remedy';

export type ModelErrorCode =
  | 'no_api_key'
  | 'invalid_config'
  | 'auth_failed'
  | 'permission_denied'
  | 'model_not_found'
  | 'endpoint_unreachable'
  | 'rate_limited'
  | 'overloaded'
  | 'server_error'
  | 'stream_interrupted'
  /** The answer stopped at the output limit (max_tokens) even after asking for the rest. */
  | 'output_truncated'
  /** The request is longer than the model's context window (or the API's request size limit). */
  | 'prompt_too_long'
  | 'request_rejected'
  | 'aborted';

export interface ModelErrorDetails {
  /** HTTP status of the last failed attempt, when there was a response. */
  status?: number;
  /** Anthropic's request-id of the last failed attempt, for support tickets. */
  requestId?: string;
  /** How many attempts were made before giving up. */
  attempts?: number;
  /** What the person can do about it (each face words it). */
  remedy?: Remedy;
}

/**
 * The only error the model layer throws. Its message is written for the user (what happened, where,
 * what to do) and never contains the API key: SDK errors are not attached as `cause`, because they
 * carry response bodies and headers we do not control.
 */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly status?: number;
  readonly requestId?: string;
  readonly attempts?: number;
  readonly remedy?: Remedy;

  constructor(readonly code: ModelErrorCode, message: string, details: ModelErrorDetails = {}) {
    super(message);
    if (details.status !== undefined) this.status = details.status;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.attempts !== undefined) this.attempts = details.attempts;
    if (details.remedy !== undefined) this.remedy = details.remedy;
  }
}

export const NO_API_KEY_MESSAGE = 'No Anthropic API key.';

export function abortedError(): ModelError {
  return new ModelError('aborted', 'The model request was cancelled.');
}

/** True for a cancelled turn, whichever layer noticed the cancellation first. */
export function isAbortError(error: unknown): boolean {
  if (error instanceof ModelError) return error.code === 'aborted';
  if (error instanceof APIUserAbortError) return true;
  return error instanceof Error && error.name === 'AbortError';
}

/** Anthropic keys look like sk-ant-api03-…; a proxy may echo them back in an error body. */
const KEY_PATTERN = /sk-ant-[A-Za-z0-9_-]{8,}/g;

/** Removes the key (and anything shaped like an Anthropic key) from text meant for users or logs. */
export function redactSecrets(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out.replace(KEY_PATTERN, '[redacted]');
}

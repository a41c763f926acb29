import { validateImages } from './images';
import { countCacheBreakpoints } from './promptCache';

export interface ApiFailure {
  status: number;
  type: string;
  message: string;
}

export interface ValidationRules {
  /** When set, other models get 404 not_found_error as the real API answers. */
  models?: string[];
  verifyThinkingSignature: (thinking: string, signature: string) => boolean;
}

/** The checks of the real API that a client of it can get wrong; anything else is accepted. */
export function validateMessagesRequest(body: unknown, rules: ValidationRules): ApiFailure | undefined {
  if (typeof body !== 'object' || body === null) return { status: 400, type: 'invalid_request_error', message: 'The request body is not valid JSON.' };
  const b = body as Record<string, unknown>;
  for (const field of ['model', 'max_tokens', 'messages']) {
    if (b[field] === undefined) return { status: 400, type: 'invalid_request_error', message: `${field}: Field required` };
  }
  if (rules.models && !rules.models.includes(String(b.model))) return { status: 404, type: 'not_found_error', message: `model: ${String(b.model)}` };

  const breakpoints = countCacheBreakpoints(b);
  if (breakpoints > 4) {
    return { status: 400, type: 'invalid_request_error', message: `A maximum of 4 blocks with cache_control may be provided. Found ${breakpoints}.` };
  }

  // Custom tools: names the API accepts, each once.
  const names = new Set<string>();
  for (const [i, tool] of (Array.isArray(b.tools) ? (b.tools as Array<Record<string, unknown>>) : []).entries()) {
    if (tool.input_schema === undefined) continue;
    const name = String(tool.name);
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) return { status: 400, type: 'invalid_request_error', message: `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'` };
    if (names.has(name)) return { status: 400, type: 'invalid_request_error', message: 'tools: Tool names must be unique.' };
    names.add(name);
  }

  const imageFailure = validateImages(b);
  if (imageFailure) return imageFailure;

  const messages = Array.isArray(b.messages) ? (b.messages as Array<{ content?: unknown }>) : [];
  for (const [i, message] of messages.entries()) {
    if (!Array.isArray(message.content)) continue;
    for (const [j, block] of (message.content as Array<Record<string, unknown>>).entries()) {
      if (block.type !== 'thinking') continue;
      if (!rules.verifyThinkingSignature(String(block.thinking), String(block.signature))) {
        return { status: 400, type: 'invalid_request_error', message: `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block` };
      }
    }
  }
  return undefined;
}

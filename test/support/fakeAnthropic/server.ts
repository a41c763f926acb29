import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeSse, renderTurn, type RenderedTurn, type SseEvent } from './events';
import { PromptCacheSimulator, requestTokens } from './promptCache';
import { DEFAULT_FAULT_CONTENT, isFault, type RecordedRequest, type ResetFault, type Script, type ScriptedTurn, type StatusFault } from './script';
import { validateMessagesRequest, type ApiFailure } from './validate';

export interface FakeAnthropicOptions {
  /** When set, requests presenting another key (x-api-key or Bearer) get 401 authentication_error. */
  apiKey?: string;
  /** When set, only these models exist: others get 404 not_found_error. Also what GET /v1/models lists. */
  models?: string[];
  /**
   * The model's context window in tokens (counted as the fake counts usage, ~4 characters each):
   * a longer request gets the API's 400 "prompt is too long: N tokens > W maximum", using no turn.
   */
  contextWindow?: number;
}

export interface FakeAnthropic {
  /** Base URL to give the SDK, e.g. http://127.0.0.1:43123 */
  url: string;
  /** Every request received, in order, including rejected and faulted ones. */
  requests: RecordedRequest[];
  /** Stops the server and drops open connections; safe to call more than once. */
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, [type: string, message: string]> = {
  400: ['invalid_request_error', 'Invalid request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'Not found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

function errorBody(status: number, message?: string, type?: string): unknown {
  const [defaultType, defaultMessage] = ERROR_TYPES[status] ?? ['api_error', `Error ${status}`];
  return { type: 'error', error: { type: type ?? defaultType, message: message ?? defaultMessage } };
}

function presentedKey(req: IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string') return header;
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  return bearer?.[1];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A Messages API on 127.0.0.1 that answers from a script: real HTTP, real SSE, Anthropic's event
 * order and error shapes, so the real SDK runs unmodified against it.
 */
export async function startFakeAnthropic(script: Script, options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const cache = new PromptCacheSimulator();
  const secret = randomBytes(32);
  const sign = (thinking: string) => createHmac('sha256', secret).update(thinking).digest('base64');
  const verify = (thinking: string, signature: string) => {
    const expected = Buffer.from(sign(thinking));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
  let turnIndex = 0;
  let serial = 0;

  const nextTurn = (request: RecordedRequest): ScriptedTurn | Promise<ScriptedTurn> | undefined => {
    const index = turnIndex++;
    return typeof script === 'function' ? script(request, index) : script[index];
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${serial}`, ...headers });
    res.end(JSON.stringify(body));
  };
  const sendFailure = (res: ServerResponse, failure: ApiFailure) => sendJson(res, failure.status, errorBody(failure.status, failure.message, failure.type));

  const render = (turn: Exclude<ScriptedTurn, StatusFault | ResetFault>, body: Record<string, unknown>): RenderedTurn => {
    const reply = isFault(turn) ? { content: turn.content ?? DEFAULT_FAULT_CONTENT } : turn;
    let tools = 0;
    return renderTurn(reply, {
      model: String(body.model),
      messageId: `msg_fake_${serial}`,
      usage: cache.measure(body),
      newToolId: () => `toolu_fake_${serial}_${tools++}`,
      signThinking: sign,
    });
  };

  const stream = (res: ServerResponse, events: SseEvent[], end: 'complete' | 'destroy' | 'graceful' | 'hang', tail = '') => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': `req_fake_${serial}` });
    const data = events.map(encodeSse).join('') + tail;
    if (end === 'complete' || end === 'graceful') res.end(data);
    // The write callback runs once the bytes are handed to the socket, so the client gets them first.
    else if (end === 'destroy') res.write(data, () => res.destroy());
    else if (data) res.write(data);
  };

  /** Sends the first events, pauses (pinging if asked), then the rest; a client that hangs up meanwhile ends it. */
  const stall = (res: ServerResponse, events: SseEvent[], afterEvents: number, pauseMs: number, pingEveryMs?: number) => {
    const timers: NodeJS.Timeout[] = [];
    const startStreaming = () => {
      if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': `req_fake_${serial}` });
    };
    if (afterEvents > 0) {
      startStreaming();
      res.write(events.slice(0, afterEvents).map(encodeSse).join(''));
    }
    if (pingEveryMs) {
      const ping = setInterval(() => {
        startStreaming();
        res.write(encodeSse({ event: 'ping', data: { type: 'ping' } }));
      }, pingEveryMs);
      timers.push(ping);
    }
    timers.push(
      setTimeout(() => {
        for (const t of timers) clearInterval(t);
        if (res.destroyed) return;
        startStreaming();
        res.end(events.slice(afterEvents).map(encodeSse).join(''));
      }, pauseMs),
    );
    res.on('close', () => timers.forEach((t) => clearInterval(t)));
  };

  const answerMessages = async (res: ServerResponse, record: RecordedRequest) => {
    const failure = validateMessagesRequest(record.body, { models: options.models, verifyThinkingSignature: verify });
    if (failure) return sendFailure(res, failure);
    const body = record.body as unknown as Record<string, unknown>;
    if (options.contextWindow !== undefined) {
      const tokens = requestTokens(body);
      if (tokens > options.contextWindow) {
        return sendFailure(res, { status: 400, type: 'invalid_request_error', message: `prompt is too long: ${tokens} tokens > ${options.contextWindow} maximum` });
      }
    }
    const turn = await nextTurn(record);
    if (!turn) {
      return sendFailure(res, { status: 400, type: 'invalid_request_error', message: `fake Anthropic: the script has no turn for request #${requests.length}` });
    }
    if (isFault(turn) && turn.fault === 'status') {
      const headers: Record<string, string> = {};
      if (turn.retryAfter !== undefined) headers['retry-after'] = String(turn.retryAfter);
      if (turn.retryAfterMs !== undefined) headers['retry-after-ms'] = String(turn.retryAfterMs);
      const message = turn.message ?? (turn.status === 404 ? `model: ${String(body.model)}` : undefined);
      return sendJson(res, turn.status, turn.body ?? errorBody(turn.status, message), headers);
    }
    if (isFault(turn) && turn.fault === 'reset') return void res.socket?.destroy();
    if (isFault(turn) && turn.fault === 'hang' && !turn.afterEvents) return; // no headers, no body, ever

    const rendered = render(turn, body);
    if (!body.stream) {
      const json = JSON.stringify(rendered.message);
      if (!isFault(turn)) return sendJson(res, 200, rendered.message);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) });
      return res.write(json.slice(0, json.length / 2), () => res.destroy());
    }
    if (!isFault(turn)) return stream(res, rendered.events, 'complete');
    switch (turn.fault) {
      case 'cut':
        return stream(res, rendered.events.slice(0, turn.afterEvents), turn.graceful ? 'graceful' : 'destroy');
      case 'cutInToolInput': {
        const at = rendered.firstToolInputEvent;
        if (at === undefined) return sendFailure(res, { status: 400, type: 'invalid_request_error', message: 'fake Anthropic: cutInToolInput needs content with a tool_use block' });
        return stream(res, rendered.events.slice(0, at + 1), 'destroy');
      }
      case 'streamError': {
        const error = errorBody(529, undefined, turn.errorType);
        return stream(res, rendered.events.slice(0, turn.afterEvents ?? 2), 'graceful', encodeSse({ event: 'error', data: error }));
      }
      case 'hang':
        return stream(res, rendered.events.slice(0, turn.afterEvents), 'hang');
      case 'stall':
        return stall(res, rendered.events, turn.afterEvents, turn.pauseMs, turn.pingEveryMs);
    }
  };

  const answerModels = (res: ServerResponse) => {
    const ids = options.models ?? ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-4-5'];
    const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' }));
    sendJson(res, 200, { data, has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null });
  };

  const server = createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      serial++;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const path = (req.url ?? '/').split('?')[0]!;
      const record: RecordedRequest = { method: req.method ?? 'GET', path, headers, rawBody, body: parseJson(rawBody) as RecordedRequest['body'] };
      requests.push(record);
      if (options.apiKey !== undefined && presentedKey(req) !== options.apiKey) return sendJson(res, 401, errorBody(401));
      if (req.method === 'POST' && path === '/v1/messages') return answerMessages(res, record);
      if (req.method === 'GET' && path === '/v1/models') return answerModels(res);
      sendJson(res, 404, errorBody(404, `${req.method} ${path} does not exist on the fake Anthropic API`));
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, `fake Anthropic crashed: ${String(error)}`));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging and keep-alive connections would otherwise hold close() open forever.
        server.closeAllConnections();
      })),
  };
}

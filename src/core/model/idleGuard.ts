/** How long a model answer may send nothing (no headers, no byte, not even a ping) by default. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 90_000;

/**
 * The model sent nothing for too long: the connection is open but the answer stalled. Treated like
 * a cut stream (the turn is asked again). Its message avoids the words the SDK reads as a
 * connection timeout, so the error reaches classifyFailure as itself.
 */
export class StreamIdleError extends Error {
  override readonly name = 'StreamIdleError';

  constructor(readonly idleMs: number) {
    super(`no data from the model for ${idleSeconds(idleMs)}`);
  }
}

/** "90 s", "0.5 s". */
export function idleSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** The StreamIdleError somewhere in an error's cause chain (the SDK wraps what fetch throws). */
export function findStreamIdleError(error: unknown): StreamIdleError | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current && typeof current === 'object' && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    if (current instanceof StreamIdleError) return current;
    seen.add(current);
  }
  return undefined;
}

/**
 * Wraps fetch so that a response which sends nothing for `idleMs` (before its headers, or between
 * two chunks of its body) fails with StreamIdleError and its connection is closed. Raw bytes count,
 * pings included, so a model that is thinking quietly but keeps the stream alive is never cut.
 * 0 turns the watch off.
 */
export function idleGuardedFetch(idleMs: number, base: typeof fetch = globalThis.fetch): typeof fetch {
  if (idleMs <= 0) return base;
  return async (input, init) => {
    const controller = new AbortController();
    const outer = init?.signal;
    const forward = () => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    let stalled: StreamIdleError | undefined;
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = new StreamIdleError(idleMs);
        controller.abort(stalled);
      }, idleMs);
      timer.unref?.();
    };

    arm();
    let response: Response;
    try {
      response = await base(input, { ...init, signal: controller.signal });
    } catch (error) {
      stop();
      throw stalled ?? error;
    }
    clearTimeout(timer);
    if (!response.body) {
      stop();
      return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      // The clock runs only while waiting for the server: time the reader spends elsewhere is not its silence.
      async pull(sink) {
        arm();
        try {
          const { done, value } = await reader.read();
          clearTimeout(timer);
          if (done) {
            stop();
            sink.close();
          } else {
            sink.enqueue(value);
          }
        } catch (error) {
          stop();
          sink.error(stalled ?? error);
        }
      },
      async cancel(reason) {
        stop();
        await reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

import type { ConversationRequest, UserInput, UserMessage } from '../../core/agent';

/**
 * Interactive mode's UserInput: messages typed in the panel's composer. The runner asks for the
 * next message when the model stops for the user; a message sent before that waits in the queue.
 */
export class ComposerInbox implements UserInput {
  private readonly queue: Array<string | UserMessage | ConversationRequest | null> = [];
  private waiter: ((message: string | UserMessage | ConversationRequest | null) => void) | null = null;

  constructor(private readonly onWaitingChange: (waiting: boolean) => void = () => undefined) {}

  get waiting(): boolean {
    return this.waiter !== null;
  }

  nextMessage(signal: AbortSignal): Promise<string | UserMessage | ConversationRequest | null> {
    if (this.queue.length) return Promise.resolve(this.queue.shift()!);
    if (signal.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const done = (message: string | UserMessage | ConversationRequest | null) => {
        signal.removeEventListener('abort', onAbort);
        this.waiter = null;
        this.onWaitingChange(false);
        resolve(message);
      };
      const onAbort = () => done(null);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = done;
      this.onWaitingChange(true);
    });
  }

  /** Hands a message to the runner (now, if it is waiting; else at its next question). */
  post(message: string | UserMessage): 'delivered' | 'queued' {
    if (this.waiter) {
      this.waiter(message);
      return 'delivered';
    }
    this.queue.push(message);
    return 'queued';
  }

  /**
   * Asks for the conversation to be summarised (Compact Conversation in a chat): carried out while
   * the agent waits for the next message, which is then asked for again.
   */
  compact(focus?: string): void {
    const request: ConversationRequest = focus === undefined ? { kind: 'compact' } : { kind: 'compact', focus };
    if (this.waiter) this.waiter(request);
    else this.queue.push(request);
  }

  /** Ends the conversation: the runner goes on to verify the task. */
  finish(): void {
    if (this.waiter) this.waiter(null);
    else this.queue.push(null);
  }
}

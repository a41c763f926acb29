export type OutputStream = 'stdout' | 'stderr';

const FLUSH_AFTER_MS = 100;
const FLUSH_AT_CHARS = 8_192;

/**
 * Coalesces a process's many small pipe reads into a few chunks, so listeners (the activity log,
 * the webview) get one event per burst of output instead of one per read. Order across stdout and
 * stderr is kept: switching streams flushes what was pending.
 */
export class OutputBatcher {
  private pending: { stream: OutputStream; text: string } | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deliver: (stream: OutputStream, text: string) => void) {}

  push(stream: OutputStream, text: string): void {
    if (this.pending && this.pending.stream !== stream) this.flush();
    if (this.pending) this.pending.text += text;
    else this.pending = { stream, text };
    if (this.pending.text.length >= FLUSH_AT_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = null;
    if (pending) this.deliver(pending.stream, pending.text);
  }
}

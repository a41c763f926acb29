import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { ensureRunStateIgnored, runStateDir } from '../checkpoints';

/** A log grows to this size, then the next start moves it to `<name>.log.1` and begins afresh. */
const MAX_LOG_BYTES = 1_000_000;

/** Where the servers' logs go in CLI mode: `.kiro/.specwright/mcp-logs/` (git-ignored with the rest of run state). */
export function workspaceLogDir(workspace: string): string {
  return path.join(runStateDir(workspace), 'mcp-logs');
}

/** The log file of one server: its name made safe for a file name, with a hash when that changed it. */
export function serverLogFile(logDir: string, server: string): string {
  const safe = server.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return path.join(logDir, `${safe === server ? safe : `${safe}-${shortHash(server)}`}.log`);
}

/**
 * One server's stderr and lifecycle (starts, exits, restarts) appended to its log file. Writes are
 * buffered by the stream; nothing here ever throws into the server's own handling.
 */
export class ServerLog {
  private stream: WriteStream | null = null;
  private opening: Promise<void> | null = null;

  constructor(
    readonly file: string,
    private readonly workspace: string | null,
    /** Also given every write as it happens (an editor's output channel). */
    private readonly tee?: (text: string) => void,
  ) {}

  /** A line of our own, e.g. "started pid 123: npx -y server". */
  note(text: string): void {
    this.write(`[specwright ${new Date().toISOString()}] ${text}\n`);
  }

  write(text: string): void {
    try {
      this.tee?.(text);
    } catch {
      // A broken listener must not cost the log its line.
    }
    if (this.stream) {
      this.stream.write(text);
      return;
    }
    this.opening ??= this.open();
    void this.opening.then(() => this.stream?.write(text));
  }

  async close(): Promise<void> {
    await this.opening;
    const stream = this.stream;
    this.stream = null;
    this.opening = null;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }

  private async open(): Promise<void> {
    try {
      if (this.workspace) await ensureRunStateIgnored(this.workspace);
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      const size = await fs.stat(this.file).then((s) => s.size, () => 0);
      if (size > MAX_LOG_BYTES) await fs.rename(this.file, `${this.file}.1`);
      this.stream = createWriteStream(this.file, { flags: 'a', mode: 0o600 });
      this.stream.on('error', () => (this.stream = null));
    } catch {
      this.stream = null;
    }
  }
}

function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0').slice(0, 6);
}

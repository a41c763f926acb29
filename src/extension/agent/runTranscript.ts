import type { ActivityEvent } from '../../core/activity';
import { RunFigures } from './runFigures';

export interface EventPage {
  events: ActivityEvent[];
  hasOlder: boolean;
}

/** Reads a run log's events (the core's readRunLog, passed in so this stays free of the file system). */
export type LogReader = (file: string) => Promise<ActivityEvent[]>;

/** Most events kept in memory per run; older ones are paged from the run log when the panel asks. */
export const MAX_EVENTS_IN_MEMORY = 20_000;

/**
 * One run as the panel sees it: its events (the newest window in memory, everything in the run log),
 * the figures folded from them, and local notes the host adds (composer answers) that are not part
 * of the log.
 */
export class RunTranscript {
  private readonly window: ActivityEvent[] = [];
  readonly figures = new RunFigures();
  private readonly listeners = new Set<(event: ActivityEvent) => void>();

  constructor(
    /** The run log behind this transcript, for pages older than the in-memory window. */
    public logFile: string | null,
    private readonly readLog: LogReader,
    private readonly maxInMemory = MAX_EVENTS_IN_MEMORY,
  ) {}

  get runId(): string | null {
    return this.figures.runId;
  }

  get lastSeq(): number {
    return this.window.at(-1)?.seq ?? -1;
  }

  /** Events in memory, oldest first (a window onto the log for very long runs). */
  get events(): readonly ActivityEvent[] {
    return this.window;
  }

  onEvent(listener: (event: ActivityEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(event: ActivityEvent): void {
    this.window.push(event);
    if (this.window.length > this.maxInMemory) this.window.splice(0, this.window.length - this.maxInMemory);
    this.figures.add(event);
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Adds a note from the host (a composer question and its answer) after the last event. Only for a
   * run that no longer writes events: its seq would otherwise collide with the runner's next one.
   */
  addLocal(note: { type: 'user_message' | 'assistant_text'; text: string }, now = new Date()): ActivityEvent | null {
    const runId = this.runId;
    if (!runId) return null;
    const event: ActivityEvent = { type: note.type, text: note.text, runId, seq: this.lastSeq + 1, time: now.toISOString() };
    this.window.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** The newest `limit` events, and whether there are more before them. */
  newestPage(limit: number): EventPage {
    const events = this.window.slice(-limit);
    const first = events[0]?.seq ?? 0;
    return { events, hasOlder: first > 0 };
  }

  /** Up to `limit` events just before `beforeSeq`: from memory, else from the run log. */
  async olderPage(beforeSeq: number, limit: number): Promise<EventPage> {
    const inMemory = this.window.filter((e) => e.seq < beforeSeq);
    const windowStart = this.window[0]?.seq ?? 0;
    if (inMemory.length >= limit || windowStart === 0 || !this.logFile) {
      const events = inMemory.slice(-limit);
      return { events, hasOlder: (events[0]?.seq ?? 0) > 0 && (inMemory.length > limit || windowStart > 0) };
    }
    const logged = (await this.readLog(this.logFile)).filter((e) => e.seq < beforeSeq);
    const events = logged.slice(-limit);
    return { events, hasOlder: logged.length > limit };
  }
}

/** A transcript of a finished run, read from its log. */
export async function transcriptFromLog(file: string, readLog: LogReader, now = new Date()): Promise<RunTranscript> {
  const transcript = new RunTranscript(file, readLog);
  for (const event of await readLog(file)) transcript.add(event);
  transcript.figures.markEnded(now.toISOString());
  return transcript;
}

import type { ActivityEmitter, ActivityEvent, ActivityEventInput } from '../../core/activity';
// The stream itself, not the activity index: that one pulls in the zod schemas on activation.
// eslint-disable-next-line no-restricted-imports
import { ActivityStream } from '../../core/activity/stream';
import { RunTranscript, type LogReader } from '../agent/runTranscript';

/** Hook events kept in memory for the panel; older ones are paged from the hooks log. */
export const HOOKS_TRANSCRIPT_LIMIT = 2_000;
/** A hooks log holding this many events is closed at the next quiet moment, and a new one begun. */
export const HOOKS_LOG_ROTATE_EVENTS = 5_000;
/** Hooks logs kept per workspace folder (the newest); older ones are deleted. */
export const HOOKS_LOGS_KEPT = 10;

/** Where the Hooks transcript is written as it grows, and read back in a later session. */
export interface HookLogStore {
  /** The newest hooks log, with its events; null when there is none. */
  newest(): Promise<{ file: string; events: ActivityEvent[] } | null>;
  /** The file the log `logId` is written to. */
  fileFor(logId: string): string;
  /** Appends one event (synchronously, so a log is complete up to the last event written). */
  append(file: string, event: ActivityEvent): void;
  /** Deletes all but `keep` logs: `current` (the one being written) and the newest others. */
  prune(keep: number, current: string): Promise<void>;
  readLog: LogReader;
}

/**
 * Where the editor's hook runs are reported. While an agent run is attached (the run shares the
 * editor's dispatcher), into that run's own stream: they are logged with the run, numbered in its
 * sequence, and shown in order in its transcript. Otherwise into the "Hooks" transcript, which the
 * Agent Activity panel shows like a run. With a log store it is written to a hooks log as it grows,
 * and the next session continues the newest log, so hook runs outlive the panel and the window.
 */
export class HookActivity {
  private run: ActivityEmitter | null = null;
  private stream: ActivityStream | null = null;
  private hooksTranscript: RunTranscript | null = null;
  private store: HookLogStore | null = null;
  private restoring: Promise<void> = Promise.resolve();
  private running = 0;
  private stopRequested = false;
  private readonly openedListeners = new Set<(transcript: RunTranscript) => void>();

  constructor(
    private readonly now: () => Date = () => new Date(),
    /** Told when writing the hooks log fails (the transcript goes on in memory). */
    private readonly onLogError: (error: unknown) => void = () => {},
  ) {}

  /** The transcript of hook runs outside agent runs; null until a hook ran (or a log was restored). */
  get transcript(): RunTranscript | null {
    return this.hooksTranscript;
  }

  /** Called when hook runs begin a new Hooks transcript (the first hook of a session, or after a full log): a panel showing nothing can show it. */
  onTranscriptOpened(listener: (transcript: RunTranscript) => void): () => void {
    this.openedListeners.add(listener);
    return () => this.openedListeners.delete(listener);
  }

  /** True while an agent run is attached: hook events (usage included) go into its run log. */
  get inRun(): boolean {
    return this.run !== null;
  }

  /** Settles once the newest hooks log has been read back (see restore). */
  get ready(): Promise<void> {
    return this.restoring;
  }

  /**
   * Keeps the Hooks transcript in `store` from now on, and shows the newest log there as this
   * session's transcript, continued by the next hook runs. Does nothing once hooks have run in
   * this session (their transcript is the one to show).
   */
  restore(store: HookLogStore): Promise<void> {
    this.store = store;
    this.restoring = (async () => {
      const newest = await store.newest().catch((error: unknown) => (this.onLogError(error), null));
      if (this.stream || !newest?.events.length) return;
      const last = newest.events.at(-1)!;
      const transcript = this.newTranscript(newest.file);
      for (const event of newest.events) transcript.add(event);
      transcript.figures.status = 'done';
      transcript.figures.finishedAt = last.time;
      this.open(new ActivityStream(last.runId, last.seq + 1, this.now), transcript);
    })();
    return this.restoring;
  }

  /** Sends hook events to an agent run's stream (null: back to the Hooks transcript). */
  attachRun(stream: ActivityEmitter | null): void {
    this.run = stream;
  }

  /** Where an event reported now goes. */
  emitter(): ActivityEmitter {
    return this.run ?? this.ownStream();
  }

  emit(input: ActivityEventInput): ActivityEvent {
    if (!this.run && input.type === 'hook_started') this.rotateIfFull();
    const event = this.emitter().emit(input);
    if (!this.run) this.foldStatus(event);
    return event;
  }

  /** The person stopped the hook runs: the transcript reads "stopped" once they have ended. */
  markStopRequested(): void {
    if (this.running > 0) this.stopRequested = true;
  }

  private ownStream(): ActivityStream {
    if (this.stream) return this.stream;
    const runId = `hooks-${this.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
    const stream = new ActivityStream(runId, 0, this.now);
    const file = this.store?.fileFor(runId) ?? null;
    const transcript = this.newTranscript(file);
    this.open(stream, transcript);
    if (this.store && file) void this.store.prune(HOOKS_LOGS_KEPT, file).catch(this.onLogError);
    for (const listener of this.openedListeners) listener(transcript);
    return stream;
  }

  private newTranscript(logFile: string | null): RunTranscript {
    const transcript = new RunTranscript(logFile, this.store?.readLog ?? (async () => []), HOOKS_TRANSCRIPT_LIMIT);
    transcript.figures.title = 'Hooks';
    transcript.figures.kind = 'hooks';
    return transcript;
  }

  private open(stream: ActivityStream, transcript: RunTranscript): void {
    const store = this.store;
    const file = transcript.logFile;
    stream.subscribe((event) => {
      if (store && file) {
        try {
          store.append(file, event);
        } catch (error) {
          this.onLogError(error);
        }
      }
      transcript.add(event);
    });
    this.stream = stream;
    this.hooksTranscript = transcript;
  }

  /** A full log is closed between hook runs, so no run is split across two logs. */
  private rotateIfFull(): void {
    const last = this.hooksTranscript?.lastSeq ?? -1;
    if (this.stream && this.running === 0 && last + 1 >= HOOKS_LOG_ROTATE_EVENTS) this.stream = null;
  }

  /** The Hooks transcript reads as running while a hook runs, and as done (or stopped) between runs. */
  private foldStatus(event: ActivityEvent): void {
    const figures = this.hooksTranscript?.figures;
    if (!figures) return;
    if (event.type === 'hook_started') {
      this.running++;
      figures.status = 'running';
      figures.finishedAt = null;
    } else if (event.type === 'hook_finished') {
      this.running = Math.max(0, this.running - 1);
      if (this.running === 0) {
        figures.status = this.stopRequested ? 'stopped' : 'done';
        figures.finishedAt = event.time;
        this.stopRequested = false;
      }
    }
  }
}

/** Of two transcripts, the one with the later last event (the panel opens on what happened last). */
export function newerTranscript(a: RunTranscript | null, b: RunTranscript | null): RunTranscript | null {
  if (!a || !b) return a ?? b;
  const last = (t: RunTranscript) => t.events.at(-1)?.time ?? '';
  return last(b) > last(a) ? b : a;
}

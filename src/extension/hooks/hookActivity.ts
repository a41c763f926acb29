import type { ActivityEmitter, ActivityEvent, ActivityEventInput } from '../../core/activity';
// The stream itself, not the activity index: that one pulls in the zod schemas on activation.
import { ActivityStream } from '../../core/activity/stream';
import { RunTranscript } from '../agent/runTranscript';

/** Hook events kept for the panel when no agent run is there to hold them. */
export const HOOKS_TRANSCRIPT_LIMIT = 2_000;

/**
 * Where the editor's hook runs are reported. While an agent run is attached (the run shares the
 * editor's dispatcher), into that run's own stream: they are logged with the run, numbered in its
 * sequence, and shown in order in its transcript. Otherwise into a "Hooks" transcript of this
 * session (created on the first hook event), which the Agent Activity panel can show like a run.
 */
export class HookActivity {
  private run: ActivityEmitter | null = null;
  private stream: ActivityStream | null = null;
  private hooksTranscript: RunTranscript | null = null;
  private running = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The transcript of hook runs outside agent runs; null until a hook ran outside one. */
  get transcript(): RunTranscript | null {
    return this.hooksTranscript;
  }

  /** True while an agent run is attached: hook events (usage included) go into its run log. */
  get inRun(): boolean {
    return this.run !== null;
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
    const event = this.emitter().emit(input);
    if (!this.run) this.foldStatus(event);
    return event;
  }

  private ownStream(): ActivityStream {
    if (this.stream) return this.stream;
    const stream = new ActivityStream(`hooks-${this.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`, 0, this.now);
    const transcript = new RunTranscript(null, async () => [], HOOKS_TRANSCRIPT_LIMIT);
    transcript.figures.title = 'Hooks';
    stream.subscribe((event) => transcript.add(event));
    this.stream = stream;
    this.hooksTranscript = transcript;
    return stream;
  }

  /** The Hooks transcript reads as running while a hook runs, and as done between runs. */
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
        figures.status = 'done';
        figures.finishedAt = event.time;
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

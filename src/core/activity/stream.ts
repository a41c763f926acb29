import type { ActivityEvent, ActivityEventInput } from './events';

export type ActivityListener = (event: ActivityEvent) => void;

/** What producers of events need: a run to belong to and a way to emit. */
export interface ActivityEmitter {
  readonly runId: string;
  emit(input: ActivityEventInput): ActivityEvent;
}

/** Stamps events with run id, sequence number and time, and fans them out to listeners in order. */
export class ActivityStream implements ActivityEmitter {
  private seq = 0;
  private readonly listeners = new Set<ActivityListener>();

  constructor(readonly runId: string, startSeq = 0, private readonly now: () => Date = () => new Date()) {
    this.seq = startSeq;
  }

  subscribe(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An emitter whose events fold under `parentId` (a sub-agent's or a hook's steps), sharing this run's sequence. */
  child(parentId: string): ActivityEmitter {
    return { runId: this.runId, emit: (input) => this.emit({ ...input, parentId }) };
  }

  emit(input: ActivityEventInput): ActivityEvent {
    const event = { ...input, runId: this.runId, seq: this.seq++, time: this.now().toISOString() } as ActivityEvent;
    for (const listener of this.listeners) listener(event);
    return event;
  }
}

import type { ActivityEvent, ActivityEventInput } from './events';

export type ActivityListener = (event: ActivityEvent) => void;

/** Stamps events with run id, sequence number and time, and fans them out to listeners in order. */
export class ActivityStream {
  private seq = 0;
  private readonly listeners = new Set<ActivityListener>();

  constructor(readonly runId: string, startSeq = 0, private readonly now: () => Date = () => new Date()) {
    this.seq = startSeq;
  }

  subscribe(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(input: ActivityEventInput): ActivityEvent {
    const event = { ...input, runId: this.runId, seq: this.seq++, time: this.now().toISOString() } as ActivityEvent;
    for (const listener of this.listeners) listener(event);
    return event;
  }
}

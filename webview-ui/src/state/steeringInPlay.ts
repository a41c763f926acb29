import type { ActivityEvent } from '../../../src/core/activity';

/** A steering document (or skill) the agent was given during the run, as its first inclusion said. */
export interface SteeringInPlay {
  name: string;
  source: string;
  inclusion: string;
  reason: string;
}

/**
 * The documents in play after `events`: each once (by source), in the order they first joined, with
 * the reason they first joined for. Every task of a run starts its own steering, so `always`
 * documents are included again per task; they still count once. Returns `known` itself when nothing
 * new joined, so an unchanged list does not re-render the header.
 */
export function withSteering(known: readonly SteeringInPlay[], events: readonly ActivityEvent[]): readonly SteeringInPlay[] {
  let result: SteeringInPlay[] | null = null;
  const seen = new Set(known.map((s) => s.source));
  for (const event of events) {
    if (event.type !== 'steering_included' || seen.has(event.source)) continue;
    seen.add(event.source);
    result ??= known.slice();
    result.push({ name: event.name, source: event.source, inclusion: event.inclusion, reason: event.reason });
  }
  return result ?? known;
}

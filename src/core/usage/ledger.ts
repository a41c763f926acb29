import { appendFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { StepUsage } from '../activity';
import type { UsageRecord, UsageSource } from './records';

/** The ledger's file in a state folder (`.kiro/.specwright/` in CLI mode, the extension's storage folder otherwise). */
export const USAGE_LEDGER_FILE = 'usage.jsonl';

/**
 * Model calls made outside agent runs (spec phases, commit messages, hook drafts, agent hooks that
 * fire outside a run), one JSON line each, appended. Agent runs are not written here: their run
 * logs already hold a `usage` event per step, and the ledger is read together with them.
 */
export class UsageLedger {
  readonly file: string;

  constructor(stateDir: string) {
    this.file = path.join(stateDir, USAGE_LEDGER_FILE);
  }

  /** One synchronous append, so a call is on record even if the process is killed right after. */
  append(record: UsageRecord): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const { time, source, model, spec, task, hook, usage } = record;
    appendFileSync(this.file, JSON.stringify({ v: 1, time, source, model, spec, task, hook, usage }) + '\n');
  }
}

/** What a metered call is for. */
export interface UsageAttribution {
  source: UsageSource;
  spec?: string;
  task?: { id: string; title: string };
  hook?: string;
}

/** Anything with a model name and turns that report usage: the model provider, the agent's TurnModel. */
interface MeterableModel {
  readonly model: string;
  createTurn(...args: never[]): Promise<{ usage: StepUsage }>;
}

/**
 * The same model, with every successful turn written to the ledger. A turn that fails is not: the
 * API reports no usage for it. Recording never fails the call (a full disk loses the line, not the answer).
 */
export function meteredModel<M extends MeterableModel>(model: M, ledger: UsageLedger, attribution: UsageAttribution, now: () => Date = () => new Date()): M {
  const createTurn = async (...args: never[]) => {
    const turn = await model.createTurn(...args);
    try {
      ledger.append({
        time: now().toISOString(),
        source: attribution.source,
        model: model.model,
        spec: attribution.spec ?? null,
        task: attribution.task ?? null,
        hook: attribution.hook ?? null,
        runId: null,
        usage: turn.usage,
      });
    } catch {
      // The answer matters more than its line in the ledger.
    }
    return turn;
  };
  return new Proxy(model, { get: (target, key, receiver) => (key === 'createTurn' ? createTurn : Reflect.get(target, key, receiver)) });
}

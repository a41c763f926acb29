import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeAtomically } from './shadowRepository';

/** Git's object id for a file with this content, so a recorded write compares directly with snapshot trees. */
export function gitBlobId(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

/** Blob id the agent (or Specwright itself) last wrote per path (null: deleted it). */
export type AgentWrites = Record<string, string | null>;

export interface Baseline {
  /** Tree of the last workspace state the store knew: the newest checkpoint, a restore's result, or an agent step. */
  tree: string;
  /** What the agent wrote since. */
  writes: AgentWrites;
}

/**
 * The store's memory of what the agent did, on disk so a restore from a later process (the CLI after
 * a run) still tells the agent's edits from the user's. A plain file rather than a ref: it changes on
 * every agent write, and needs no git process.
 */
export class BaselineState {
  constructor(private readonly stateDir: string) {}

  private get file(): string {
    return path.join(this.stateDir, 'baseline.json');
  }

  async read(): Promise<Baseline | null> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as Partial<Baseline>;
      if (typeof parsed.tree !== 'string' || !parsed.writes || typeof parsed.writes !== 'object') return null;
      return { tree: parsed.tree, writes: parsed.writes };
    } catch {
      return null;
    }
  }

  /** Starts over from a new known state: every earlier write is part of it now. */
  async reset(tree: string): Promise<void> {
    await this.save({ tree, writes: {} });
  }

  async recordWrite(file: string, blob: string | null): Promise<void> {
    const baseline = await this.read();
    if (!baseline) return; // No checkpoint yet: there is nothing a restore could undo.
    baseline.writes[file] = blob;
    await this.save(baseline);
  }

  private async save(baseline: Baseline): Promise<void> {
    await fs.mkdir(this.stateDir, { recursive: true });
    await writeAtomically(this.file, JSON.stringify(baseline) + '\n');
  }
}

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { FileChangedOnDiskError, writeFileAtomic, type OwnWriteRecorder } from '../fs';
import { formatPath } from '../settings';
import { WorkflowStateError } from './errors';
import { PHASES, SPEC_FLOWS, SPEC_TYPES } from './phases';

/** Specwright's own bookkeeping, kept out of the spec folder so Kiro reads the spec files untouched. */
export const STATE_FOLDER = path.join('.kiro', '.specwright');
const SPEC_STATE_FOLDER = path.join(STATE_FOLDER, 'specs');

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');

const phaseStateSchema = z.object({
  status: z.enum(['draft', 'approved']),
  /**
   * Hash of the text Specwright last wrote to the phase's file; null when the file was there before
   * Specwright tracked the spec (written by hand or by Kiro), so it counts as the user's own.
   */
  generatedHash: sha256.nullable(),
  generatedAt: z.string().optional(),
  approvedAt: z.string().optional(),
  /** Hashes of the earlier phases' files this phase was written from: how staleness is noticed. */
  basedOn: z.partialRecord(z.enum(PHASES), sha256).default({}),
});

export const specStateSchema = z.object({
  version: z.literal(1),
  type: z.enum(SPEC_TYPES),
  flow: z.enum(SPEC_FLOWS),
  /** The idea the spec was started from; needed to regenerate its first phase. */
  idea: z.string().optional(),
  phases: z.partialRecord(z.enum(PHASES), phaseStateSchema).default({}),
});

export type PhaseState = z.output<typeof phaseStateSchema>;
export type SpecState = z.output<typeof specStateSchema>;

export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `.kiro/.specwright/specs/<name>.json`, relative to the workspace. */
export function stateFilePath(name: string): string {
  return path.join(SPEC_STATE_FOLDER, `${name}.json`);
}

/** The spec's approval state, or null when Specwright has not tracked it yet. */
export async function readSpecState(workspace: string, name: string): Promise<SpecState | null> {
  const relative = stateFilePath(name);
  let text: string;
  try {
    text = await fs.readFile(path.join(workspace, relative), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WorkflowStateError(relative, `cannot be read (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new WorkflowStateError(relative, `is not valid JSON (${(error as Error).message})`);
  }
  const parsed = specStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new WorkflowStateError(relative, `${formatPath(issue.path) || 'the file'}: ${issue.message}`);
  }
  return parsed.data;
}

export async function writeSpecState(workspace: string, name: string, state: SpecState, ownWrites?: OwnWriteRecorder): Promise<void> {
  await ensureStateFolder(workspace, ownWrites);
  const file = path.join(workspace, stateFilePath(name));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(specStateSchema.parse(state), null, 2) + '\n', ownWrites ? { ownWrites } : {});
}

/** Creates `.kiro/.specwright/` with a `.gitignore` of `*`, so the state never lands in the user's commits. */
export async function ensureStateFolder(workspace: string, ownWrites?: OwnWriteRecorder): Promise<void> {
  const folder = path.join(workspace, STATE_FOLDER);
  await fs.mkdir(folder, { recursive: true });
  try {
    await writeFileAtomic(path.join(folder, '.gitignore'), '*\n', { expectedContent: null, ...(ownWrites ? { ownWrites } : {}) });
  } catch (error) {
    // Already there (perhaps edited by the user on purpose): leave it alone.
    if (!(error instanceof FileChangedOnDiskError)) throw error;
  }
}

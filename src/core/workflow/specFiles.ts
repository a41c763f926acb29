import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SPECS_FOLDER } from '../spec';
import { writeFileAtomic, type OwnWriteRecorder } from '../fs';
import type { PhaseTexts } from './phaseLint';
import { PHASES, phaseFileName, type PhaseName } from './phases';

/**
 * The spec folder as plain text per phase. The spec engine's loadSpec parses and insists the folder
 * exists; the workflow needs the raw text (to hash and to send verbatim) and must cope with a spec
 * that does not exist yet, so it reads the files itself.
 */
export function specFolder(workspace: string, name: string): string {
  return path.join(workspace, SPECS_FOLDER, name);
}

/** `.kiro/specs/<name>/<file>` with forward slashes, for messages. */
export function specFileLabel(name: string, phase: PhaseName): string {
  return `.kiro/specs/${name}/${phaseFileName(phase)}`;
}

export async function readPhaseTexts(workspace: string, name: string): Promise<PhaseTexts> {
  const texts: PhaseTexts = {};
  for (const phase of PHASES) {
    try {
      texts[phase] = await fs.readFile(path.join(specFolder(workspace, name), phaseFileName(phase)), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw error;
    }
  }
  return texts;
}

/**
 * Writes a phase file atomically, refusing (FileChangedOnDiskError) if the file no longer holds
 * `expected` (null: must not exist), so an edit made while the model was writing is never lost.
 * The write is Specwright's own: recorded with `ownWrites` for checkpoint restores.
 */
export async function writePhaseFile(workspace: string, name: string, phase: PhaseName, text: string, expected: string | null, ownWrites?: OwnWriteRecorder): Promise<string> {
  const file = path.join(specFolder(workspace, name), phaseFileName(phase));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, text, { expectedContent: expected, ...(ownWrites ? { ownWrites } : {}) });
  return file;
}

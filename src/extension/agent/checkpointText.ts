import { applyPatch, parsePatch, reversePatch } from 'diff';

/**
 * A file's text at a checkpoint, rebuilt from its text now and the checkpoint → now patch that
 * CheckpointStore.diff returns (undoing the patch). Null when that cannot be done exactly: a binary
 * file, a patch the store cut short, or one that no longer fits the file.
 */
export function textAtCheckpoint(current: string | null, patch: { patch: string; binary: boolean; change: 'added' | 'deleted' | 'modified' }): string | null {
  if (patch.change === 'added') return null;
  if (patch.binary || /\n… \(diff truncated at \d+ characters\)\n?$/.test(patch.patch)) return null;
  const parsed = parsePatch(patch.patch);
  if (parsed.length !== 1) return null;
  const undone = applyPatch(current ?? '', reversePatch(parsed[0]!));
  return typeof undone === 'string' ? undone : null;
}

import type { ShadowRepository } from './shadowRepository';
import type { FileChange, FileDiff } from './types';

/** Git's id for the empty tree: the "previous checkpoint" of the first one. */
export const emptyTree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

const missingBlob = /^0+$/;

/** One path that differs between two trees, with both sides (null where the path is absent). */
export interface TreeChange {
  path: string;
  before: { mode: string; blob: string } | null;
  after: { mode: string; blob: string } | null;
}

/** Every file that differs between two trees (renames reported as delete + add, so paths stay literal). */
export async function diffTrees(repo: ShadowRepository, from: string, to: string): Promise<TreeChange[]> {
  if (from === to) return [];
  const out = await repo.run(['diff-tree', '-r', '-z', '--no-renames', '--no-ext-diff', from, to]);
  const fields = out.split('\0');
  const changes: TreeChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const header = fields[i]!;
    const file = fields[i + 1]!;
    if (!header.startsWith(':')) continue;
    const [srcMode, dstMode, srcBlob, dstBlob] = header.slice(1).split(' ');
    changes.push({
      path: file,
      before: srcMode && srcBlob && !missingBlob.test(srcMode) ? { mode: srcMode, blob: srcBlob } : null,
      after: dstMode && dstBlob && !missingBlob.test(dstMode) ? { mode: dstMode, blob: dstBlob } : null,
    });
  }
  return changes;
}

/** How many files differ between `tree` and the shadow index (which holds the snapshot being taken). */
export async function countIndexChanges(repo: ShadowRepository, tree: string): Promise<number> {
  const out = await repo.run(['diff-index', '--cached', '-r', '-z', '--no-renames', '--name-only', tree]);
  return out.split('\0').filter((p) => p.length > 0).length;
}

/** Largest patch kept per file: diffs are for reading, and a generated file can be megabytes. */
const maxPatchChars = 256_000;

/** Per-file unified diffs from one tree to another. */
export async function fileDiffs(repo: ShadowRepository, from: string, to: string): Promise<FileDiff[]> {
  const changes = await diffTrees(repo, from, to);
  if (changes.length === 0) return [];
  const patch = await repo.run(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', from, to]);
  const sections = new Map<string, string>();
  for (const section of splitPatch(patch)) {
    const file = pathOfSection(section);
    // A type change (file ↔ symlink) comes as two sections for one path.
    if (file !== null) sections.set(file, (sections.get(file) ?? '') + section);
  }
  return changes.map((c) => {
    const text = sections.get(c.path) ?? '';
    return {
      path: c.path,
      change: changeOf(c),
      binary: /^Binary files .* differ$/m.test(text),
      patch: text.length > maxPatchChars ? `${text.slice(0, maxPatchChars)}\n… (diff truncated at ${maxPatchChars} characters)\n` : text,
    };
  });
}

function changeOf(c: TreeChange): FileChange {
  if (!c.before) return 'added';
  if (!c.after) return 'deleted';
  return 'modified';
}

function splitPatch(patch: string): string[] {
  const starts: number[] = [];
  const re = /^diff --git /gm;
  for (let m = re.exec(patch); m; m = re.exec(patch)) starts.push(m.index);
  return starts.map((start, i) => patch.slice(start, starts[i + 1] ?? patch.length));
}

/** Without renames both sides name the same path, so the header is "diff --git " + a/P + " " + b/P. */
function pathOfSection(section: string): string | null {
  const header = section.slice('diff --git '.length, section.indexOf('\n') === -1 ? undefined : section.indexOf('\n'));
  const half = header.slice(0, (header.length - 1) / 2);
  const side = half.startsWith('"') ? unquoteC(half) : half;
  return side.startsWith('a/') ? side.slice(2) : null;
}

/** Undoes git's C-style quoting of unusual path names ("a/tab\there", octal UTF-8 bytes). */
function unquoteC(quoted: string): string {
  const body = quoted.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

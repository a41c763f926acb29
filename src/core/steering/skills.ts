import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { splitFrontMatter } from './frontMatter';
import type { Skill, SteeringWarning } from './types';

/**
 * Agent Skills in the open `SKILL.md` format: `.kiro/skills/<name>/SKILL.md` in the workspace and
 * `~/.kiro/skills/<name>/SKILL.md` for the user (the workspace's wins on a name clash). A skill
 * without a readable name or description is still listed (under its folder's name), with a warning.
 */
export async function loadSkills(workspace: string, home: string | null, warnings: SteeringWarning[]): Promise<Skill[]> {
  const own = await readSkillsFolder(path.join(workspace, '.kiro', 'skills'), '.kiro/skills', 'workspace', warnings);
  const user = home ? await readSkillsFolder(path.join(home, '.kiro', 'skills'), '~/.kiro/skills', 'user', warnings) : [];
  const taken = new Set(own.map((s) => s.name.toLowerCase()));
  return [...user.filter((s) => !taken.has(s.name.toLowerCase())), ...own];
}

async function readSkillsFolder(dir: string, shown: string, scope: Skill['scope'], warnings: SteeringWarning[]): Promise<Skill[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const skills: Skill[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const folder = path.join(dir, entry.name);
    const fileName = await skillFileName(folder);
    if (!fileName) continue;
    const source = `${shown}/${entry.name}/${fileName}`;
    const text = await fs.readFile(path.join(folder, fileName), 'utf8').catch(() => null);
    if (text === null) {
      warnings.push({ file: source, message: 'could not be read; the skill is left out until it can be.' });
      continue;
    }
    const split = splitFrontMatter(text);
    const meta = split.meta ?? {};
    if (split.error) warnings.push({ file: source, message: `${split.error}; the skill is listed under its folder name "${entry.name}".`, line: 1 });
    let name = typeof meta.name === 'string' && meta.name.trim() ? meta.name.trim() : entry.name;
    if (!split.error && name === entry.name && meta.name === undefined) warnings.push({ file: source, message: `a skill needs a name in its front matter; it is listed as "${entry.name}".`, line: 1 });
    name = name.replace(/\s+/g, '-');
    let description = typeof meta.description === 'string' ? meta.description.trim() : '';
    if (!description) {
      warnings.push({ file: source, message: 'a skill needs a description in its front matter (what it does and when to use it); the agent sees only its name until then.', line: 1 });
      description = '(no description)';
    }
    skills.push({ name, description, source, absolutePath: path.join(folder, fileName), folder, scope, body: split.body });
  }
  return skills;
}

/** `SKILL.md`, however its case is written. */
async function skillFileName(folder: string): Promise<string | null> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  return names.find((n) => n === 'SKILL.md') ?? names.find((n) => n.toLowerCase() === 'skill.md') ?? null;
}

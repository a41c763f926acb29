import type { FieldReader } from './fieldReaders';
import type { PathRules, ShellRules, SubagentRules, ToolsSettings } from './types';

export const EMPTY_TOOLS_SETTINGS: ToolsSettings = {
  read: { allowedPaths: [], deniedPaths: [] },
  write: { allowedPaths: [], deniedPaths: [] },
  shell: { allowedCommands: [], deniedCommands: [], denyByDefault: false },
  subagent: { availableAgents: [], trustedAgents: [] },
};

/** Each section under every name Kiro has used for its tool. */
const SECTIONS: Record<string, keyof ToolsSettings> = {
  read: 'read',
  fs_read: 'read',
  write: 'write',
  fs_write: 'write',
  shell: 'shell',
  execute_bash: 'shell',
  execute_cmd: 'shell',
  subagent: 'subagent',
  use_subagent: 'subagent',
};

/**
 * `toolsSettings`: read and write paths, shell command regexes, which sub-agents may be used and
 * which run without asking. Sections for tools Specwright does not have (`aws`, `web_fetch`…) are
 * reported and left out; a section that is not an object, or a regex that does not compile, is an
 * error naming the field.
 */
export function readToolsSettings(value: unknown, read: FieldReader): ToolsSettings {
  const raw = read.record(value, 'toolsSettings');
  const settings: ToolsSettings = structuredClone(EMPTY_TOOLS_SETTINGS);
  if (!raw) return settings;
  for (const [key, section] of Object.entries(raw)) {
    const field = `toolsSettings.${key}`;
    const kind = SECTIONS[key];
    if (!kind) {
      read.warn(field, `Specwright has no ${key} tool; these settings are not used`);
      continue;
    }
    const fields = read.record(section, field) ?? {};
    if (kind === 'read' || kind === 'write') settings[kind] = mergePaths(settings[kind], readPaths(fields, field, read));
    else if (kind === 'shell') settings.shell = mergeShell(settings.shell, readShell(fields, field, read));
    else settings.subagent = mergeSubagent(settings.subagent, readSubagent(fields, field, read));
  }
  return settings;
}

function readPaths(fields: Record<string, unknown>, field: string, read: FieldReader): PathRules {
  unknownKeys(fields, ['allowedPaths', 'deniedPaths'], field, read);
  return { allowedPaths: read.list(fields.allowedPaths, `${field}.allowedPaths`) ?? [], deniedPaths: read.list(fields.deniedPaths, `${field}.deniedPaths`) ?? [] };
}

function readShell(fields: Record<string, unknown>, field: string, read: FieldReader): ShellRules {
  unknownKeys(fields, ['allowedCommands', 'deniedCommands', 'denyByDefault', 'autoAllowReadonly'], field, read);
  if (fields.autoAllowReadonly !== undefined) {
    read.warn(`${field}.autoAllowReadonly`, 'not used: the policy already runs commands it reads as read-only without asking, except at cautious autonomy');
  }
  return {
    allowedCommands: read.regexes(fields.allowedCommands, `${field}.allowedCommands`),
    deniedCommands: read.regexes(fields.deniedCommands, `${field}.deniedCommands`),
    denyByDefault: read.boolean(fields.denyByDefault, `${field}.denyByDefault`) ?? false,
  };
}

function readSubagent(fields: Record<string, unknown>, field: string, read: FieldReader): SubagentRules {
  // `allowedAgents` is what an earlier Kiro release called trustedAgents.
  unknownKeys(fields, ['availableAgents', 'trustedAgents', 'allowedAgents'], field, read);
  return {
    availableAgents: read.list(fields.availableAgents, `${field}.availableAgents`) ?? [],
    trustedAgents: [...(read.list(fields.trustedAgents, `${field}.trustedAgents`) ?? []), ...(read.list(fields.allowedAgents, `${field}.allowedAgents`) ?? [])],
  };
}

function unknownKeys(fields: Record<string, unknown>, known: string[], field: string, read: FieldReader): void {
  for (const key of Object.keys(fields)) if (!known.includes(key)) read.warn(`${field}.${key}`, 'unknown setting, ignored');
}

function mergePaths(a: PathRules, b: PathRules): PathRules {
  return { allowedPaths: [...a.allowedPaths, ...b.allowedPaths], deniedPaths: [...a.deniedPaths, ...b.deniedPaths] };
}

function mergeShell(a: ShellRules, b: ShellRules): ShellRules {
  return { allowedCommands: [...a.allowedCommands, ...b.allowedCommands], deniedCommands: [...a.deniedCommands, ...b.deniedCommands], denyByDefault: a.denyByDefault || b.denyByDefault };
}

function mergeSubagent(a: SubagentRules, b: SubagentRules): SubagentRules {
  return { availableAgents: [...a.availableAgents, ...b.availableAgents], trustedAgents: [...a.trustedAgents, ...b.trustedAgents] };
}

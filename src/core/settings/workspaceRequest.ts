import { settingsSchema, type Settings } from './schema';
import { requestHash, type LooseningItem } from './workspaceConsent';

/** One settings source after reading: its name for messages, and its values as nested objects. */
export interface SettingsLayer {
  file: string;
  values: Record<string, unknown>;
}

/** Lists that add up across layers: a workspace adds entries to the user's, never removes them. */
const UNION_LISTS = [
  'agent.allowedCommands',
  'agent.forbiddenCommands',
  'agent.askCommands',
  'kiroAgent.trustedCommands',
  'kiroAgent.commandDenylist',
  'sandbox.network.allowedDomains',
];

/** Later layers win, except that the lists above are joined. */
export function mergeLayers(layers: readonly SettingsLayer[]): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const layer of layers) merged = mergeInto(merged, layer.values, []);
  return merged;
}

function mergeInto(base: Record<string, unknown>, over: Record<string, unknown>, at: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const here = [...at, key];
    const existing = result[key];
    if (isRecord(existing) && isRecord(value)) result[key] = mergeInto(existing, value, here);
    else if (Array.isArray(existing) && Array.isArray(value) && UNION_LISTS.includes(here.join('.'))) result[key] = [...new Set([...existing, ...value])];
    else define(result, key, value);
  }
  return result;
}

const LEVELS = ['cautious', 'balanced', 'full'];
/** Modes by how little they ask: interactive reviews writes and commands, supervised writes. */
const MODES = ['interactive', 'supervised', 'autonomous'];

const LISTS: Array<{ field: string; what: string }> = [
  { field: 'agent.allowedCommands', what: 'run these commands without asking' },
  { field: 'kiroAgent.trustedCommands', what: 'trust these commands (run without asking)' },
];

const BUDGETS: Array<{ key: 'maxTokens' | 'maxCostUsd' | 'maxCostUsdPerRun' | 'maxCostUsdPerDay'; what: string }> = [
  { key: 'maxTokens', what: 'tokens per task up to' },
  { key: 'maxCostUsd', what: 'cost per task up to' },
  { key: 'maxCostUsdPerRun', what: 'cost per run up to' },
  { key: 'maxCostUsdPerDay', what: 'cost per day up to' },
];

interface Loosening extends LooseningItem {
  /** Puts the user's own value back into the merged settings. */
  revert(merged: Record<string, unknown>): void;
}

/**
 * What the workspace layers ask for that would make Specwright ask less than the user's own layers
 * (with Specwright's defaults under them) do. Settings that make it ask more are not listed: they
 * apply at once.
 */
export function looseningsOf(userLayers: readonly SettingsLayer[], workspaceLayers: readonly SettingsLayer[]): Loosening[] {
  const userRaw = mergeLayers(userLayers);
  const base: Settings = settingsSchema.safeParse(userRaw).data ?? settingsSchema.parse({});
  const found: Loosening[] = [];
  for (const layer of workspaceLayers) {
    const ws = layer.values;
    const put = (field: string, summary: string, value: unknown, userValue: unknown) =>
      found.push({ field, file: layer.file, summary, value, revert: (merged) => setPath(merged, field, userValue) });

    const level = getPath(ws, 'agent.autonomyLevel');
    if (typeof level === 'string' && LEVELS.indexOf(level) > LEVELS.indexOf(base.agent.autonomyLevel)) {
      put('agent.autonomyLevel', `autonomy level ${level} (yours: ${base.agent.autonomyLevel})`, level, base.agent.autonomyLevel);
    }
    const mode = getPath(ws, 'agent.mode');
    if (typeof mode === 'string' && MODES.indexOf(mode) > MODES.indexOf(base.agent.mode)) {
      put('agent.mode', `${mode} mode (yours: ${base.agent.mode})`, mode, base.agent.mode);
    }
    for (const { field, what } of LISTS) {
      const asked = getPath(ws, field);
      if (!Array.isArray(asked)) continue;
      const mine = getPath(userRaw, field);
      const own = Array.isArray(mine) ? mine : [];
      const extra = asked.filter((entry) => !own.includes(entry));
      if (extra.length) put(field, `${what}: ${extra.map((e) => JSON.stringify(e)).join(', ')}`, extra, Array.isArray(mine) ? mine : undefined);
    }
    if (getPath(ws, 'agent.requireApprovalForNewFiles') === false && base.agent.requireApprovalForNewFiles) {
      put('agent.requireApprovalForNewFiles', 'create files without asking (yours: ask first)', false, true);
    }
    const edits = getPath(ws, 'agent.maxFileEditsPerTask');
    if (typeof edits === 'number' && edits > base.agent.maxFileEditsPerTask) {
      put('agent.maxFileEditsPerTask', `up to ${edits} file edits per task before asking (yours: ${base.agent.maxFileEditsPerTask})`, edits, base.agent.maxFileEditsPerTask);
    }
    // A limit the user set on what runs may spend: a repository may lower it, not raise it.
    for (const { key, what } of BUDGETS) {
      const asked = getPath(ws, `agent.budget.${key}`);
      const mine = base.agent.budget[key];
      if (typeof asked === 'number' && mine !== undefined && asked > mine) {
        put(`agent.budget.${key}`, `${what} ${key === 'maxTokens' ? asked.toLocaleString('en-US') : `$${asked}`} (yours: ${key === 'maxTokens' ? mine.toLocaleString('en-US') : `$${mine}`})`, asked, mine);
      }
    }
    const verify = getPath(ws, 'agent.verifyCommand');
    if (typeof verify === 'string' && verify.trim() && verify.trim() !== base.agent.verifyCommand) {
      put('agent.verifyCommand', `run ${JSON.stringify(verify.trim())} after each task to check it`, verify.trim(), base.agent.verifyCommand);
    }
    const endpoint = getPath(ws, 'model.baseUrl');
    if (typeof endpoint === 'string' && endpoint !== base.model.baseUrl) {
      put('model.baseUrl', `send your API key and the code it reads to ${endpoint}`, endpoint, base.model.baseUrl);
    }
  }
  return found;
}

export function hashOf(items: readonly LooseningItem[]): string {
  return requestHash(items);
}

export function getPath(object: Record<string, unknown>, field: string): unknown {
  let value: unknown = object;
  for (const segment of field.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[segment];
  }
  return value;
}

/** Sets (or, for undefined, removes) a dotted field, copying the objects on the way. */
function setPath(object: Record<string, unknown>, field: string, value: unknown): void {
  const segments = field.split('.');
  let target = object;
  for (const segment of segments.slice(0, -1)) {
    const next = target[segment];
    if (!isRecord(next)) {
      if (value === undefined) return;
      define(target, segment, {});
    } else {
      define(target, segment, { ...next });
    }
    target = target[segment] as Record<string, unknown>;
  }
  const leaf = segments[segments.length - 1]!;
  if (value === undefined) delete target[leaf];
  else define(target, leaf, value);
}

function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

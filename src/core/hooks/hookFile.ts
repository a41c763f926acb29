import * as path from 'node:path';
import { z } from 'zod';
import { JsonSyntaxError, formatPath, parseJsonc } from '../settings';
import { HOOK_TRIGGERS, type Hook, type HookAction, type HookMatcher, type HookTrigger } from './model';
import { likelyMeant } from './spellings';

/** Seconds a hook's action may run when its file says nothing (Kiro's default). */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 60;

/**
 * Accepts any capitalisation and a few aliases seen in the wild (`fileSaved`, `manual`), so that a
 * file Kiro accepts is not refused here over spelling; errors list the canonical names.
 */
function lenientEnum<const T extends readonly [string, ...string[]]>(values: T, aliases: Record<string, T[number]> = {}) {
  const byLowerCase = new Map<string, T[number]>(values.map((v) => [v.toLowerCase(), v]));
  for (const [alias, value] of Object.entries(aliases)) byLowerCase.set(alias.toLowerCase(), value);
  return z.preprocess((value) => (typeof value === 'string' ? byLowerCase.get(value.trim().toLowerCase()) ?? value : value), z.enum(values));
}

const nonEmpty = z.string().trim().min(1);
const regexSource = z.string().refine(isValidRegex, { message: 'is not a valid regular expression' });
const timeoutSeconds = z.number().min(0);
const changeSource = lenientEnum(['user', 'agent', 'both']).default('both');

// PreTaskExec / PostTaskExec and agentSpawn are Kiro CLI's names for the same events.
const v1Trigger = lenientEnum(HOOK_TRIGGERS, {
  userTriggered: 'Manual',
  agentStop: 'Stop',
  promptSubmit: 'UserPromptSubmit',
  PreTaskExec: 'PreTaskExecution',
  PostTaskExec: 'PostTaskExecution',
  agentSpawn: 'SessionStart',
});
/** Globs on the workspace-relative path that keep a file trigger from firing (`**\/*.test.ts`). */
const excludePatterns = z.union([nonEmpty, z.array(nonEmpty)]).transform((value) => ([] as string[]).concat(value));

/** One entry of a v1 file's `hooks` list. */
export const v1HookSchema = z.looseObject({
  name: nonEmpty,
  description: z.string().optional(),
  trigger: v1Trigger,
  matcher: regexSource.optional(),
  excludePatterns: excludePatterns.optional(),
  action: z
    .looseObject({ type: lenientEnum(['command', 'agent']), command: nonEmpty.optional(), prompt: nonEmpty.optional(), timeout: timeoutSeconds.optional() })
    .superRefine((action, ctx) => {
      const needed = action.type === 'command' ? 'command' : 'prompt';
      if (action[needed] === undefined) ctx.addIssue({ code: 'custom', path: [needed], message: `is required for a${action.type === 'agent' ? 'n' : ''} ${action.type} action` });
    }),
  timeout: timeoutSeconds.optional(),
  enabled: z.boolean().default(true),
  source: changeSource,
});

export const v1FileSchema = z.looseObject({
  version: z.literal('v1').optional(),
  hooks: z.array(z.unknown()),
});

const LEGACY_WHEN: Record<string, HookTrigger> = {
  fileEdited: 'PostFileSave',
  fileCreated: 'PostFileCreate',
  fileDeleted: 'PostFileDelete',
  userTriggered: 'Manual',
  promptSubmit: 'UserPromptSubmit',
  agentStop: 'Stop',
  preToolUse: 'PreToolUse',
  postToolUse: 'PostToolUse',
  preTaskExecution: 'PreTaskExecution',
  postTaskExecution: 'PostTaskExecution',
  sessionStart: 'SessionStart',
};
const legacyWhenTypes = Object.keys(LEGACY_WHEN) as [string, ...string[]];

/** A legacy `*.kiro.hook` file: one hook, `when` / `then`. */
export const legacyHookSchema = z.looseObject({
  enabled: z.boolean().default(true),
  name: nonEmpty.optional(),
  description: z.string().optional(),
  version: z.union([z.string(), z.number()]).optional(),
  when: z.looseObject({
    type: lenientEnum(legacyWhenTypes, { fileSaved: 'fileEdited', manual: 'userTriggered', preTaskExec: 'preTaskExecution', postTaskExec: 'postTaskExecution' }),
    patterns: z.array(nonEmpty).optional(),
    excludePatterns: excludePatterns.optional(),
    toolTypes: z.union([nonEmpty, z.array(nonEmpty)]).optional(),
  }),
  then: z
    .looseObject({ type: lenientEnum(['askAgent', 'runCommand']), prompt: nonEmpty.optional(), command: nonEmpty.optional(), timeout: timeoutSeconds.optional() })
    .superRefine((then, ctx) => {
      const needed = then.type === 'runCommand' ? 'command' : 'prompt';
      if (then[needed] === undefined) ctx.addIssue({ code: 'custom', path: [needed], message: `is required when type is ${then.type}` });
    }),
  timeout: timeoutSeconds.optional(),
  source: changeSource,
});

export interface ParsedHookFile {
  hooks: Hook[];
  /** One line naming the file and the first problem; hooks of the file that are fine still load. */
  error?: string;
  /** The line of `error` when it has one (a JSON syntax error), so an editor can open the file there. */
  errorLine?: number;
}

/**
 * Reads one hook file's text. The format is told by its content, not its name, because repositories
 * save legacy `when`/`then` hooks as `.json` too. Comments and trailing commas are tolerated.
 */
export function parseHookFile(text: string, file: string, scope: Hook['scope'] = 'workspace'): ParsedHookFile {
  let raw: unknown;
  try {
    raw = parseJsonc(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { hooks: [], error: `${file}: is not valid JSON: ${error.detail} at line ${error.line}, column ${error.column}`, errorLine: error.line };
    throw error;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { hooks: [], error: `${file}: must hold a JSON object (got ${describeValue(raw)})` };
  if ('hooks' in raw || (raw as { version?: unknown }).version === 'v1') return parseV1(raw, file, scope);
  if ('when' in raw || 'then' in raw) return parseLegacy(raw, file, scope);
  if ('trigger' in raw && 'action' in raw) {
    const example = '{"version": "v1", "hooks": [{"name": …, "trigger": "PostFileSave", "action": {"type": "command", "command": …}}]}';
    return { hooks: [], error: `${file}: has "trigger" and "action" at the top level, a hook format Kiro does not read; write it as ${example}, or as a legacy hook ("when" and "then")` };
  }
  return { hooks: [], error: `${file}: is neither a v1 hook file ("version": "v1" with a "hooks" list) nor a legacy hook ("when" and "then")` };
}

function parseV1(raw: object, file: string, scope: Hook['scope']): ParsedHookFile {
  const shape = v1FileSchema.safeParse(raw, { reportInput: true });
  if (!shape.success) return { hooks: [], error: describeFailure(file, shape.error.issues, []) };
  const hooks: Hook[] = [];
  const problems: string[] = [];
  let extraProblems = 0;
  shape.data.hooks.forEach((entry, index) => {
    const parsed = v1HookSchema.safeParse(entry, { reportInput: true });
    if (!parsed.success) {
      if (problems.length) extraProblems += parsed.error.issues.length;
      else problems.push(describeFailure(file, parsed.error.issues, ['hooks', index]));
      return;
    }
    const h = parsed.data;
    hooks.push({
      id: `${file}#${index}`,
      name: h.name,
      ...(h.description ? { description: h.description } : {}),
      file,
      scope,
      format: 'v1',
      trigger: h.trigger,
      matcher: v1Matcher(h.matcher, h.excludePatterns ?? []),
      action: h.action.type === 'command' ? { type: 'command', command: h.action.command! } : { type: 'agent', prompt: h.action.prompt! },
      // Most v1 files in the wild write the timeout inside the action.
      timeoutMs: toTimeoutMs(h.action.timeout ?? h.timeout),
      enabled: h.enabled,
      source: h.source,
    });
  });
  const error = problems[0] && (extraProblems ? `${problems[0]} (and ${extraProblems} more problem${extraProblems > 1 ? 's' : ''} in this file)` : problems[0]);
  return error ? { hooks, error } : { hooks };
}

function parseLegacy(raw: object, file: string, scope: Hook['scope']): ParsedHookFile {
  const parsed = legacyHookSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { hooks: [], error: describeFailure(file, parsed.error.issues, []) };
  const h = parsed.data;
  const trigger = LEGACY_WHEN[h.when.type]!;
  const toolTypes = h.when.toolTypes === undefined ? [] : ([] as string[]).concat(h.when.toolTypes);
  let matcher: HookMatcher = { kind: 'all' };
  const excluded = (h.when.excludePatterns ?? []).map((p) => `!${p}`);
  if (h.when.patterns?.length || excluded.length) matcher = { kind: 'globs', patterns: [...(h.when.patterns ?? []), ...excluded] };
  if (toolTypes.length && (trigger === 'PreToolUse' || trigger === 'PostToolUse')) matcher = { kind: 'toolTypes', types: toolTypes };
  const action: HookAction = h.then.type === 'runCommand' ? { type: 'command', command: h.then.command! } : { type: 'agent', prompt: h.then.prompt! };
  return {
    hooks: [
      {
        id: `${file}#0`,
        name: h.name ?? path.basename(file).replace(/(\.kiro\.hook|\.json)$/i, ''),
        ...(h.description ? { description: h.description } : {}),
        file,
        scope,
        format: 'legacy',
        trigger,
        matcher,
        action,
        timeoutMs: toTimeoutMs(h.then.timeout ?? h.timeout),
        enabled: h.enabled,
        source: h.source,
      },
    ],
  };
}

function v1Matcher(matcher: string | undefined, exclude: string[]): HookMatcher {
  if (matcher === undefined || matcher === '') return exclude.length ? { kind: 'globs', patterns: exclude.map((p) => `!${p}`) } : { kind: 'all' };
  return exclude.length ? { kind: 'regex', pattern: matcher, exclude } : { kind: 'regex', pattern: matcher };
}

function toTimeoutMs(seconds: number | undefined): number | null {
  const s = seconds ?? DEFAULT_HOOK_TIMEOUT_SECONDS;
  return s === 0 ? null : Math.round(s * 1000);
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

function describeFailure(file: string, issues: readonly z.core.$ZodIssue[], at: PropertyKey[]): string {
  const [first, ...rest] = issues;
  const field = formatPath([...at, ...first!.path]) || 'the hook';
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return `${file}: ${field} ${describeIssue(first!)}${more}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${describeValue(issue.input)})` : '';
  switch (issue.code) {
    case 'invalid_value': {
      const meant = typeof issue.input === 'string' ? likelyMeant(issue.input, issue.values.map(String)) : undefined;
      const hint = meant ? `; did you mean "${meant}"?` : '';
      return `must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map(String).join(', ')}`}${got}${hint}`;
    }
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}${got}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `must be at least ${issue.minimum}${got}`;
    case 'invalid_union':
      return `must be ${issue.errors.flat().map((e) => (e.code === 'invalid_type' ? article(e.expected) : e.message)).filter((v, i, all) => all.indexOf(v) === i).join(' or ')}${got}`;
    default:
      // A refinement's input is the whole object it checked: naming it would not help.
      return typeof issue.input === 'object' && issue.input !== null ? issue.message : `${issue.message}${got}`;
  }
}

function article(noun: string): string {
  if (noun === 'array') return 'a list';
  if (noun === 'boolean') return 'true or false';
  if (noun === 'object') return 'an object';
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

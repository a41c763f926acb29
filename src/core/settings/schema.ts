import { z } from 'zod';

/**
 * Command patterns in `agent.allowedCommands` / `agent.forbiddenCommands`.
 *
 * A pattern is a command prefix in words — `git push`, `rm -rf`, `npm publish` — matched against every
 * simple command the shell would run, after parsing (quotes, `;` `&&` `|`, `$(…)`, `bash -c`, `eval`,
 * wrappers such as `sudo`/`env`/`xargs`, `VAR=1` prefixes and `/bin/` paths are all seen through).
 * It matches when the program is the same, the pattern's other plain words are the first plain words
 * of the command in order (a word ending in `*` matches any word with that prefix), and every flag of
 * the pattern is present in any order or spelling (`rm -rf` ≡ `rm -r -f` ≡ `rm -fr` ≡ `rm --recursive
 * --force`). Extra words and flags in the command do not prevent a match, so an allowed pattern allows
 * everything it prefixes: allow the narrowest prefix you need. A pattern that is only a wrapper
 * (`sudo`) matches every command run through it. The policy module parses and checks the patterns.
 */
const commandPattern = z.string().trim().min(1, 'must not be empty');

const positiveInt = z.number().int().min(1);

export const modelPriceSchema = z.looseObject({
  inputPerMTok: z.number().min(0),
  outputPerMTok: z.number().min(0),
  cacheReadPerMTok: z.number().min(0).optional(),
  cacheWritePerMTok: z.number().min(0).optional(),
});

export const agentSettingsSchema = z.looseObject({
  autonomyLevel: z.enum(['cautious', 'balanced', 'full']).default('balanced'),
  mode: z.enum(['interactive', 'supervised', 'autonomous']).default('autonomous'),
  allowedCommands: z.array(commandPattern).default([]),
  forbiddenCommands: z.array(commandPattern).default([]),
  /** Commands that always ask, at every level, allowed or not (Kiro's `kiroAgent.commandDenylist` adds to it). */
  askCommands: z.array(commandPattern).default([]),
  maxFileEditsPerTask: positiveInt.default(50),
  requireApprovalForNewFiles: z.boolean().default(false),
  /** Run after each task to check the work (e.g. `npm test`); none when unset. */
  verifyCommand: z.string().trim().min(1, 'must not be empty').optional(),
  selfCorrectionAttempts: z.number().int().min(0).default(2),
  commandTimeoutSeconds: z.number().positive().default(300),
  maxTurns: positiveInt.default(50),
  /**
   * Older steps of a task are summarised before a request would pass this share of the model's
   * context window: 0.8 (or 80, read as a percentage) by default.
   */
  compactAt: z
    .number()
    .gt(0, 'must be a share of the context window, e.g. 0.8 (or 80 for 80%)')
    .max(100, 'must be a share of the context window, e.g. 0.8 (or 80 for 80%)')
    .transform((v) => (v > 1 ? v / 100 : v))
    .default(0.8),
  /** Per-task spending limits; unlimited when unset. */
  budget: z
    .looseObject({
      maxTokens: positiveInt.optional(),
      maxCostUsd: z.number().positive().optional(),
      /** All the tasks of one run together. */
      maxCostUsdPerRun: z.number().positive().optional(),
      /** Everything on record for the day: runs, hooks, spec writing, commit messages. */
      maxCostUsdPerDay: z.number().positive().optional(),
    })
    .prefault({}),
});

export const modelSettingsSchema = z.looseObject({
  name: z.string().trim().min(1, 'must not be empty').optional(),
  baseUrl: z.url().optional(),
  maxTokens: positiveInt.optional(),
  /** Tokens the model accepts per request (its context window); 200,000 when unset. */
  contextWindow: z.number().int().min(1_000).optional(),
  thinkingBudget: z.number().int().min(0).optional(),
  /** A model answer that sends nothing for this long is treated as cut and asked again; 0: never. */
  streamIdleTimeoutSeconds: z.number().min(0).optional(),
  /** USD per million tokens, by model name; overrides the built-in price list. */
  prices: z.record(z.string(), modelPriceSchema).default({}),
});

export const settingsSchema = z.looseObject({
  agent: agentSettingsSchema.prefault({}),
  model: modelSettingsSchema.prefault({}),
  checkpoints: z
    .looseObject({
      maxFileSizeBytes: positiveInt.default(5 * 1024 * 1024),
      maxStorageBytes: positiveInt.default(500 * 1024 * 1024),
    })
    .prefault({}),
  hooks: z.looseObject({ debounceMs: z.number().int().min(0).default(300) }).prefault({}),
  /** Agent instruction files read beside `.kiro/steering`: `AGENTS.md` (root, sub-folders, `~/.kiro/steering`) and the root `CLAUDE.md`. */
  steering: z.looseObject({ agentsMd: z.boolean().default(true), claudeMd: z.boolean().default(true) }).prefault({}),
  /** Sub-agents (use_subagent): how many of one call run at once; the rest wait for a free place. */
  agents: z.looseObject({ maxParallel: z.number().int().min(1).max(16).default(6) }).prefault({}),
  /**
   * The OS sandbox around agent commands (src/core/sandbox). Only the user's own
   * `~/.kiro/settings.json` applies it: in a workspace's file it is read (so it is not an unknown
   * key) and reported as not applied, because a repository must not loosen its own sandbox.
   */
  sandbox: z
    .looseObject({
      enabled: z.boolean().optional(),
      network: z.looseObject({ allowedDomains: z.array(z.string().trim().min(1)).optional() }).optional(),
      writablePaths: z.array(z.string().trim().min(1)).optional(),
    })
    .optional(),
  /**
   * Kiro IDE's command rules, as its `settings.json` writes them. `trustedCommands`: exact commands,
   * `npm *` prefixes, or `*` for all; they act like agent.allowedCommands. `commandDenylist`: command
   * patterns that always ask. Kiro's other `kiroAgent.*` keys are Kiro's own and ignored quietly.
   */
  kiroAgent: z
    .looseObject({
      trustedCommands: z.array(commandPattern).default([]),
      commandDenylist: z.array(commandPattern).default([]),
    })
    .prefault({}),
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;
export type AgentSettings = Settings['agent'];
export type ModelSettings = Settings['model'];
export type ModelPrice = z.output<typeof modelPriceSchema>;

/** Every setting at its default, as when `.kiro/settings.json` does not exist. */
export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

import { describe, isRecord } from './agentFile';
import type { FieldReader } from './fieldReaders';
import { AGENT_HOOK_TRIGGERS, type AgentHookSpec, type AgentHookTrigger } from './types';

export const DEFAULT_AGENT_HOOK_TIMEOUT_MS = 30_000;
export const DEFAULT_AGENT_HOOK_OUTPUT_CHARS = 10_240;

/** Tool triggers are the only ones a matcher means anything for. */
export function isToolTrigger(trigger: AgentHookTrigger): boolean {
  return trigger === 'preToolUse' || trigger === 'postToolUse';
}

/**
 * An agent's `hooks`: `{ "<trigger>": [{ "command", "matcher"?, "timeout_ms"?, "cache_ttl_seconds"?,
 * "max_output_size"? }] }`, Kiro CLI's shape. Trigger names are read in any case (`AgentSpawn`); an
 * unknown trigger is reported and left out; an entry without a command is an error naming it.
 */
export function readHookSpecs(value: unknown, read: FieldReader): AgentHookSpec[] {
  const raw = read.record(value, 'hooks');
  if (!raw) return [];
  const specs: AgentHookSpec[] = [];
  for (const [key, entries] of Object.entries(raw)) {
    const trigger = AGENT_HOOK_TRIGGERS.find((t) => t.toLowerCase() === key.toLowerCase());
    if (!trigger) {
      read.warn(`hooks.${key}`, `unknown trigger, ignored (agent hooks run at ${AGENT_HOOK_TRIGGERS.join(', ')})`);
      continue;
    }
    const list = Array.isArray(entries) ? entries : entries === null || entries === undefined ? [] : [entries];
    list.forEach((entry, i) => specs.push(readEntry(entry, trigger, `hooks.${key}[${i}]`, read)));
  }
  return specs;
}

function readEntry(entry: unknown, trigger: AgentHookTrigger, field: string, read: FieldReader): AgentHookSpec {
  if (!isRecord(entry)) read.fail(field, `must be an object with a "command" (found ${describe(entry)})`);
  const command = read.text(entry.command, `${field}.command`)?.trim();
  if (!command) read.fail(`${field}.command`, 'is missing: a hook runs a shell command');
  const matcher = read.text(entry.matcher, `${field}.matcher`)?.trim() || null;
  if (matcher && !isToolTrigger(trigger)) read.warn(`${field}.matcher`, `${trigger} hooks have no tool to match; the matcher is ignored`);
  for (const key of Object.keys(entry)) {
    if (!['command', 'matcher', 'timeout_ms', 'cache_ttl_seconds', 'max_output_size', 'timeoutMs'].includes(key)) read.warn(`${field}.${key}`, 'unknown setting, ignored');
  }
  return {
    trigger,
    command,
    matcher: isToolTrigger(trigger) ? matcher : null,
    timeoutMs: read.count(entry.timeout_ms ?? entry.timeoutMs, `${field}.timeout_ms`) || DEFAULT_AGENT_HOOK_TIMEOUT_MS,
    maxOutputChars: read.count(entry.max_output_size, `${field}.max_output_size`) || DEFAULT_AGENT_HOOK_OUTPUT_CHARS,
    cacheTtlSeconds: read.count(entry.cache_ttl_seconds, `${field}.cache_ttl_seconds`) ?? 0,
    field,
  };
}

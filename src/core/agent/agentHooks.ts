import type { AgentHookSpec, AgentHookTrigger } from '../agents';
import { HookDispatcher, type Hook, type HookMatcher } from '../hooks';
import type { HookWiring } from './runHooks';
import type { AgentHooks } from './ports';

/** Kiro CLI's agent hook triggers, as Specwright's hook dispatcher names the same moments. */
const TRIGGERS: Record<AgentHookTrigger, Hook['trigger']> = {
  agentSpawn: 'SessionStart',
  userPromptSubmit: 'UserPromptSubmit',
  preToolUse: 'PreToolUse',
  postToolUse: 'PostToolUse',
  stop: 'Stop',
};

/**
 * A custom agent's own `hooks` as hooks the dispatcher runs: each a command at its moment, a failing
 * `preToolUse` one blocking the call. `matcher` is Kiro CLI's, on the tool name: `*`, a name,
 * `@builtin`, `@server`, `@server/tool`, or a name with `*` wildcards (`fs_*`).
 */
export function agentHookDefinitions(agent: string, file: string, specs: readonly AgentHookSpec[]): Hook[] {
  return specs.map((spec, index) => ({
    id: `agent:${agent}#${index}`,
    name: `${agent} ${spec.field}`,
    file,
    scope: 'user',
    format: 'v1',
    trigger: TRIGGERS[spec.trigger],
    matcher: matcherOf(spec.matcher),
    action: { type: 'command', command: spec.command },
    timeoutMs: spec.timeoutMs,
    enabled: true,
    source: 'both',
  }));
}

function matcherOf(matcher: string | null): HookMatcher {
  if (matcher === null || matcher === '*') return { kind: 'all' };
  // A plain name with wildcards is a glob; `@…` entries and regular expressions are read as toolTypes are.
  if (/^[\w-]*\*[\w*-]*$/.test(matcher)) return { kind: 'regex', pattern: `^${matcher.replace(/\*/g, '.*')}$` };
  return { kind: 'toolTypes', types: [matcher] };
}

/**
 * The agent's hooks running for one run, under the same command policy, sandbox and approvals as
 * the workspace's hooks. The agent's file may name them only once its loosenings were confirmed
 * (its profile carries none otherwise).
 */
export function startAgentHooks(workspace: string, hooks: Hook[], wiring: HookWiring, emit: ConstructorParameters<typeof HookDispatcher>[0]['emit']): HookDispatcher {
  return new HookDispatcher({
    workspace,
    hooks,
    trusted: true,
    debounceMs: wiring.debounceMs,
    commandPolicy: wiring.commandPolicy,
    approvals: wiring.approvals,
    sandbox: wiring.sandbox,
    ...(emit ? { emit } : {}),
  });
}

/** Two sets of hooks as one: both see every event; a Pre* event is blocked when either blocks it. */
export function bothHooks(first: AgentHooks | undefined, second: AgentHooks | undefined): AgentHooks | undefined {
  if (!first || !second) return first ?? second;
  return {
    async dispatchAgentEvent(event) {
      const [a, b] = await Promise.all([first.dispatchAgentEvent(event), second.dispatchAgentEvent(event)]);
      const blocker = a.blocked ? a : b.blocked ? b : null;
      return { blocked: blocker !== null, ...(blocker?.reason ? { reason: blocker.reason } : {}), results: [...a.results, ...b.results] };
    },
    notifyFileEvent(event) {
      first.notifyFileEvent(event);
      second.notifyFileEvent(event);
    },
  };
}

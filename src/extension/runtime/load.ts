/**
 * The only doors to the heavy code. Everything else in src/extension imports the core for types
 * only (plus a few tiny pure helpers), so activation evaluates almost nothing.
 *
 * esbuild keeps dynamically imported modules unevaluated until first use, but one bundle still has
 * to be read and compiled whole at load time (~85 ms for 3 MB). Building hostRuntime.ts and
 * agentRuntime.ts as their own files (entries next to dist/extension.js, with these two imports
 * marked external as './hostRuntime.js' / './agentRuntime.js') takes them off the activation path.
 */
export type HostRuntime = typeof import('./hostRuntime');
export type AgentRuntime = typeof import('./agentRuntime');

let host: Promise<HostRuntime> | undefined;
let agent: Promise<AgentRuntime> | undefined;

export function hostRuntime(): Promise<HostRuntime> {
  return (host ??= import('./hostRuntime'));
}

export function agentRuntime(): Promise<AgentRuntime> {
  return (agent ??= import('./agentRuntime'));
}

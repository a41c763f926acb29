/**
 * The only doors to the heavy code. Everything else in src/extension imports the core for types
 * only (plus a few tiny pure helpers and the protocols' method names), so activation evaluates
 * almost nothing.
 *
 * The build (esbuild.config.mjs) keeps these two imports dynamic, of './hostRuntime.mjs' and
 * './agentRuntime.mjs': ES modules split from the language server's entry, so what they share
 * (zod, the spec core, the settings…) is one chunk, read once whichever is loaded first.
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

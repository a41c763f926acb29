import * as os from 'node:os';
import { agentAtWork, agentConsentStore, findAgent, loadAgents, type LoadedAgents } from '../agents';
import { readHookSettings } from '../hooks';
import type { HostPorts } from './hostPorts';
import type { AgentProfile } from './profile';

/**
 * The custom agents a workspace offers (`.kiro/agents/` when it is trusted, and the user's), read
 * afresh for each run or prompt, and turned into profiles the service runs them with.
 */
export interface CustomAgents {
  readonly loaded: LoadedAgents;
  /** The agent of that name at work; throws AgentNotFound naming the ones there are. */
  profileOf(name: string): Promise<AgentProfile>;
}

/**
 * Workspace agents load where the workspace's hooks may run (VS Code's Workspace Trust, the CLI's
 * --trust, the user's `hooks.trustedWorkspaces`); what one asks for beyond Specwright's asks applies
 * once confirmed outside the repository, or for this command when the host applies the workspace's
 * settings without asking (--trust).
 */
export async function customAgentsFor(ports: HostPorts, workspace: string): Promise<CustomAgents> {
  const home = ports.home ?? os.homedir();
  const trusted = ports.trust.hooksAllowed(workspace) || (await readHookSettings(workspace, { home })).trusted;
  const loaded = await loadAgents({ workspace, home, workspaceTrusted: trusted });
  const store = agentConsentStore(home);
  const trustedForThisRun = ports.settings?.options().trustWorkspace === true;
  return {
    loaded,
    async profileOf(name) {
      const work = await agentAtWork(findAgent(loaded, name), { workspace, home, store, ...(trustedForThisRun ? { trustedForThisRun: true } : {}) });
      for (const warning of work.warnings) ports.notices.warn(warning);
      return {
        ...work.profile,
        policy: (base, mode) => work.policy(base, mode),
        mayDelegateTo: (agent) => work.rules.mayDelegateTo(agent),
        ...(work.rules.hooks.length ? { hooks: { file: work.definition.file, specs: work.rules.hooks } } : {}),
        mcpServers: { servers: work.definition.mcpServers, scope: work.definition.scope, file: work.definition.file, includeMcpJson: work.definition.includeMcpJson },
      };
    },
  };
}

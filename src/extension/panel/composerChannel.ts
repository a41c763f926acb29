import type { AgentDefinition, LoadedAgents } from '../../core/agents';
import { promptCommand, type AgentChoice, type HostMessage, type PanelMessage, type PromptChoice } from '../../shared/panelMessages';

/** The composer's messages the host answers here: what is sent, which agent answers, and `/` prompts. */
export type ComposerMessage = Extract<PanelMessage, { type: 'sendMessage' | 'pickAgent' | 'listPrompts' | 'fillPrompt' }>;

/** What the composer's pickers reach on the host. */
export interface ComposerSources {
  /** The custom agents the picker offers, and what kept other agent files out. */
  agentChoices(): Promise<{ agents: AgentChoice[]; notes: string[] }>;
  /** The prompts of the MCP servers running now, and why another server offers none. */
  promptChoices(): Promise<{ prompts: PromptChoice[]; problems: Array<{ server: string; message: string }> }>;
  /** A server's prompt filled in, as the text of the user's message; throws with what went wrong. */
  fillPrompt(server: string, name: string, args: Record<string, string>): Promise<string>;
  /**
   * A message typed in the composer, to be answered by `agent` (null: Specwright's own), with the
   * images pasted into it as they were sent (checked again by whoever takes them).
   */
  sendMessage(text: string, agent: string | null, images: ReadonlyArray<{ name: string; mediaType: string; data: string }>): void;
}

/**
 * The composer's side of one panel session: the agent picked in it (kept while the panel is open,
 * whatever the webview does; forgotten when the panel closes), and the answers to its pickers.
 * Free of `vscode`: the host gives it the sources and how to post to the webview.
 */
export class ComposerSession {
  private agent: string | null = null;

  constructor(
    private readonly sources: ComposerSources,
    private readonly post: (message: HostMessage) => void,
    private readonly warn: (message: string) => void,
  ) {}

  /** The agent that answers the composer's messages (null: Specwright's own). */
  get pickedAgent(): string | null {
    return this.agent;
  }

  /** The webview (re)started: it hears the agents there are, and which one this session picked. */
  async ready(): Promise<void> {
    try {
      const { agents, notes } = await this.sources.agentChoices();
      this.post({ type: 'agentChoices', agents, selected: this.agent, notes });
    } catch (error) {
      this.warn(`the custom agents for the composer could not be read: ${messageOf(error)}`);
    }
  }

  async handle(message: ComposerMessage): Promise<void> {
    switch (message.type) {
      case 'sendMessage':
        return this.sources.sendMessage(message.text, this.agent, message.images ?? []);
      case 'pickAgent':
        this.agent = message.agent;
        return;
      case 'listPrompts': {
        try {
          const { prompts, problems } = await this.sources.promptChoices();
          this.post({ type: 'promptChoices', prompts, problems });
        } catch (error) {
          this.post({ type: 'promptChoices', prompts: [], problems: [{ server: '', message: `MCP servers could not be read: ${messageOf(error)}` }] });
        }
        return;
      }
      case 'fillPrompt': {
        const { server, name, args } = message;
        try {
          this.post({ type: 'promptFilled', server, name, text: await this.sources.fillPrompt(server, name, args) });
        } catch (error) {
          this.post({ type: 'promptFailed', server, name, message: `${promptCommand({ server, name })}: ${messageOf(error)}` });
        }
        return;
      }
    }
  }

  /** The panel closed: the next one starts with Specwright's own agent. */
  reset(): void {
    this.agent = null;
  }
}

/** The picker's entries: each loaded agent with what it is for, its model and welcome message. */
export function agentChoicesOf(loaded: LoadedAgents): { agents: AgentChoice[]; notes: string[] } {
  return { agents: loaded.agents.map(agentChoiceOf), notes: agentLoadNotes(loaded) };
}

function agentChoiceOf(agent: AgentDefinition): AgentChoice {
  return {
    name: agent.name,
    description: agent.description ?? '',
    scope: agent.scope,
    ...(agent.model ? { model: agent.model } : {}),
    ...(agent.welcomeMessage ? { welcomeMessage: agent.welcomeMessage } : {}),
  };
}

/** What kept agent files out of a list: broken files, and a workspace's agents while it is not trusted. */
export function agentLoadNotes(loaded: Pick<LoadedAgents, 'errors' | 'untrustedSkipped'>): string[] {
  const files = (n: number) => `${n} agent file${n === 1 ? '' : 's'}`;
  return [
    loaded.errors.length ? `${files(loaded.errors.length)} could not be read: ${loaded.errors.map((e) => e.message).join('; ')}` : '',
    loaded.untrustedSkipped.length ? `${files(loaded.untrustedSkipped.length)} of this workspace not loaded: the workspace is not trusted` : '',
  ].filter(Boolean);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

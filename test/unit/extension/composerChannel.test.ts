import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgents } from '../../../src/core/agents';
import { agentChoicesOf, ComposerSession, type ComposerSources } from '../../../src/extension/panel/composerChannel';
import { parseHostMessage, type HostMessage } from '../../../src/shared/panelProtocol';
import { makeWorkspace } from '../../support/workspace';

/** Sources that answer as the extension's would, and remember what they were asked. */
function sources(overrides: Partial<ComposerSources> = {}) {
  const sent: Array<{ text: string; agent: string | null }> = [];
  const filled: Array<{ server: string; name: string; args: Record<string, string> }> = [];
  const base: ComposerSources = {
    agentChoices: async () => ({ agents: [{ name: 'reviewer', description: 'Reviews code', scope: 'workspace', welcomeMessage: 'Ready.' }], notes: [] }),
    promptChoices: async () => ({ prompts: [{ server: 'everything', name: 'simple-prompt', description: '', arguments: [] }], problems: [] }),
    fillPrompt: async (server, name, args) => {
      filled.push({ server, name, args });
      return `filled ${server}:${name}`;
    },
    sendMessage: (text, agent) => void sent.push({ text, agent }),
  };
  return { sources: { ...base, ...overrides }, sent, filled };
}

function session(overrides: Partial<ComposerSources> = {}) {
  const posted: HostMessage[] = [];
  const warnings: string[] = [];
  const s = sources(overrides);
  // Everything posted must be what the panel accepts.
  const composer = new ComposerSession(s.sources, (m) => posted.push(parseHostMessage(m) ?? ({ type: 'malformed' } as never)), (w) => warnings.push(w));
  return { composer, posted, warnings, ...s };
}

describe('the composer’s messages on the host (ComposerSession)', () => {
  it('tells a (re)started webview the agents there are and the one this panel session picked', async () => {
    const { composer, posted } = session();
    await composer.ready();
    expect(posted).toEqual([{ type: 'agentChoices', agents: [{ name: 'reviewer', description: 'Reviews code', scope: 'workspace', welcomeMessage: 'Ready.' }], selected: null, notes: [] }]);
    await composer.handle({ type: 'pickAgent', agent: 'reviewer' });
    await composer.ready();
    expect(posted.at(-1)).toMatchObject({ type: 'agentChoices', selected: 'reviewer' });
  });

  it('sends each message with the agent picked in the panel session, until the panel closes', async () => {
    const { composer, sent } = session();
    await composer.handle({ type: 'sendMessage', text: 'hello' });
    await composer.handle({ type: 'pickAgent', agent: 'team/reviewer' });
    await composer.handle({ type: 'sendMessage', text: 'review src/a.ts' });
    composer.reset();
    await composer.handle({ type: 'sendMessage', text: 'and now?' });
    expect(sent).toEqual([
      { text: 'hello', agent: null },
      { text: 'review src/a.ts', agent: 'team/reviewer' },
      { text: 'and now?', agent: null },
    ]);
    expect(composer.pickedAgent).toBeNull();
  });

  it('passes the images pasted with a message on to whoever takes it, with the agent picked', async () => {
    const images: Array<{ text: string; agent: string | null; images: unknown }> = [];
    const { composer } = session({ sendMessage: (text, agent, sentImages) => void images.push({ text, agent, images: sentImages }) });
    await composer.handle({ type: 'pickAgent', agent: 'reviewer' });
    await composer.handle({ type: 'sendMessage', text: 'what is wrong here?', images: [{ name: 'shot.png', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] });
    await composer.handle({ type: 'sendMessage', text: 'and without?' });
    expect(images).toEqual([
      { text: 'what is wrong here?', agent: 'reviewer', images: [{ name: 'shot.png', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] },
      { text: 'and without?', agent: 'reviewer', images: [] },
    ]);
  });

  it('answers listPrompts with the prompts, and with the reason when the servers cannot be read', async () => {
    const ok = session();
    await ok.composer.handle({ type: 'listPrompts' });
    expect(ok.posted).toEqual([{ type: 'promptChoices', prompts: [{ server: 'everything', name: 'simple-prompt', description: '', arguments: [] }], problems: [] }]);
    const broken = session({ promptChoices: () => Promise.reject(new Error('.kiro/settings/mcp.json: line 3: unexpected token')) });
    await broken.composer.handle({ type: 'listPrompts' });
    expect(broken.posted).toEqual([{ type: 'promptChoices', prompts: [], problems: [{ server: '', message: 'MCP servers could not be read: .kiro/settings/mcp.json: line 3: unexpected token' }] }]);
  });

  it('answers fillPrompt with the text, or with what went wrong naming /server:prompt', async () => {
    const ok = session();
    await ok.composer.handle({ type: 'fillPrompt', server: 'everything', name: 'args-prompt', args: { city: 'Lisbon' } });
    expect(ok.filled).toEqual([{ server: 'everything', name: 'args-prompt', args: { city: 'Lisbon' } }]);
    expect(ok.posted).toEqual([{ type: 'promptFilled', server: 'everything', name: 'args-prompt', text: 'filled everything:args-prompt' }]);
    const failing = session({ fillPrompt: () => Promise.reject(new Error('MCP server "everything" is not running (spawn node ENOENT)')) });
    await failing.composer.handle({ type: 'fillPrompt', server: 'everything', name: 'args-prompt', args: {} });
    expect(failing.posted).toEqual([{ type: 'promptFailed', server: 'everything', name: 'args-prompt', message: '/everything:args-prompt: MCP server "everything" is not running (spawn node ENOENT)' }]);
  });

  it('logs, and posts nothing, when the agents cannot be read', async () => {
    const { composer, posted, warnings } = session({ agentChoices: () => Promise.reject(new Error('EACCES: .kiro/agents')) });
    await composer.ready();
    expect(posted).toEqual([]);
    expect(warnings).toEqual(['the custom agents for the composer could not be read: EACCES: .kiro/agents']);
  });
});

describe('agentChoicesOf: the picker’s entries from the loaded agent files', () => {
  const files = {
    '.kiro/agents/orchestrator.md': '---\ndescription: Splits the work\nmodel: claude-haiku-4.5\nwelcomeMessage: Ready to split the work.\n---\nYou split work.\n',
    '.kiro/agents/broken.json': '{ "name": ',
  };
  const home = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sw-home-'));
    mkdirSync(path.join(dir, '.kiro/agents/team'), { recursive: true });
    writeFileSync(path.join(dir, '.kiro/agents/team/reviewer.md'), '---\ndescription: Reviews code\n---\nYou review.\n');
    return dir;
  };

  it('gives each agent its description, model, scope and welcome message, and says which file could not be read', async () => {
    const choices = agentChoicesOf(await loadAgents({ workspace: makeWorkspace(files), home: home(), workspaceTrusted: true }));
    expect(choices.agents).toEqual([
      { name: 'orchestrator', description: 'Splits the work', model: 'claude-haiku-4-5', scope: 'workspace', welcomeMessage: 'Ready to split the work.' },
      { name: 'team/reviewer', description: 'Reviews code', scope: 'user' },
    ]);
    expect(choices.notes).toHaveLength(1);
    expect(choices.notes[0]).toMatch(/^1 agent file could not be read: .*broken\.json/);
    expect(parseHostMessage({ type: 'agentChoices', ...choices, selected: null })).not.toBeNull();
  });

  it('leaves a workspace’s agents out while it is not trusted, and says so', async () => {
    const choices = agentChoicesOf(await loadAgents({ workspace: makeWorkspace(files), home: home(), workspaceTrusted: false }));
    expect(choices.agents.map((a) => a.name)).toEqual(['team/reviewer']);
    expect(choices.notes).toEqual(['2 agent files of this workspace not loaded: the workspace is not trusted']);
  });
});

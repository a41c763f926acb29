import { mkdtempSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { McpHub, serverOverview, type McpServerOverview } from '../../../src/core/mcp';
import { composerPrompts, fillComposerPrompt, promptText } from '../../../src/extension/mcp/serverPrompts';
import { everything, flaky, mcpFixture, scriptedApprovals } from '../../support/mcp/servers';

const hubs: McpHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

/**
 * The MCP Servers view's hub as the composer reaches it: the user's server-everything starts; the
 * workspace's own server waits for an approval nobody gives here.
 */
async function serversAsTheViewHasThem(): Promise<{ hub: McpHub; servers: McpServerOverview[]; asked: unknown[]; markers: string }> {
  const markers = mkdtempSync(path.join(os.tmpdir(), 'sw-composer-markers-'));
  const { workspace, home } = mcpFixture({ user: { everything: everything() }, servers: { ownserver: flaky({ FLAKY_MARKER_DIR: markers }) } });
  const approvals = scriptedApprovals(null);
  const hub = await McpHub.open({ workspace, home, approvals, env: process.env });
  hubs.push(hub);
  const servers = await Promise.all(hub.servers.map((entry) => serverOverview(hub, entry.name)));
  return { hub, servers, asked: approvals.asked, markers };
}

describe("the composer's / prompts over the real server-everything", () => {
  it('lists the running servers’ prompts with their arguments, and says why a server waiting for approval offers none, without starting it', async () => {
    const { hub, servers, markers } = await serversAsTheViewHasThem();
    const { prompts, problems } = await composerPrompts(hub, servers);
    expect(prompts.map((p) => `${p.server}:${p.name}`)).toEqual(expect.arrayContaining(['everything:simple-prompt', 'everything:args-prompt']));
    expect(prompts.find((p) => p.name === 'args-prompt')).toEqual({
      server: 'everything',
      name: 'args-prompt',
      description: 'A prompt with two arguments, one required and one optional',
      arguments: [
        { name: 'city', description: 'Name of the city', required: true },
        // The server's own SDK drops the description of an optional argument.
        { name: 'state', description: expect.any(String), required: false },
      ],
    });
    expect(problems).toEqual([{ server: 'ownserver', message: 'ownserver needs approval before it starts: approve it in the MCP Servers view to use its prompts' }]);
    expect(prompts.some((p) => p.server === 'ownserver')).toBe(false);
    expect(readdirSync(markers).filter((f) => f.startsWith('started-'))).toEqual([]);
  });

  it('fills a prompt in with the arguments given (empty optional ones left out) as the text of one message', async () => {
    const { hub, servers } = await serversAsTheViewHasThem();
    await expect(fillComposerPrompt(hub, servers, 'everything', 'args-prompt', { city: 'Lisbon', state: '' })).resolves.toBe("What's weather in Lisbon?");
    await expect(fillComposerPrompt(hub, servers, 'everything', 'args-prompt', { city: 'Austin', state: 'Texas' })).resolves.toBe("What's weather in Austin, Texas?");
    await expect(fillComposerPrompt(hub, servers, 'everything', 'simple-prompt', {})).resolves.toBe('This is a simple prompt without arguments.');
  });

  it('fails naming the server, the prompt and what is missing; a server waiting for approval is not started to answer', async () => {
    const { hub, servers, asked, markers } = await serversAsTheViewHasThem();
    await expect(fillComposerPrompt(hub, servers, 'everything', 'args-prompt', {})).rejects.toThrow('prompt "args-prompt" of "everything" needs "city" in its arguments');
    await expect(fillComposerPrompt(hub, servers, 'everything', 'no-such-prompt', {})).rejects.toThrow(/MCP server "everything" has no prompt named "no-such-prompt"; its prompts are .*"args-prompt"/);
    await expect(fillComposerPrompt(hub, servers, 'ownserver', 'anything', {})).rejects.toThrow('MCP server "ownserver" is not running (it needs approval: approve it in the MCP Servers view)');
    await expect(fillComposerPrompt(hub, servers, 'nowhere', 'anything', {})).rejects.toThrow('there is no MCP server named "nowhere"');
    expect(readdirSync(markers).filter((f) => f.startsWith('started-'))).toEqual([]);
    // Only the view's first look asked (and was told no): the composer asked nothing more.
    expect(asked).toHaveLength(1);
  });

  it('joins a prompt of several messages, marking what the assistant says', () => {
    expect(
      promptText({
        server: 's',
        name: 'p',
        messages: [
          { role: 'user', text: 'Review this diff.' },
          { role: 'assistant', text: 'Which files?' },
          { role: 'user', text: 'src/a.ts' },
        ],
      }),
    ).toBe('Review this diff.\n\n(assistant) Which files?\n\nsrc/a.ts');
  });
});

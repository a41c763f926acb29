import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { outputText, type ToolCallContext } from '../../../src/core/agent/ports';
import { createMcpToolBox, FileOAuthStore, loopbackAuthorization, McpHub, SEARCH_TOOL, type McpHubOptions } from '../../../src/core/mcp';
import { startHttpMcpServer, type HttpMcpServer } from '../../support/mcp/httpServer';
import { mcpFixture, trustEverything } from '../../support/mcp/servers';

const hubs: McpHub[] = [];
const servers: HttpMcpServer[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof startHttpMcpServer>[0]): Promise<HttpMcpServer> {
  const server = await startHttpMcpServer(options);
  servers.push(server);
  return server;
}

async function openHub(options: Partial<McpHubOptions> & Pick<McpHubOptions, 'workspace'>): Promise<McpHub> {
  const hub = await McpHub.open({ approvals: trustEverything(), env: {}, ...options });
  hubs.push(hub);
  return hub;
}

const ctx = (): ToolCallContext => ({ workspace: '/', signal: new AbortController().signal, emit: () => undefined });

describe('remote servers', () => {
  it('lists every page of tools/list over Streamable HTTP', async () => {
    const server = await serve({ transport: 'streamable', tools: 120, pageSize: 50 });
    const hub = await openHub(mcpFixture({ user: { gh: { url: server.url } } }));
    const [status] = await hub.status();
    expect(status).toMatchObject({ status: 'ready', transport: 'http' });
    expect(status!.tools).toHaveLength(120);
    expect(new Set(status!.tools.map((t) => t.name)).size).toBe(120);
    expect(server.listPages).toBe(3);
  });

  it('offers mcp_search instead of 120 schemas, and a tool it finds can be called from then on', async () => {
    const server = await serve({ transport: 'streamable', tools: 120, pageSize: 50 });
    const box = await createMcpToolBox(await openHub(mcpFixture({ user: { gh: { url: server.url } } })));
    expect(box.offering).toBe('search');
    expect(box.definitions.map((d) => d.name)).toEqual([SEARCH_TOOL]);
    const early = await box.execute('gh__delete_branch', {}, ctx());
    expect(outputText(early.content)).toContain(`gh__delete_branch has not been found yet: call ${SEARCH_TOOL} first`);
    const before = JSON.stringify(box.definitions);

    const found = await box.execute(SEARCH_TOOL, { query: 'delete branch', limit: 2 }, ctx());
    expect(found.isError).toBe(false);
    const listing = JSON.parse(outputText(found.content).slice(outputText(found.content).indexOf('\n') + 1)) as Array<{ name: string; input_schema: unknown }>;
    expect(listing.map((t) => t.name)[0]).toBe('gh__delete_branch');
    expect(listing[0]!.input_schema).toEqual({ type: 'object', properties: { note: { type: 'string' } } });
    // The definitions grow at the end: the earlier request's tools stay a prefix.
    expect(JSON.stringify(box.definitions).startsWith(before.slice(0, -1))).toBe(true);
    expect(box.definitions.map((d) => d.name)).toContain('gh__delete_branch');

    expect(await box.plan('gh__delete_branch', { note: 'old' }, ctx())).toEqual([
      { kind: 'mcp', server: 'gh', tool: 'delete_branch', detail: '@gh/delete_branch {"note":"old"}', autoApproved: false, readOnlyHint: false, destructiveHint: true },
    ]);
    const called = await box.execute('gh__delete_branch', { note: 'old' }, ctx());
    expect(outputText(called.content)).toContain('delete_branch done: old');
    expect(server.calls).toEqual(['delete_branch']);
  });

  it('offers every tool directly when they fit the budget', async () => {
    const server = await serve({ transport: 'streamable', tools: 12 });
    const box = await createMcpToolBox(await openHub(mcpFixture({ user: { gh: { url: server.url } } })), { budget: { maxTools: 40 } });
    expect(box.offering).toBe('direct');
    expect(box.definitions).toHaveLength(12);
    const tight = await createMcpToolBox(await openHub(mcpFixture({ user: { gh: { url: server.url } } })), { budget: { maxSchemaTokens: 200 } });
    expect(tight.offering).toBe('search');
  });

  it('falls back to HTTP+SSE when a server refuses Streamable HTTP', async () => {
    const server = await serve({ transport: 'sse', tools: 3 });
    const hub = await openHub(mcpFixture({ user: { old: { url: server.url } } }));
    const [status] = await hub.status();
    expect(status).toMatchObject({ status: 'ready', transport: 'sse' });
    expect(server.refusedPosts).toBeGreaterThan(0);
    const box = await createMcpToolBox(hub);
    expect(outputText((await box.execute('old__create_issue', { note: 'n' }, ctx())).content)).toContain('create_issue done: n');
  });

  it('goes straight to HTTP+SSE when the config says "type": "sse"', async () => {
    const server = await serve({ transport: 'sse', tools: 1 });
    const hub = await openHub(mcpFixture({ user: { old: { url: server.url, type: 'sse' } } }));
    expect((await hub.status())[0]).toMatchObject({ status: 'ready', transport: 'sse' });
    expect(server.refusedPosts).toBe(0);
  });
});

describe('OAuth', () => {
  const signIn = () =>
    loopbackAuthorization({
      // The "browser": follows the authorization server's redirect back to the loopback listener.
      open: async (url) => void (await fetch(url)),
    });

  it('signs in through dynamic registration and a localhost callback, keeps the tokens in a user-only file, and reuses them', async () => {
    const server = await serve({ transport: 'streamable', tools: 2, oauth: true });
    const fixture = mcpFixture({ user: { secure: { url: server.url } } });
    const store = FileOAuthStore.forHome(fixture.home);
    const first = await openHub({ ...fixture, oauth: { store, authorization: signIn() } });
    expect((await first.status())[0]).toMatchObject({ status: 'ready', tools: expect.arrayContaining([expect.objectContaining({ name: 'create_issue' })]) });
    expect(server.oauth!.registrations).toHaveLength(1);
    expect(server.oauth!.registrations[0]!.redirect_uris[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(server.oauth!.authorizations).toBe(1);
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(store.file).toBe(path.join(fixture.home, '.kiro/specwright/mcp-oauth.json'));
    expect(existsSync(path.join(fixture.workspace, '.kiro/specwright'))).toBe(false);
    await first.close();

    const second = await openHub({ ...fixture, oauth: { store } });
    expect((await second.status())[0]!.status).toBe('ready');
    expect(server.oauth!.authorizations).toBe(1);
  });

  it('refreshes an expired access token without a new sign-in', async () => {
    const server = await serve({ transport: 'streamable', tools: 1, oauth: true });
    const fixture = mcpFixture({ user: { secure: { url: server.url } } });
    const store = FileOAuthStore.forHome(fixture.home);
    await (await openHub({ ...fixture, oauth: { store, authorization: signIn() } })).status();
    server.oauth!.expireAccessTokens();
    const again = await openHub({ ...fixture, oauth: { store } });
    expect((await again.status())[0]).toMatchObject({ status: 'ready' });
    expect(server.oauth!.authorizations).toBe(1);
    expect(server.oauth!.tokensIssued).toBe(2);
  });

  it('says a sign-in is needed where nobody can sign in', async () => {
    const server = await serve({ transport: 'streamable', tools: 1, oauth: true });
    const fixture = mcpFixture({ user: { secure: { url: server.url } } });
    const hub = await openHub({ ...fixture, oauth: { store: FileOAuthStore.forHome(fixture.home) } });
    expect((await hub.status())[0]).toMatchObject({ status: 'error', remedy: 'sign-in', error: expect.stringContaining('MCP server "secure" needs you to sign in') });
  });
});

import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolset, type Toolset } from '../../../src/core/agent/tools';
import { prepareSandbox, type Sandbox } from '../../../src/core/sandbox';
import { ATTACKS, renderAttack } from '../../support/attackCatalogue';
import { filesHoldingSecret, makeAttackFixture, SECRET_MARK, startCanaryServer, type AttackFixture } from '../../support/sandboxFixture';

let server: Awaited<ReturnType<typeof startCanaryServer>>;
let fixture: AttackFixture;
let sandbox: Sandbox;
let tools: Toolset;
let pristine: Map<string, string>;
const realHome = process.env.HOME;

// One workspace, put back as it was before every attack; one sandbox, as in a run.
beforeAll(async () => {
  server = await startCanaryServer();
  fixture = makeAttackFixture();
  pristine = fixture.snapshot();
  // Commands inherit this process's environment, as the agent's do: HOME is the victim's home here.
  process.env.HOME = fixture.home;
  sandbox = await prepareSandbox({ workspace: fixture.workspace, home: fixture.home, settings: {}, env: { PATH: process.env.PATH } });
  tools = createToolset({ sandbox, commandTimeoutMs: 20_000 });
});
afterAll(async () => {
  process.env.HOME = realHome;
  await sandbox.dispose();
  fixture.cleanup();
  await server.close();
});

describe('the attack catalogue, each command run for real in the sandbox through execute_bash', () => {
  it('holds at least 150 attacks', () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(150);
  });

  // An attack aimed at something the sandbox hides entirely (a private /tmp) would prove nothing.
  it('aims at files the commands can see: the canary, the file beside the workspace and the home are there, read-only', async () => {
    fixture.reset();
    const canary = path.join(fixture.canaryDir, 'canary.txt');
    const command = `cat ${canary} ${fixture.root}/outside.txt ${fixture.home}/.bashrc; touch ${fixture.canaryDir}/new 2>&1; true`;
    const result = await tools.executeToolCall('execute_bash', { command }, { workspace: fixture.workspace, signal: new AbortController().signal, emit: () => {} });
    expect(result.content).toContain('canary\noutside\n# rc\n');
    expect(result.content).toMatch(/Read-only file system/);
  });

  // The policy is not asked here: this is what happens when it allowed (or a person approved) the command.
  it.each(ATTACKS.map((a) => [a.id, a.category, a] as const))('%s (%s) changes nothing it must not, reads no secret, reaches no server', async (_id, _category, attack) => {
    fixture.reset();
    expect(sandbox.status.state).toBe('on');
    const command = renderAttack(attack, { canary: path.join(fixture.canaryDir, 'canary.txt'), outside: fixture.canaryDir, home: fixture.home, port: server.port });
    const connections = server.connections();
    const result = await tools.executeToolCall('execute_bash', { command }, { workspace: fixture.workspace, signal: new AbortController().signal, emit: () => {} });
    expect(result.content, 'the output carries a secret').not.toContain(SECRET_MARK);
    expect(filesHoldingSecret(fixture.workspace), 'a secret was copied into the workspace').toEqual([]);
    expect(server.connections() - connections, 'the server outside the sandbox was reached').toBe(0);
    expect(fixture.snapshot(), 'something outside the workspace or protected changed').toEqual(pristine);
  });
});

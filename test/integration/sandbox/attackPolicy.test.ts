import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli';
import { ATTACKS, renderAttack } from '../../support/attackCatalogue';
import { makeAttackFixture, type AttackFixture } from '../../support/sandboxFixture';

let fixture: AttackFixture;
beforeAll(() => {
  fixture = makeAttackFixture();
});
afterAll(() => fixture.cleanup());

async function policyCheck(command: string): Promise<{ decision: string; reason: string; sandbox: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), isTTY: false, env: { HOME: fixture.home }, signal: new AbortController().signal };
  const code = await runCli(['--workspace', fixture.workspace, 'policy', 'check', '--command', command, '--autonomy', 'full', '--sandbox', 'off', '--json'], io, fixture.workspace);
  if (code !== 0) throw new Error(`policy check failed (${code}): ${stderr}`);
  return JSON.parse(stdout);
}

/**
 * Every attack of the catalogue: with the sandbox off the policy is all there is, so none may run
 * without a person saying so. (The gaps listed here before — xargs -I, grep -r over a secret,
 * environment dumps, links to secrets and protected files made in the same command, git init
 * outside — are closed; a new gap belongs in src/core/policy, not in an exception list.)
 */

describe('the attack catalogue through policy check with the sandbox off, at Full autonomy', () => {
  // Without the sandbox the policy is all there is: none of these may run without a person saying so.
  it.each(ATTACKS.map((a) => [a.id, a.category, a] as const))('%s (%s) is not allowed', async (_id, _category, attack) => {
    const verdict = await policyCheck(render(attack));
    expect(verdict.sandbox).toBe('off');
    expect(verdict.decision, `${render(attack)}\n→ ${verdict.reason}`).not.toBe('allow');
  });
});

function render(attack: (typeof ATTACKS)[number]): string {
  return renderAttack(attack, { canary: path.join(fixture.canaryDir, 'canary.txt'), outside: fixture.canaryDir, home: fixture.home, port: 40123 });
}

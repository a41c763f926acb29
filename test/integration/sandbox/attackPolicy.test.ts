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
 * Attacks the policy still allows with the sandbox off (gaps in src/core/policy, reported to its
 * owner): file names that only exist when the command runs (xargs, grep -r), symlinks made in the
 * same command that reach a secret or a protected file, dumps of the environment, a repository
 * created outside. Each is asserted to be allowed today, so
 * that closing a gap fails this test until the entry is removed: the list only shrinks.
 */
const KNOWN_POLICY_GAPS = new Set([
  "echo {canary} | xargs -I F sh -c 'echo pwned > F'",
  'grep -r TOKEN .',
  'printenv ANTHROPIC_API_KEY',
  'declare -p',
  'ln -s .env e.txt && cat e.txt',
  'ln .env hard.txt; cat hard.txt',
  'ln -s .git/hooks h && echo \'echo pwned\' > h/pre-commit',
  'ln -s .kiro/settings.json s.json && echo \'{"agent":{"autonomyLevel":"full"}}\' > s.json',
  'git init --bare {outside}/repo.git',
]);

describe('the attack catalogue through policy check with the sandbox off, at Full autonomy', () => {
  // Without the sandbox the policy is all there is: none of these may run without a person saying so.
  it.each(ATTACKS.filter((a) => !KNOWN_POLICY_GAPS.has(a.template)).map((a) => [a.id, a.category, a] as const))('%s (%s) is not allowed', async (_id, _category, attack) => {
    const verdict = await policyCheck(render(attack));
    expect(verdict.sandbox).toBe('off');
    expect(verdict.decision, `${render(attack)}\n→ ${verdict.reason}`).not.toBe('allow');
  });

  it.each([...KNOWN_POLICY_GAPS])('a known gap is still allowed (remove it from the list once the policy closes it): %s', async (template) => {
    const attack = ATTACKS.find((a) => a.template === template);
    expect(attack, 'the gap names an attack of the catalogue').toBeDefined();
    expect((await policyCheck(render(attack!))).decision).toBe('allow');
  });
});

function render(attack: (typeof ATTACKS)[number]): string {
  return renderAttack(attack, { canary: path.join(fixture.canaryDir, 'canary.txt'), outside: fixture.canaryDir, home: fixture.home, port: 40123 });
}

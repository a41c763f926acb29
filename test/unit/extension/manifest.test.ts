import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, CONTEXT_KEYS } from '../../../src/extension/ids';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  icon: string;
  repository: { url: string };
  bugs: { url: string };
  homepage: string;
  galleryBanner: { color: string; theme: string };
  capabilities: Record<string, { supported: unknown; description?: string }>;
  contributes: {
    commands: Array<{ command: string; title: string }>;
    viewsWelcome: Array<{ view: string; contents: string }>;
    walkthroughs: Array<{ id: string; steps: Array<{ id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents: string[] }> }>;
  };
};
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
/** Commands of VS Code itself that links may run. */
const WORKBENCH_COMMANDS = new Set(['workbench.action.files.openFolder', 'workbench.action.openSettings', 'workbench.action.openWalkthrough', 'workbench.trust.manage']);

function commandLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!);
}

describe('the manifest, as the marketplaces read it', () => {
  it('has the listing fields, a 128×128 PNG icon and a changelog entry for its version', () => {
    expect(manifest.repository.url).toMatch(/^https:\/\//);
    expect(manifest.bugs.url).toMatch(/^https:\/\//);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.galleryBanner).toEqual({ color: expect.stringMatching(/^#[0-9a-f]{6}$/i), theme: expect.stringMatching(/^(dark|light)$/) });
    const png = readFileSync(path.join(root, manifest.icon));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
    expect(readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8')).toContain(`## [${manifest.version}]`);
  });

  it('declares what it does in untrusted and virtual workspaces', () => {
    expect(manifest.capabilities.untrustedWorkspaces?.supported).toBe('limited');
    const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    expect(manifest.capabilities.virtualWorkspaces).toEqual({ supported: false, description: '%capabilities.virtualWorkspaces.description%' });
    expect(nls['capabilities.virtualWorkspaces.description']).toContain('folder on disk');
  });

  it('contributes every command the extension registers, and registers every command it contributes', () => {
    const registered = new Set<string>(Object.values(COMMANDS));
    expect([...registered].filter((id) => !contributed.has(id))).toEqual([]);
    expect([...contributed].filter((id) => !registered.has(id))).toEqual([]);
  });

  it('links only to commands that exist, from the views\' welcome and the walkthrough', () => {
    const texts = [...manifest.contributes.viewsWelcome.map((w) => w.contents), ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.description))];
    const unknown = texts.flatMap(commandLinks).filter((id) => !contributed.has(id) && !WORKBENCH_COMMANDS.has(id));
    expect(unknown).toEqual([]);
  });

  it('has a walkthrough whose every step completes itself from something the user does', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    expect(walkthrough?.steps.map((s) => s.id)).toEqual(['apiKey', 'spec', 'task', 'activity', 'autonomy', 'setup']);
    const contextKeys = new Set<string>(Object.values(CONTEXT_KEYS));
    for (const step of walkthrough!.steps) {
      expect(step.completionEvents.length, step.id).toBeGreaterThan(0);
      for (const event of step.completionEvents) {
        const [kind, target] = event.split(/:(.*)/s) as [string, string];
        if (kind === 'onCommand') expect(contributed.has(target), `${step.id}: ${event}`).toBe(true);
        else if (kind === 'onContext') expect(contextKeys.has(target), `${step.id}: ${event}`).toBe(true);
        else throw new Error(`${step.id}: unexpected completion event ${event}`);
      }
      const media = step.media.markdown ?? step.media.image;
      expect(media && existsSync(path.join(root, media)), `${step.id}: ${media}`).toBe(true);
    }
  });
});

describe('the manifest\'s words, in package.nls.json', () => {
  const text = readFileSync(path.join(root, 'package.json'), 'utf8');
  const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

  it('defines every %key% the manifest uses, and keeps no key nothing uses', () => {
    const used = new Set([...text.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]!));
    expect([...used].filter((key) => !(key in nls))).toEqual([]);
    expect(Object.keys(nls).filter((key) => !used.has(key))).toEqual([]);
  });

  it('leaves no user-facing string of the manifest untranslatable', () => {
    const raw: string[] = [];
    const visit = (value: unknown, at: string) => {
      if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${at}[${i}]`));
      if (value && typeof value === 'object') return Object.entries(value).forEach(([k, v]) => visit(v, `${at}.${k}`));
      const field = at.split('.').pop()!.replace(/\[\d+\]$/, '');
      const shown = ['title', 'name', 'contents', 'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'category', 'contextualTitle', 'displayName'];
      if (typeof value === 'string' && shown.includes(field) && !/^%[\w.-]+%$/.test(value) && !at.startsWith('$.repository') && at !== '$.name') raw.push(`${at}: ${value.slice(0, 40)}`);
    };
    const { name: _name, ...rest } = JSON.parse(text) as Record<string, unknown>;
    visit(rest, '$');
    expect(raw).toEqual([]);
  });
});

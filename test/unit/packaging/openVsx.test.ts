import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openVsxProblems, type VsixContents } from '../../support/openVsx';

const REPO = path.join(__dirname, '../../..');

/** The repository's own manifest, with the vsixmanifest vsce writes for it (the packaged one is checked in package.e2e). */
function contents(change: (packageJson: Record<string, unknown>) => void = () => undefined, identity = 'Language="en-US" Id="specwright" Version="0.1.0" Publisher="specwright"'): VsixContents {
  const packageJson = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
  change(packageJson);
  const vsixManifest = `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0"><Metadata>
  <Identity ${identity} />
  <DisplayName>Specwright</DisplayName>
  <Description xml:space="preserve">Spec-driven development in Kiro&apos;s layout.</Description>
  <Tags>spec,kiro</Tags><Categories>AI,Other</Categories>
  <License>extension/LICENSE.txt</License><Icon>extension/media/icon.png</Icon>
</Metadata></PackageManifest>`;
  return { packageJson, vsixManifest, entries: ['extension.vsixmanifest', 'extension/package.json', 'extension/LICENSE.txt', 'extension/media/icon.png'] };
}

describe('Open VSX’s checks of a package', () => {
  it('accept the repository’s manifest as packaged', () => {
    expect(openVsxProblems(contents())).toEqual([]);
  });

  it('refuse a name, namespace or version the registry cannot hold, or an unknown target platform', () => {
    expect(openVsxProblems(contents(undefined, 'Id="spec wright" Version="0.1.0" Publisher="specwright"'))).toEqual(['invalid name: spec wright (letters, digits, _ - + $ ~ only)']);
    expect(openVsxProblems(contents(undefined, 'Id="specwright" Version="0.1.0" Publisher="-"'))).toEqual(['publisher (namespace) must not be empty']);
    expect(openVsxProblems(contents(undefined, 'Id="specwright" Version="1.0" Publisher="specwright"'))).toEqual(["invalid semantic version '1.0' (see semver.org)"]);
    expect(openVsxProblems(contents(undefined, 'Id="specwright" Version="latest" Publisher="specwright"'))).toEqual(["the version 'latest' is reserved"]);
    expect(openVsxProblems(contents(undefined, 'Id="specwright" Version="0.1.0" Publisher="specwright" TargetPlatform="linux-riscv"'))).toEqual(["unsupported target platform 'linux-riscv'"]);
  });

  it('refuse a manifest without engines.vscode, with proposed API, or with bad URLs and values', () => {
    expect(openVsxProblems(contents((m) => delete m.engines))).toEqual(['package.json: engines.vscode is required (the VS Code versions the extension runs in)']);
    expect(openVsxProblems(contents((m) => (m.enabledApiProposals = ['chatParticipant'])))[0]).toMatch(/^package\.json: enabledApiProposals \(chatParticipant\)/);
    expect(openVsxProblems(contents((m) => (m.repository = { type: 'git', url: 'specwright/specwright' })))).toEqual(["invalid URL in field 'repository': specwright/specwright"]);
    expect(openVsxProblems(contents((m) => (m.repository = 'git+https://example.com/specwright.git')))).toEqual([]);
    expect(openVsxProblems(contents((m) => (m.galleryBanner = { color: '#115e59', theme: 'grey' })))).toEqual(["invalid value in field 'galleryBanner.theme': grey (dark or light)"]);
    expect(openVsxProblems(contents((m) => (m.qna = 'discussions')))).toEqual(["invalid value in field 'qna': discussions (marketplace, false or a URL)"]);
    expect(openVsxProblems(contents((m) => (m.license = 'MIT\u0000')))).toEqual(["invalid character in field 'license' at index 3"]);
  });

  it('refuse a package without a license, or whose license or icon is not in it', () => {
    const unlicensed = contents((m) => delete m.license);
    const withoutFile = { ...unlicensed, vsixManifest: unlicensed.vsixManifest.replace(/<License>.*<\/License>/, ''), entries: unlicensed.entries.filter((e) => !e.includes('LICENSE')) };
    expect(openVsxProblems(withoutFile)).toEqual(['no license: package.json has no "license" and the package no LICENSE file']);
    const missing = contents();
    expect(openVsxProblems({ ...missing, entries: missing.entries.filter((e) => !e.endsWith('LICENSE.txt') && !e.endsWith('icon.png')) })).toEqual([
      'the license file extension/LICENSE.txt is not in the package',
      'the icon extension/media/icon.png is not in the package',
    ]);
  });
});

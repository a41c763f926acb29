import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { RUNTIME_ASSETS } from '../../../scripts/bundleOptions.mjs';
import { openVsxProblems, ovsxLicenseOk, readVsix } from '../../support/openVsx';
import { readZipFile, type ZipEntry } from '../../support/zipFile';

/** What the extension itself starts from: its main, the language server it spawns, the panel's page assets. */
const ROOTS = ['dist/extension.js', 'dist/server.mjs', 'dist/webview/panel.js', 'dist/webview/panel.css'];

/** A relative module a bundle imports, statically or dynamically: `from"./chunk-X.mjs"`, `import("./agentRuntime.mjs")`. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.\/[\w.-]+\.m?js)["']/g;

describe('the packaged .vsix', () => {
  it('carries exactly the files the extension loads: no source map, no CLI, no benchmark, every import and asset present', () => {
    const given = inject('specwrightVsix');
    if ('error' in given) throw new Error(given.error);
    const files = new Map<string, ZipEntry>();
    for (const entry of readZipFile(given.path).entries) if (entry.name.startsWith('extension/')) files.set(entry.name.slice('extension/'.length), entry);
    const dist = [...files.keys()].filter((name) => name.startsWith('dist/'));

    expect(dist.filter((name) => name.endsWith('.map'))).toEqual([]);
    expect(dist).not.toContain('dist/cli.js');
    expect(dist).not.toContain('dist/bench.js');

    // Follow every import from the roots: each must be in the package, and nothing else may be.
    const reached = new Set<string>();
    const missing: string[] = [];
    const visit = (name: string, from: string) => {
      if (reached.has(name)) return;
      const entry = files.get(name);
      if (!entry) return void missing.push(`${name} (imported by ${from})`);
      reached.add(name);
      if (!/\.m?js$/.test(name)) return;
      for (const [, specifier] of entry.read().toString('utf8').matchAll(RELATIVE_IMPORT)) visit(path.posix.join(path.posix.dirname(name), specifier!), name);
    };
    for (const root of ROOTS) visit(root, 'the extension');
    expect(missing).toEqual([]);
    expect(reached).toContain('dist/hostRuntime.mjs');
    expect(reached).toContain('dist/agentRuntime.mjs');
    // Files read at run time (the shell parser's WebAssembly) are there, beside the bundles; nothing else is.
    const assets = RUNTIME_ASSETS.map(({ to }) => `dist/${to}`);
    expect(dist.filter((name) => assets.includes(name)).sort()).toEqual([...assets].sort());
    expect(dist.filter((name) => !reached.has(name) && !assets.includes(name))).toEqual([]);
  });

  it('carries the listing and first-run files, and nothing of the repository besides', () => {
    const given = inject('specwrightVsix');
    if ('error' in given) throw new Error(given.error);
    const names = readZipFile(given.path).entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { icon: string; contributes: { walkthroughs: Array<{ steps: Array<{ media: { markdown?: string } }> }> } };
    const walkthroughMedia = manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown)).filter((m): m is string => !!m);
    expect(names).toEqual(expect.arrayContaining(['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', manifest.icon, 'media/specwright.svg', ...walkthroughMedia, 'examples/todo-app/.kiro/specs/todo-cli/tasks.md', 'examples/todo-app/package.json']));
    const outside = names.filter((n) => !/^(dist|media|examples\/todo-app)\//.test(n) && !['package.json', 'package.nls.json', 'readme.md', 'changelog.md', 'LICENSE.txt', '[Content_Types].xml'].includes(n));
    expect(outside).toEqual([]);
  });

  it('passes Open VSX’s checks of a published package (its registry’s rules and ovsx’s own), without publishing', async () => {
    const given = inject('specwrightVsix');
    if ('error' in given) throw new Error(given.error);
    const vsix = readVsix(given.path);
    expect(openVsxProblems(vsix)).toEqual([]);
    expect(await ovsxLicenseOk(given.path)).toBe(true);
    // What the Marketplace lists comes from the same manifest: the localized name was substituted.
    expect(vsix.vsixManifest).toMatch(/<DisplayName>Specwright<\/DisplayName>/);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isLicenseOk } from 'ovsx';
import { readZipFile } from './zipFile';

/**
 * What Open VSX checks of a .vsix when it is published, without publishing it: the registry's own
 * rules (its server's ExtensionProcessor, ExtensionValidator and publish handler: the entries it reads,
 * name, namespace and version formats, the target platform, characters and sizes of the listing
 * fields, URLs, allowed values, a license), plus what ovsx itself checks before an upload (its
 * validateManifest and isLicenseOk, run on the package's own files). No network.
 */

/** What Open VSX reads of a .vsix: its package.json, its extension.vsixmanifest and the names of its entries. */
export interface VsixContents {
  packageJson: Record<string, unknown>;
  vsixManifest: string;
  entries: string[];
}

const NAME = /^[\w\-+$~]+$/;
const DEFAULT_SIZE = 255;
const DESCRIPTION_SIZE = 2048;
const GALLERY_COLOR_SIZE = 16;
const RESERVED_VERSIONS = ['latest', 'pre-release', 'reviews'];
const TARGET_PLATFORMS = ['win32-x64', 'win32-ia32', 'win32-arm64', 'linux-x64', 'linux-arm64', 'linux-armhf', 'alpine-x64', 'alpine-arm64', 'darwin-x64', 'darwin-arm64', 'web', 'universal'];
// semver.org's regular expression for a valid version.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
// Control, format, unassigned, private-use, line and paragraph separators: refused in listing fields.
const BAD_CHARACTER = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Zl}\p{Zp}]/u;

/** The .vsix's contents as Open VSX reads them; a missing package.json or manifest is an error naming it. */
export function readVsix(file: string): VsixContents {
  const entries = readZipFile(file).entries;
  const read = (name: string) => {
    const entry = entries.find((e) => e.name === name);
    if (!entry) throw new Error(`${file}: ${name} not found (Open VSX refuses the package)`);
    return entry.read().toString('utf8');
  };
  return { packageJson: JSON.parse(read('extension/package.json')) as Record<string, unknown>, vsixManifest: read('extension.vsixmanifest'), entries: entries.map((e) => e.name) };
}

/** Every reason Open VSX would refuse to publish these contents, each naming the field; [] when it would accept them. */
export function openVsxProblems(vsix: VsixContents): string[] {
  const problems: string[] = [];
  const manifest = vsix.packageJson;
  const meta = vsixMetadata(vsix.vsixManifest);
  const identity = meta.identity;

  if (!identity.Id || !identity.Publisher || !identity.Version) problems.push('extension.vsixmanifest: <Identity> needs Id, Publisher and Version');
  for (const field of ['publisher', 'name', 'version'] as const) {
    if (typeof manifest[field] !== 'string' || !manifest[field]) problems.push(`package.json: missing required field '${field}'`);
  }
  problems.push(...nameProblems('publisher (namespace)', identity.Publisher ?? ''), ...nameProblems('name', identity.Id ?? ''));
  problems.push(...versionProblems(identity.Version ?? ''));
  const platform = identity.TargetPlatform || 'universal';
  if (!TARGET_PLATFORMS.includes(platform)) problems.push(`unsupported target platform '${platform}'`);

  const engines = manifest.engines as { vscode?: unknown } | undefined;
  if (typeof engines?.vscode !== 'string' || !engines.vscode.trim()) problems.push("package.json: engines.vscode is required (the VS Code versions the extension runs in)");
  const proposals = manifest.enabledApiProposals;
  if (Array.isArray(proposals) && proposals.length) problems.push(`package.json: enabledApiProposals (${proposals.join(', ')}): an extension using proposed API cannot be installed from a marketplace by a stable VS Code`);

  text(problems, 'displayName', meta.displayName, DEFAULT_SIZE);
  text(problems, 'description', meta.description, DESCRIPTION_SIZE);
  for (const category of list(meta.categories)) text(problems, 'categories', category, DEFAULT_SIZE);
  for (const tag of list(meta.tags)) text(problems, 'keywords', tag, DEFAULT_SIZE);
  const license = typeof manifest.license === 'string' ? manifest.license : undefined;
  text(problems, 'license', license, DEFAULT_SIZE);
  url(problems, 'homepage', stringOrUrl(manifest.homepage));
  url(problems, 'repository', stringOrUrl(manifest.repository));
  url(problems, 'bugs', stringOrUrl(manifest.bugs));
  if (manifest.markdown !== undefined && !['github', 'standard'].includes(String(manifest.markdown))) problems.push(`invalid value in field 'markdown': ${String(manifest.markdown)} (github or standard)`);
  const banner = manifest.galleryBanner as { color?: unknown; theme?: unknown } | undefined;
  if (banner?.color !== undefined) text(problems, 'galleryBanner.color', String(banner.color), GALLERY_COLOR_SIZE);
  if (banner?.theme !== undefined && !['dark', 'light'].includes(String(banner.theme))) problems.push(`invalid value in field 'galleryBanner.theme': ${String(banner.theme)} (dark or light)`);
  if (manifest.qna !== undefined && manifest.qna !== false) {
    const qna = String(manifest.qna);
    if (!['marketplace', 'false'].includes(qna) && !isUrl(qna)) problems.push(`invalid value in field 'qna': ${qna} (marketplace, false or a URL)`);
    if (qna.length > DEFAULT_SIZE) problems.push(`the field 'qna' exceeds ${DEFAULT_SIZE} characters`);
  }

  const licenseFile = meta.license ?? vsix.entries.find((e) => /^extension\/license(\.(md|txt))?$/i.test(e));
  if (!license && !licenseFile) problems.push('no license: package.json has no "license" and the package no LICENSE file');
  if (meta.license && !vsix.entries.includes(meta.license)) problems.push(`the license file ${meta.license} is not in the package`);
  if (meta.icon && !vsix.entries.includes(meta.icon)) problems.push(`the icon ${meta.icon} is not in the package`);
  return problems;
}

/**
 * ovsx's own check before an upload (validateManifest: publisher, name and version present; then a
 * license field or a LICENSE file), run on the package's files unpacked into a temporary folder.
 */
export async function ovsxLicenseOk(file: string): Promise<boolean> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-ovsx-'));
  try {
    for (const entry of readZipFile(file).entries) {
      if (!entry.name.startsWith('extension/') || entry.name.endsWith('/')) continue;
      const target = path.join(dir, entry.name.slice('extension/'.length));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, entry.read());
    }
    return await isLicenseOk(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function nameProblems(field: string, value: string): string[] {
  if (!value || value === '-') return [`${field} must not be empty`];
  if (!NAME.test(value)) return [`invalid ${field}: ${value} (letters, digits, _ - + $ ~ only)`];
  if (value.length > DEFAULT_SIZE) return [`${field} exceeds ${DEFAULT_SIZE} characters`];
  return [];
}

function versionProblems(version: string): string[] {
  if (!version) return ['version must not be empty'];
  if (RESERVED_VERSIONS.includes(version)) return [`the version '${version}' is reserved`];
  if (!SEMVER.test(version)) return [`invalid semantic version '${version}' (see semver.org)`];
  return [];
}

function text(problems: string[], field: string, value: string | undefined, limit: number): void {
  if (value === undefined) return;
  const bad = BAD_CHARACTER.exec(value);
  if (bad) problems.push(`invalid character in field '${field}' at index ${bad.index}`);
  if (value.length > limit) problems.push(`the field '${field}' exceeds ${limit} characters`);
}

function url(problems: string[], field: string, value: string | undefined): void {
  if (!value) return;
  if (!isUrl(value)) problems.push(`invalid URL in field '${field}': ${value}`);
  if (value.length > DEFAULT_SIZE) problems.push(`the field '${field}' exceeds ${DEFAULT_SIZE} characters`);
}

function isUrl(value: string): boolean {
  try {
    return new URL(value.startsWith('git+') ? value.slice(4) : value).host !== '';
  } catch {
    return false;
  }
}

function stringOrUrl(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const url = (value as { url?: unknown } | undefined)?.url;
  return typeof url === 'string' ? url : undefined;
}

function list(value: string | undefined): string[] {
  return value ? value.split(',').map((v) => v.trim()).filter(Boolean) : [];
}

/** The parts of extension.vsixmanifest Open VSX reads (vsce writes it; entities decoded). */
function vsixMetadata(xml: string): { identity: Record<string, string>; displayName?: string; description?: string; tags?: string; categories?: string; license?: string; icon?: string } {
  const identityTag = /<Identity\b([^>]*)\/?>/.exec(xml)?.[1] ?? '';
  const identity = Object.fromEntries([...identityTag.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key!, decode(value!)]));
  const element = (name: string) => {
    const match = new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`).exec(xml);
    return match ? decode(match[1]!) : undefined;
  };
  const meta: ReturnType<typeof vsixMetadata> = { identity };
  for (const [key, tag] of [['displayName', 'DisplayName'], ['description', 'Description'], ['tags', 'Tags'], ['categories', 'Categories'], ['license', 'License'], ['icon', 'Icon']] as const) {
    const value = element(tag);
    if (value !== undefined) meta[key] = value;
  }
  return meta;
}

function decode(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[entity.toLowerCase()]) return named[entity.toLowerCase()]!;
    return String.fromCodePoint(entity[1]!.toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });
}

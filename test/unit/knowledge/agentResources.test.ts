import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexAgentKnowledgeBase, isKnowledgeBaseResource, KnowledgeError, parseKnowledgeBaseResource, readKnowledgeBases, searchKnowledge } from '../../../src/core/knowledge';
import { parseJsonc } from '../../../src/core/settings';
import { thirdPartyDir } from '../../support/thirdPartyData';
import { tempWorkspace } from '../tools/toolFixture';

const entry = (fields: Record<string, unknown> = {}) => ({ type: 'knowledgeBase', source: 'file://./src/tokens', name: 'Tokens', description: 'Token sources', indexType: 'best', autoUpdate: false, ...fields });

describe('knowledgeBase resources of Kiro agents', () => {
  it('are told apart from file:// and skill:// resources', () => {
    expect(isKnowledgeBaseResource(entry())).toBe(true);
    expect(isKnowledgeBaseResource({ type: 'KnowledgeBase', source: 'x', name: 'y' })).toBe(true);
    expect(isKnowledgeBaseResource('file://.kiro/steering/a.md')).toBe(false);
    expect(isKnowledgeBaseResource({ type: 'file', source: 'x' })).toBe(false);
  });

  it('resolve file:// sources relative to the workspace, ~ to the home folder, and read the index type in any case', () => {
    const context = { workspace: '/ws', home: '/home/me' };
    expect(parseKnowledgeBaseResource(entry(), context)).toEqual({ name: 'Tokens', source: 'file://./src/tokens', path: '/ws/src/tokens', description: 'Token sources', indexType: 'best', autoUpdate: false, include: [], exclude: [] });
    expect(parseKnowledgeBaseResource(entry({ source: 'file://~/notes', indexType: 'Fast', include: '**/*.md' }), context)).toMatchObject({ path: '/home/me/notes', indexType: 'fast', include: ['**/*.md'] });
    expect(parseKnowledgeBaseResource(entry({ source: 'file:///srv/docs', indexType: undefined }), context)).toMatchObject({ path: '/srv/docs', indexType: 'fast' });
    expect(parseKnowledgeBaseResource(entry({ source: 'docs' }), context).path).toBe('/ws/docs');
  });

  it('report a bad entry naming the agent file and the field', () => {
    const context = { workspace: '/ws', file: '.kiro/agents/ada.json', index: 3 };
    const message = (fields: Record<string, unknown>) => {
      try {
        parseKnowledgeBaseResource(entry(fields), context);
        return 'no error';
      } catch (error) {
        expect(error).toBeInstanceOf(KnowledgeError);
        return (error as Error).message;
      }
    };
    expect(message({ name: '' })).toBe('.kiro/agents/ada.json: resources[3].name must be a non-empty string: the knowledge base needs a name.');
    expect(message({ indexType: 'semantic' })).toBe('.kiro/agents/ada.json: resources[3].indexType must be "fast" or "best" (got "semantic").');
    expect(message({ source: 's3://bucket/docs' })).toBe('.kiro/agents/ada.json: resources[3].source uses s3://; only file:// sources (a folder or file on this machine) can be indexed.');
    expect(message({ exclude: [1] })).toBe('.kiro/agents/ada.json: resources[3].exclude must be a glob pattern or a list of them.');
  });

  it('are indexed like `knowledge add`, belong to their agent, and are re-indexed only with autoUpdate', async () => {
    const ws = tempWorkspace({ 'src/tokens/spacing.ts': 'export const spacingScale = [4, 8, 12];\n' });
    const first = await indexAgentKnowledgeBase(ws.root, entry(), { agent: 'ada' });
    expect(first.base).toMatchObject({ name: 'Tokens', agent: 'ada', indexType: 'best', source: 'src/tokens', description: 'Token sources', autoUpdate: false });
    expect(first.summary).toMatchObject({ added: 1 });
    expect((await searchKnowledge(ws.root, { query: 'spacing scale', agent: 'ada' })).hits[0]?.path).toBe('src/tokens/spacing.ts');
    // Another agent (or none) does not search ada's bases.
    expect((await searchKnowledge(ws.root, { query: 'spacing scale' })).searched).toEqual([]);

    writeFileSync(ws.file('src/tokens/color.ts'), 'export const brandColor = "#0af";\n');
    expect((await indexAgentKnowledgeBase(ws.root, entry(), { agent: 'ada' })).summary).toBeNull();
    const updated = await indexAgentKnowledgeBase(ws.root, entry({ autoUpdate: true }), { agent: 'ada' });
    expect(updated.summary).toMatchObject({ added: 1, unchanged: 1 });
    expect((await readKnowledgeBases(ws.root)).filter((b) => b.agent === 'ada')).toHaveLength(1);
  });

  it('are rebuilt when the entry changes its source or index type', async () => {
    const ws = tempWorkspace({ 'src/tokens/a.ts': 'export const a = 1;\n', 'docs/a.md': '# A\n' });
    const before = await indexAgentKnowledgeBase(ws.root, entry(), { agent: 'ada' });
    const after = await indexAgentKnowledgeBase(ws.root, entry({ source: 'file://./docs', indexType: 'fast' }), { agent: 'ada' });
    expect(after.base.id).not.toBe(before.base.id);
    expect(after.base).toMatchObject({ source: 'docs', indexType: 'fast' });
    expect((await readKnowledgeBases(ws.root)).map((b) => b.id)).toEqual([after.base.id]);
  });

  it('never index a source outside the workspace unless the user allowed it', async () => {
    const ws = tempWorkspace();
    const outside = entry({ source: `file://${ws.outside}` });
    const error = await indexAgentKnowledgeBase(ws.root, outside, { agent: 'ada', file: '.kiro/agents/ada.json' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'outside_workspace', remedy: { action: 'allow-outside', source: ws.outside } });
    expect((error as Error).message).toContain('.kiro/agents/ada.json: knowledge base "Tokens" points outside the workspace');
    expect(await readKnowledgeBases(ws.root)).toEqual([]);
    const allowed = await indexAgentKnowledgeBase(ws.root, outside, { agent: 'ada', allowOutsideWorkspace: true });
    expect(allowed.base.source).toBe(ws.outside);
  });
});

const wild = thirdPartyDir('kiroConfigWild');

describe.runIf(wild)('knowledgeBase resources in real Kiro agent files', () => {
  const agentFiles = wild
    ? readdirSync(wild).flatMap((project) => {
        const dir = path.join(wild, project, '.kiro', 'agents');
        try {
          return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => ({ project, file: path.join(dir, f) }));
        } catch {
          return [];
        }
      })
    : [];
  const entries = agentFiles.flatMap(({ project, file }) => {
    const resources = (parseJsonc(readFileSync(file, 'utf8')) as { resources?: unknown[] }).resources ?? [];
    return resources.flatMap((resource, index) => (isKnowledgeBaseResource(resource) ? [{ project, file, index, resource }] : []));
  });

  it('are found in the data set', () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  it('are each read and indexed in a copy of their project, with a source folder standing in for the real one', async () => {
    for (const { project, file, index, resource } of entries) {
      const ws = tempWorkspace();
      cpSync(path.join(wild!, project, '.kiro', 'agents'), ws.file('.kiro/agents'), { recursive: true });
      const agentFile = path.relative(path.join(wild!, project), file);
      const parsed = parseKnowledgeBaseResource(resource, { workspace: ws.root, file: agentFile, index });
      mkdirSync(parsed.path, { recursive: true });
      writeFileSync(path.join(parsed.path, 'README.md'), `# ${parsed.name}\n\n${parsed.description ?? 'About this knowledge base.'}\n`);
      const agent = path.basename(file, '.json');
      const { base, summary } = await indexAgentKnowledgeBase(ws.root, resource, { agent, file: agentFile, index });
      expect(base).toMatchObject({ name: parsed.name, agent, indexType: parsed.indexType, files: 1 });
      expect(summary?.added).toBe(1);
      const hits = (await searchKnowledge(ws.root, { query: parsed.name, agent })).hits;
      expect(hits[0]?.path.endsWith('README.md')).toBe(true);
    }
  });
});

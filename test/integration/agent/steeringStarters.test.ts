import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activityEventSchema } from '../../../src/core/activity';
import { openWorkspaceCheckpointStore } from '../../../src/core/checkpoints';
import { loadSteering } from '../../../src/core/steering';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { mathsFiles } from '../../support/mathsProject';
import { makeWorkspace, runSpecwright } from '../../support/workspace';

const API_KEY = 'sk-ant-test-starters-4q5w6e';
let fake: FakeAnthropic | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const tool = (name: string, input: Record<string, unknown>): ScriptedTurn => ({ content: [{ type: 'tool_use', name, input }] });
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });
const env = () => ({ env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake!.url } });
const read = (ws: string, file: string) => readFileSync(path.join(ws, file), 'utf8');

const PRODUCT = '# Product\n\nA small maths library: `sum(a, b)` adds two numbers.\n';
const STRUCTURE = '# Structure\n\n- `src/` the library (`src/sum.js`)\n- `test/` node:test files, one per module\n';
const USERS_TECH = '---\ninclusion: always\n---\n\n# Tech\n\nOur own notes: Node 20 only.\n';

describe('steering generate against the fake Messages API', () => {
  it('surveys with read-only tools, writes the documents asked for with Kiro front matter, and keeps an existing one', async () => {
    const ws = makeWorkspace(mathsFiles({ '.kiro/steering/tech.md': USERS_TECH }));
    fake = await startFakeAnthropic(
      [
        tool('glob', { pattern: 'src/**/*.js' }),
        tool('fs_read', { operations: [{ mode: 'Line', path: 'src/sum.js' }] }),
        // Not asked for (it exists and --overwrite was not given): refused, and nothing is written.
        tool('save_steering_document', { name: 'tech', content: '# Tech\n\nNode.\n' }),
        // Front matter the model writes itself is replaced by Kiro's.
        tool('save_steering_document', { name: 'product', content: `---\ninclusion: manual\n---\n${PRODUCT}` }),
        tool('save_steering_document', { name: 'structure.md', content: STRUCTURE }),
        say('Wrote product.md and structure.md.'),
      ],
      { apiKey: API_KEY },
    );
    const run = await runSpecwright(['--workspace', ws, 'steering', 'generate', '--json', '--yes'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { runId: string; logFile: string; outcome: string; written: unknown[]; kept: unknown[]; notWritten: unknown[] };
    expect(body).toMatchObject({
      outcome: 'completed',
      written: [
        { name: 'product', file: '.kiro/steering/product.md', change: 'created' },
        { name: 'structure', file: '.kiro/steering/structure.md', change: 'created' },
      ],
      kept: [{ name: 'tech', file: '.kiro/steering/tech.md' }],
      notWritten: [],
    });
    expect(read(ws, '.kiro/steering/product.md')).toBe(`---\ninclusion: always\n---\n\n${PRODUCT}`);
    expect(read(ws, '.kiro/steering/structure.md')).toBe(`---\ninclusion: always\n---\n\n${STRUCTURE}`);
    expect(read(ws, '.kiro/steering/tech.md')).toBe(USERS_TECH);
    // Read back as steering, they are always-included documents without a warning.
    const catalog = await loadSteering(ws, { home: ws });
    expect(catalog.warnings).toEqual([]);
    expect(catalog.docs.map((d) => `${d.name}:${d.inclusion}`).sort()).toEqual(['product:always', 'structure:always', 'tech:always']);

    // Only looking tools and the save tool are offered; the prompt asks for the missing two, with the survey.
    const first = fake.requests.find((r) => r.path === '/v1/messages')!.body!;
    const offered = first.tools!.map((t) => (t as { name: string }).name).sort();
    expect(offered).toEqual(['fs_read', 'glob', 'grep', 'save_steering_document']);
    const content = first.messages[0]!.content;
    const prompt = typeof content === 'string' ? content : content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    expect(prompt).toContain('product.md, structure.md');
    expect(prompt).not.toContain('tech.md:');
    expect(prompt).toContain('"test": "node --test test/"');
    expect(prompt).toContain('src/sum.js');

    // The log holds the writes with their diffs and the refused save.
    const events = readFileSync(body.logFile, 'utf8').trim().split('\n').map((line) => activityEventSchema.parse(JSON.parse(line)));
    expect(events.filter((e) => e.type === 'file_written').map((e) => e.type === 'file_written' && `${e.path}:${e.change}`)).toEqual(['.kiro/steering/product.md:created', '.kiro/steering/structure.md:created']);
    expect(events.find((e) => e.type === 'tool_result' && e.tool === 'save_steering_document' && e.isError)).toMatchObject({ summary: expect.stringContaining('Only product, structure are asked for') });
    expect(events[0]).toMatchObject({ type: 'run_started', tasks: [], steering: { documents: ['product.md', 'structure.md'] } });
    expect(events.at(-1)).toMatchObject({ type: 'run_finished', outcome: 'completed' });

    // The run history says what the run was, and a resume passes over it.
    const runs = await runSpecwright(['--workspace', ws, 'runs', 'list', '--json']);
    expect(JSON.parse(runs.stdout)).toEqual({ runs: [{ runId: body.runId, spec: null, outcome: 'completed', completed: [], remaining: [], steering: { documents: ['product.md', 'structure.md'] } }] });
    const listed = await runSpecwright(['--workspace', ws, 'runs', 'list']);
    expect(listed.stdout).toContain('steering: product.md, structure.md');
  });

  it('replaces an existing document only with --overwrite, as Specwright’s own write: the checkpoint before it restores without force', async () => {
    const ws = makeWorkspace(mathsFiles({ '.kiro/steering/tech.md': USERS_TECH }), { git: true });
    const store = await openWorkspaceCheckpointStore(ws);
    const checkpoint = await store.create({ task: null, reason: 'manual' });
    fake = await startFakeAnthropic([tool('save_steering_document', { name: 'tech', content: '# Tech\n\n- Node.js, CommonJS\n- `npm test` runs node:test\n' }), say('Wrote tech.md.')], { apiKey: API_KEY });

    const run = await runSpecwright(['--workspace', ws, 'steering', 'generate', '--only', 'tech', '--overwrite', '--json', '--yes'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ written: [{ name: 'tech', change: 'modified' }], kept: [], notWritten: [] });
    expect(read(ws, '.kiro/steering/tech.md')).toBe('---\ninclusion: always\n---\n\n# Tech\n\n- Node.js, CommonJS\n- `npm test` runs node:test\n');

    const restore = await runSpecwright(['--workspace', ws, 'checkpoint', 'restore', checkpoint.id]);
    expect(restore.code).toBe(0);
    expect(read(ws, '.kiro/steering/tech.md')).toBe(USERS_TECH);
  });

  it('asks the model nothing when every document exists, says what a document the model never saved is, and refuses unknown names', async () => {
    const all = makeWorkspace(mathsFiles({ '.kiro/steering/product.md': 'p\n', '.kiro/steering/tech.md': 't\n', '.kiro/steering/structure.md': 's\n' }));
    fake = await startFakeAnthropic([say('unused')], { apiKey: API_KEY });
    const nothing = await runSpecwright(['--workspace', all, 'steering', 'generate'], env());
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain('Nothing to generate');
    expect(fake.requests.filter((r) => r.path === '/v1/messages')).toEqual([]);

    const ws = makeWorkspace(mathsFiles());
    await fake.close();
    fake = await startFakeAnthropic([tool('save_steering_document', { name: 'product', content: PRODUCT }), say('Done.')], { apiKey: API_KEY });
    const partial = await runSpecwright(['--workspace', ws, 'steering', 'generate', '--only', 'product,tech', '--json', '--yes'], env());
    expect(partial.code).toBe(1);
    expect(JSON.parse(partial.stdout)).toMatchObject({ outcome: 'failed', written: [{ name: 'product' }], notWritten: [{ name: 'tech', file: '.kiro/steering/tech.md', reason: 'The model did not hand it in.' }] });

    const usage = await runSpecwright(['--workspace', ws, 'steering', 'generate', '--only', 'readme']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--only takes product, tech and structure');
  });
});

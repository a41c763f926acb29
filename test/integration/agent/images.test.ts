import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { imagesIn, startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { jpegImage, pngImage } from '../../support/images';
import { runSpecwright } from '../../support/workspace';
import { mathsWorkspace, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-images-5c1e';
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const events = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
const lookAt = (paths: string[]): ScriptedTurn => ({ content: [{ type: 'tool_use', id: 'toolu_look', name: 'fs_read', input: { operations: [{ mode: 'Image', image_paths: paths }] } }] });
const finish: ScriptedTurn[] = [
  { content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: 'src/sum.js', file_text: WORKING_SUM } }] },
  { content: [{ type: 'tool_use', name: 'execute_bash', input: { command: 'npm test' } }] },
  { content: [{ type: 'text', text: 'Done.' }] },
];

async function run(workspace: string, script: ScriptedTurn[]) {
  fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  return runSpecwright(['--workspace', workspace, 'run', 'maths', '--task', '1', '--json'], { env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url } });
}

describe('images through fs_read, the real SDK and the Messages API', () => {
  it('sends the images the agent read to the model as image blocks of the tool result', async () => {
    const ws = mathsWorkspace();
    mkdirSync(path.join(ws, 'docs'));
    writeFileSync(path.join(ws, 'docs/mockup.png'), pngImage(120, 80));
    writeFileSync(path.join(ws, 'docs/photo.jpeg'), jpegImage());
    const result = await run(ws, [lookAt(['docs/mockup.png', 'docs/photo.jpeg']), ...finish]);
    expect(result.code).toBe(0);

    const [first, second, ...later] = fake!.requests.filter((r) => r.path === '/v1/messages');
    expect(imagesIn(first!.body)).toEqual([]);
    const seen = imagesIn(second!.body);
    expect(seen.map((i) => [i.toolUseId, i.mediaType])).toEqual([['toolu_look', 'image/png'], ['toolu_look', 'image/jpeg']]);
    expect(seen[0]!.bytes.equals(pngImage(120, 80))).toBe(true);
    expect(seen[1]!.bytes.equals(jpegImage())).toBe(true);
    const toolResult = (second!.body!.messages.at(-1)!.content as Array<{ type: string; content?: Array<{ type: string; text?: string }> }>)[0]!;
    expect(toolResult.content![0]).toMatchObject({ type: 'text', text: expect.stringContaining('2 images attached below: docs/mockup.png (PNG, 120×80') });
    // The images stay in the conversation, so every later request still carries them.
    for (const request of later) expect(imagesIn(request.body)).toHaveLength(2);
    // The run log records the reads, never the image data.
    const log = events(result.stdout);
    expect(log.filter((e) => e.type === 'file_read').map((e) => e.path)).toEqual(['docs/mockup.png', 'docs/photo.jpeg']);
    expect(result.stdout).not.toContain(pngImage(120, 80).toString('base64'));
  });

  it('tells the model which image is too big instead of sending a request the API would refuse', async () => {
    const ws = mathsWorkspace();
    writeFileSync(path.join(ws, 'scan.png'), pngImage(10, 10, { noiseBytes: 4.5 * 1024 * 1024 }));
    const result = await run(ws, [lookAt(['scan.png']), ...finish]);
    expect(result.code).toBe(0);
    const second = fake!.requests.filter((r) => r.path === '/v1/messages')[1]!;
    expect(imagesIn(second.body)).toEqual([]);
    const text = JSON.stringify(second.body!.messages.at(-1));
    expect(text).toContain('scan.png is 4.5 MB (6.0 MB once encoded); the model accepts images up to 5.0 MB encoded');
    expect(text).toContain('"is_error":true');
  });
});

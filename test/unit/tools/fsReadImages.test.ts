import { symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createToolset } from '../../../src/core/agent/tools';
import { gifImage, jpegImage, pngImage } from '../../support/images';
import { eventsOfType, tempWorkspace, toolContext } from './toolFixture';

const tools = createToolset();

describe('fs_read Image mode', () => {
  it('returns the images for the model with a line naming each', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.file('a.png'), pngImage(30, 20));
    writeFileSync(ws.file('b.jpg'), jpegImage());
    const ctx = toolContext(ws.root);
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Image', image_paths: ['a.png', 'b.jpg'] }] }, ctx);
    expect(result.isError).toBe(false);
    const [png, jpeg] = [pngImage(30, 20).length, jpegImage().length];
    expect(result.content).toBe(`2 images attached below: a.png (PNG, 30×20, ${png} bytes); b.jpg (JPEG, 8×8, ${jpeg} bytes).`);
    expect(result.images?.map((i) => [i.path, i.mediaType])).toEqual([['a.png', 'image/png'], ['b.jpg', 'image/jpeg']]);
    expect(Buffer.from(result.images![0]!.data, 'base64').equals(pngImage(30, 20))).toBe(true);
    expect(eventsOfType(ctx.events, 'file_read').map((e) => [e.path, e.detail])).toEqual([['a.png', `image 30×20, ${png} bytes`], ['b.jpg', `image 8×8, ${jpeg} bytes`]]);
  });

  it('accepts Kiro\'s shapes: lower-case mode, one path as a string, a lone path', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.file('a.gif'), gifImage());
    for (const op of [{ mode: 'image', image_paths: 'a.gif' }, { mode: 'Image', path: 'a.gif' }]) {
      const result = await tools.executeToolCall('fs_read', { operations: [op] }, toolContext(ws.root));
      expect(result.images).toHaveLength(1);
    }
  });

  it('asks the policy about each image as a read', async () => {
    const ws = tempWorkspace();
    const actions = await tools.plan('fs_read', { operations: [{ mode: 'Image', image_paths: ['shots/a.png', './shots/a.png', '.env.png'] }, { mode: 'Line', path: 'README.md' }] }, toolContext(ws.root));
    expect(actions).toEqual([
      { kind: 'read', path: 'shots/a.png' },
      { kind: 'read', path: '.env.png' },
      { kind: 'read', path: 'README.md' },
    ]);
  });

  it('refuses more than 10 images in one call, counting every Image operation', async () => {
    const ws = tempWorkspace();
    const six = Array.from({ length: 6 }, (_, i) => `p${i}.gif`);
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Image', image_paths: six }, { mode: 'Image', image_paths: six }] }, toolContext(ws.root));
    expect(result).toEqual({ content: '12 images were asked for; one call can read at most 10. Read them in several calls.', isError: true });
    await expect(tools.plan('fs_read', { operations: [{ mode: 'Image', image_paths: six }, { mode: 'Image', image_paths: six }] }, toolContext(ws.root))).rejects.toThrow('12 images were asked for');
  });

  it('sends the images that pass and names the ones that do not, with the limit they break', async () => {
    const ws = tempWorkspace({ 'notes.png': 'text\n' });
    writeFileSync(ws.file('ok.png'), pngImage(2, 2));
    writeFileSync(ws.file('wide.png'), pngImage(8_001, 1));
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Image', image_paths: ['ok.png', 'wide.png', 'notes.png'] }] }, toolContext(ws.root));
    expect(result.isError).toBe(false);
    expect(result.images?.map((i) => i.path)).toEqual(['ok.png']);
    expect(result.content).toContain('Not read: wide.png is 8001×1 pixels; the model accepts images up to 8000×8000. Scale it down first. notes.png is not an image the model can read');
  });

  it('fails with every reason when no image can be read', async () => {
    const ws = tempWorkspace();
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Image', image_paths: ['a.png', 'b.webp'] }] }, toolContext(ws.root));
    expect(result).toEqual({ content: 'a.png does not exist.\nb.webp does not exist.', isError: true });
    expect(result.images).toBeUndefined();
  });

  it('never reads an image outside the workspace, through a symlink either', async () => {
    const ws = tempWorkspace();
    writeFileSync(path.join(ws.outside, 'private.png'), pngImage(2, 2));
    symlinkSync(path.join(ws.outside, 'private.png'), ws.file('link.png'));
    for (const p of [path.join(ws.outside, 'private.png'), 'link.png', '../outside/private.png']) {
      const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Image', image_paths: [p] }] }, toolContext(ws.root));
      expect(result.isError).toBe(true);
      expect(result.content).toContain('outside the workspace');
      expect(result.images).toBeUndefined();
    }
  });

  it('mixes text and images in one batch', async () => {
    const ws = tempWorkspace({ 'notes.md': 'look at the logo\n' });
    writeFileSync(ws.file('logo.png'), pngImage(3, 3));
    const result = await tools.executeToolCall('fs_read', { operations: [{ mode: 'Line', path: 'notes.md' }, { mode: 'Image', image_paths: ['logo.png'] }] }, toolContext(ws.root));
    expect(result.content).toBe(`==> Line notes.md <==\n1\tlook at the logo\n\n==> Image logo.png <==\nImage attached below: logo.png (PNG, 3×3, ${pngImage(3, 3).length} bytes).`);
    expect(result.images).toHaveLength(1);
  });
});

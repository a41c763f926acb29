import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageInputError } from '../../../src/core/images';
import { imagePathsInPrompt, imageReferencesInPrompt, promptWithImages, readImageFile } from '../../../src/core/images/files';
import { gifImage, jpegImage, pngImage, webpImage } from '../../support/images';
import { tempWorkspace } from '../tools/toolFixture';

describe('readImageFile', () => {
  it.each([
    ['shot.png', () => pngImage(640, 480), 'image/png', [640, 480]],
    ['photo.jpg', jpegImage, 'image/jpeg', [8, 8]],
    ['anim.gif', gifImage, 'image/gif', [1, 1]],
    ['logo.webp', () => webpImage(32, 16), 'image/webp', [32, 16]],
  ] as const)('reads %s with its media type and size, base64-encoded', async (name, make, mediaType, [width, height]) => {
    const ws = tempWorkspace();
    const bytes = make();
    writeFileSync(ws.file(name), bytes);
    const image = await readImageFile(ws.file(name), name);
    expect(image).toMatchObject({ path: name, mediaType, width, height, bytes: bytes.length });
    expect(Buffer.from(image.data, 'base64').equals(bytes)).toBe(true);
  });

  it('takes the format from the bytes, not from the file name', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.file('actually-a-jpeg.png'), jpegImage());
    expect((await readImageFile(ws.file('actually-a-jpeg.png'), 'actually-a-jpeg.png')).mediaType).toBe('image/jpeg');
  });

  it('refuses a file over 10 MB, naming the file and the limit', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.file('huge.png'), pngImage(10, 10, { noiseBytes: 10.5 * 1024 * 1024 }));
    await expect(readImageFile(ws.file('huge.png'), 'huge.png')).rejects.toThrow(/^huge\.png is 10\.5 MB; images can be at most 10\.0 MB\.$/);
  });

  it('refuses an image the Messages API would refuse for its encoded size', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.file('big.png'), pngImage(10, 10, { noiseBytes: 4 * 1024 * 1024 }));
    const error = await readImageFile(ws.file('big.png'), 'big.png').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageInputError);
    expect((error as Error).message).toMatch(/^big\.png is 4\.0 MB \(5\.3 MB once encoded\); the model accepts images up to 5\.0 MB encoded/);
  });

  it('refuses an image wider or taller than 8,000 pixels', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.file('banner.png'), pngImage(9_000, 2));
    await expect(readImageFile(ws.file('banner.png'), 'banner.png')).rejects.toThrow('banner.png is 9000×2 pixels; the model accepts images up to 8000×8000.');
  });

  it('refuses formats the model cannot read, and files that are not images', async () => {
    const ws = tempWorkspace({ 'notes.png': 'just text, named like an image\n' });
    // A BMP header: a real image format, but not one the model reads.
    const bmp = Buffer.alloc(64);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(64, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(4, 18);
    bmp.writeInt32LE(4, 22);
    writeFileSync(ws.file('icon.bmp'), bmp);
    await expect(readImageFile(ws.file('icon.bmp'), 'icon.bmp')).rejects.toThrow('icon.bmp is a BMP image; the model reads JPEG, PNG, GIF and WebP only.');
    await expect(readImageFile(ws.file('notes.png'), 'notes.png')).rejects.toThrow('notes.png is not an image the model can read (JPEG, PNG, GIF and WebP are).');
    await expect(readImageFile(ws.file('gone.png'), 'gone.png')).rejects.toThrow('gone.png does not exist.');
  });
});

describe('chat prompts with images', () => {
  it('finds the image files a prompt names: relative, absolute, home and quoted paths, each once', () => {
    const ws = tempWorkspace();
    mkdirSync(ws.file('shots'));
    writeFileSync(ws.file('shots/a.png'), pngImage(2, 2));
    writeFileSync(ws.file('my shot.JPG'), jpegImage());
    const home = path.join(ws.root, 'home');
    mkdirSync(home);
    writeFileSync(path.join(home, 'h.webp'), webpImage(1, 1));
    const text = `Compare shots/a.png, "my shot.JPG" and ~/h.webp with ${ws.file('shots/a.png')}; ignore missing.png and notes.md.`;
    expect(imagePathsInPrompt(text, { cwd: ws.root, home })).toEqual([ws.file('shots/a.png'), ws.file('my shot.JPG'), path.join(home, 'h.webp')]);
  });

  it('tells a path written as a path from a bare name, finds missing ones, and takes no URL for a path', () => {
    const ws = tempWorkspace();
    writeFileSync(ws.file('here.png'), pngImage(2, 2));
    const refs = imageReferencesInPrompt('see ./here.png, ../up/gone.gif, later.webp and https://example.com/x.png', { cwd: ws.root, home: ws.root });
    expect(refs.map(({ written, exists, explicit }) => ({ written, exists, explicit }))).toEqual([
      { written: './here.png', exists: true, explicit: true },
      { written: '../up/gone.gif', exists: false, explicit: true },
      { written: 'later.webp', exists: false, explicit: false },
    ]);
  });

  it('puts the images before the text, as the model reads best', async () => {
    const ws = tempWorkspace();
    writeFileSync(ws.file('ui.png'), pngImage(4, 4));
    const content = await promptWithImages('What is wrong with ui.png?', { cwd: ws.root });
    expect(content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pngImage(4, 4).toString('base64') } },
      { type: 'text', text: 'What is wrong with ui.png?' },
    ]);
  });

  it('keeps a prompt without images a plain string', async () => {
    const ws = tempWorkspace();
    expect(await promptWithImages('No pictures here.', { cwd: ws.root })).toBe('No pictures here.');
  });

  it('refuses more than 10 images in one message', async () => {
    const ws = tempWorkspace();
    const paths = Array.from({ length: 11 }, (_, i) => {
      writeFileSync(ws.file(`p${i}.gif`), gifImage());
      return `p${i}.gif`;
    });
    await expect(promptWithImages('all of them', { cwd: ws.root, imagePaths: paths })).rejects.toThrow('11 images are attached; a message can carry at most 10.');
  });
});

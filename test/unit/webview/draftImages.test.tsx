// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_IMAGE_BASE64_BYTES, MAX_IMAGES_PER_REQUEST } from '../../../src/core/images';
import { defaultUiState, loadUiState } from '../../../webview-ui/src/state/uiState';
import { DRAFT_WITH_IMAGES_SAVE_MS } from '../../../webview-ui/src/state/useSavedUiState';
import { gifImage, pngImage } from '../../support/images';
import { recordedRun } from '../../e2e/panel/recordedRun';
import { initMessage, renderPanel } from './renderPanel';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const png = (name: string, width = 4) => ({ name, mediaType: 'image/png', data: pngImage(width, 3).toString('base64') });
const gif = (name: string) => ({ name, mediaType: 'image/gif', data: gifImage().toString('base64') });
const savedState = (fields: Record<string, unknown>) => ({ ...defaultUiState, ...fields });

describe('loading a saved draft’s images', () => {
  it('loads a state saved before images were kept, with an empty image list', () => {
    const { draftImages: _, ...older } = savedState({ draft: 'half a thought' });
    expect(loadUiState(older)).toEqual({ ...defaultUiState, draft: 'half a thought', draftImages: [] });
  });

  it('keeps the images a message could carry, in their order', () => {
    const images = [png('screenshot.png'), gif('spinner.gif')];
    expect(loadUiState(savedState({ draft: 'Look', draftImages: images }))).toMatchObject({ draft: 'Look', draftImages: images });
  });

  it('drops a malformed or oversized image by itself, keeping the text and the other images', () => {
    const kept = png('kept.png');
    const loaded = loadUiState(
      savedState({
        draft: 'still here',
        draftImages: [
          'not an image',
          { name: 'no-data.png', mediaType: 'image/png' },
          { ...png('scan.tiff'), mediaType: 'image/tiff' },
          { ...png('broken.png'), data: 'not base64!' },
          { ...png('empty.png'), data: '' },
          { ...png('huge.png'), data: 'A'.repeat(MAX_IMAGE_BASE64_BYTES + 4) },
          { ...png(''), name: '' },
          kept,
          { ...png('kept.png', 9) },
        ],
      }),
    );
    expect(loaded.draft).toBe('still here');
    expect(loaded.draftImages).toEqual([kept]);
  });

  it('keeps no more images than a message carries', () => {
    const many = Array.from({ length: MAX_IMAGES_PER_REQUEST + 3 }, (_, i) => gif(`frame${i + 1}.gif`));
    expect(loadUiState(savedState({ draftImages: many })).draftImages.map((image) => image.name)).toEqual(many.slice(0, MAX_IMAGES_PER_REQUEST).map((image) => image.name));
  });

  it('loads an empty draft from a state whose image list is not a list', () => {
    expect(loadUiState(savedState({ draft: 'lost with it', draftImages: 'screenshot.png' }))).toEqual(defaultUiState);
  });
});

const box = () => screen.getByRole('combobox', { name: 'Message the agent' }) as HTMLTextAreaElement;
const thumbnails = () => within(screen.getByRole('list', { name: 'Attached images' })).getAllByRole('img').map((img) => img.getAttribute('alt'));

describe('a draft’s images across hiding and re-showing', () => {
  it('comes back with the saved images as thumbnails beside the text, and sends them with it', () => {
    const images = [png('screenshot.png'), gif('spinner.gif')];
    const panel = renderPanel(savedState({ draft: 'Why is this cut off?', draftImages: images }));
    panel.send(initMessage(recordedRun));
    expect(box().value).toBe('Why is this cut off?');
    expect(thumbnails()).toEqual(['screenshot.png', 'spinner.gif']);
    expect(screen.getByRole('img', { name: 'screenshot.png' }).getAttribute('src')).toBe(`data:image/png;base64,${images[0]!.data}`);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(panel.vscode.posted.at(-1)).toEqual({ type: 'sendMessage', text: 'Why is this cut off?', images });
    expect(panel.vscode.state).toMatchObject({ draft: '', draftImages: [] });
  });

  it('saves the removal of an image at once', () => {
    const panel = renderPanel(savedState({ draftImages: [png('a.png'), png('b.png')] }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove a.png' }));
    expect(panel.vscode.state).toMatchObject({ draftImages: [png('b.png')] });
  });

  it('saves the text typed beside images once typing pauses, not on every keystroke', () => {
    vi.useFakeTimers();
    const panel = renderPanel(savedState({ draftImages: [png('a.png')] }));
    const saves = vi.spyOn(panel.vscode, 'setState');
    for (const text of ['L', 'Lo', 'Loo', 'Look']) {
      fireEvent.change(box(), { target: { value: text } });
      act(() => void vi.advanceTimersByTime(DRAFT_WITH_IMAGES_SAVE_MS - 1));
    }
    expect(saves).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(1));
    expect(saves).toHaveBeenCalledTimes(1);
    expect(panel.vscode.state).toMatchObject({ draft: 'Look', draftImages: [png('a.png')] });
  });

  it('saves the waiting text when the panel loses the focus', () => {
    vi.useFakeTimers();
    const panel = renderPanel(savedState({ draftImages: [png('a.png')] }));
    fireEvent.change(box(), { target: { value: 'typed just before switching away' } });
    act(() => void window.dispatchEvent(new FocusEvent('blur')));
    expect(panel.vscode.state).toMatchObject({ draft: 'typed just before switching away' });
  });

  it('saves text without images on every change, as before', () => {
    const panel = renderPanel();
    fireEvent.change(box(), { target: { value: 'L' } });
    expect(panel.vscode.state).toMatchObject({ draft: 'L' });
  });
});

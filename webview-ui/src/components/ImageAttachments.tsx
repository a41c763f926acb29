import { useCallback, useEffect, useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import type { ComposerImage } from '../../../src/shared/panelMessages';
import { composerImageOf, filesOf, pastedImageOf, readPastedImages, type PastedImage } from '../composer/pastedImages';

export interface ImageAttachmentsState {
  images: readonly PastedImage[];
  /** Why an image was not attached, or why the host did not send the last message. */
  problems: readonly string[];
  onPaste(event: ClipboardEvent<HTMLElement>): void;
  onDragOver(event: DragEvent<HTMLElement>): void;
  onDrop(event: DragEvent<HTMLElement>): void;
  remove(name: string): void;
  /** The images as a message carries them; the composer is emptied of them, and they are kept in case the host refuses the message. */
  take(text: string): ComposerImage[];
}

/** The images a draft held when the panel was put away, and where each change of them is kept. */
export interface DraftImages {
  saved: readonly ComposerImage[];
  onChange(images: ComposerImage[]): void;
}

/**
 * The composer's pasted and dropped images: read and checked as they arrive, removable one by one,
 * taken with the message. When the host says it did not send the message (`hostError`), the text
 * and images come back into an empty composer (`restoreText`), so nothing typed or pasted is lost.
 * They start as the `draft`'s saved images and every change is handed to it, so they survive the
 * panel being hidden and shown again as the text does.
 */
export function useImageAttachments(hostError: { message: string; id: number } | null, restoreText: (text: string) => void, draft?: DraftImages): ImageAttachmentsState {
  const [images, setImages] = useState<readonly PastedImage[]>(() => draft?.saved.map(pastedImageOf) ?? []);
  const [problems, setProblems] = useState<readonly string[]>([]);
  const held = useRef(images);
  held.current = images;
  const lastSent = useRef<{ text: string; images: readonly PastedImage[] } | null>(null);
  const keep = useRef(draft?.onChange);
  keep.current = draft?.onChange;
  const kept = useRef(images);

  useEffect(() => {
    // Only a change is saved: the images a panel starts with are already in its saved state.
    if (kept.current === images) return;
    kept.current = images;
    keep.current?.(images.map(composerImageOf));
  }, [images]);

  useEffect(() => {
    if (!hostError) return;
    setProblems([hostError.message]);
    const sent = lastSent.current;
    lastSent.current = null;
    if (sent && !held.current.length) {
      setImages(sent.images);
      restoreText(sent.text);
    }
    // Only a new report from the host restores (restoreText is a new function every render).
  }, [hostError]);

  const add = useCallback((files: File[]) => {
    void readPastedImages(files, held.current).then(
      (read) => {
        setImages((before) => [...before, ...read.images]);
        setProblems(read.problems);
      },
      (error: unknown) => setProblems([error instanceof Error ? error.message : String(error)]),
    );
  }, []);

  return {
    images,
    problems,
    onPaste: (event) => {
      const files = filesOf(event.clipboardData);
      // Text pastes as text; only files are taken here.
      if (!files.length) return;
      event.preventDefault();
      add(files);
    },
    onDragOver: (event) => {
      if (![...event.dataTransfer.types].includes('Files')) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDrop: (event) => {
      const files = filesOf(event.dataTransfer);
      if (!files.length) return;
      event.preventDefault();
      add(files);
    },
    remove: (name) => {
      setImages((before) => before.filter((image) => image.name !== name));
      setProblems([]);
    },
    take: (text) => {
      lastSent.current = { text, images };
      setImages([]);
      setProblems([]);
      return images.map(composerImageOf);
    },
  };
}

/** Thumbnails of the attached images, each with a remove button, and what went wrong. */
export function ImageAttachments({ state }: { state: ImageAttachmentsState }) {
  if (!state.images.length && !state.problems.length) return null;
  return (
    <div className="sw-attachments">
      {state.images.length > 0 && (
        <ul className="sw-attachments__list" aria-label="Attached images">
          {state.images.map((image) => (
            <li key={image.name} className="sw-attachment" title={image.name}>
              <img className="sw-attachment__thumb" src={image.preview} alt={image.name} />
              <button type="button" className="sw-attachment__remove" aria-label={`Remove ${image.name}`} title={`Remove ${image.name}`} onClick={() => state.remove(image.name)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {state.problems.length > 0 && (
        <div className="sw-attachments__problems" role="alert">
          {state.problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </div>
      )}
    </div>
  );
}

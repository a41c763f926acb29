import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ComposerImage, MentionChoice } from '../../../src/shared/panelMessages';
import { completeMention, matchingChoices, mentionAt, type MentionQuery } from '../composer/mentionQuery';
import { ImageAttachments, useImageAttachments, type DraftImages } from './ImageAttachments';
import { MentionList } from './MentionList';
import { usePromptCompletion, type PromptCompletion } from './PromptPicker';

const MAX_ROWS = 6;

export interface ComposerProps {
  draft: string;
  onDraft(text: string): void;
  /** The draft's images kept while the panel was hidden, and where their changes are kept (none: not kept). */
  draftImages?: DraftImages;
  /** `images`: those pasted or dropped into the composer (none: an empty list). */
  onSend(text: string, images: ComposerImage[]): void;
  /** The steering documents `#` completes to (a message naming one gets it). */
  mentionChoices?: readonly MentionChoice[];
  /** What `/` opening the message offers: the MCP servers' prompts. */
  prompts?: PromptCompletion;
  /** Changes when the message box should take the focus, the caret at the end (a prompt's text came in). */
  focusRequest?: number;
  /** Why the host did not send the last message: shown here, the message put back. */
  hostError?: { message: string; id: number } | null;
}

/**
 * A message box for talking to the agent: Enter sends, Shift+Enter starts a new line. Typing `#`
 * offers the steering documents a message can name, with their descriptions: arrows move, Enter or
 * Tab completes, Escape closes the list (and only the list). Images pasted or dropped in go with
 * the message (ImageAttachments).
 */
export function Composer({ draft, onDraft, draftImages, onSend, mentionChoices = [], prompts, focusRequest, hostError = null }: ComposerProps) {
  const id = useId();
  const listId = `${id}-mentions`;
  const input = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  /** The mention closed with Escape (its `#` position and query): not offered again until it changes. */
  const [dismissed, setDismissed] = useState<string | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const attachments = useImageAttachments(hostError, (text) => draft === '' && onDraft(text), draftImages);

  const mention: MentionQuery | null = caret === null ? null : mentionAt(draft, caret);
  const mentionKey = mention ? `${mention.start}:${mention.query}` : null;
  const matches = mention && mentionKey !== dismissed ? matchingChoices(mentionChoices, mention.query) : [];
  const open = matches.length > 0;
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));
  const prompt = usePromptCompletion(draft, caret, `${id}-prompts`, (text) => {
    pendingCaret.current = text.length;
    setCaret(text.length);
    onDraft(text);
  }, prompts);

  useLayoutEffect(() => {
    if (focusRequest === undefined || !input.current) return;
    input.current.focus();
    input.current.setSelectionRange(input.current.value.length, input.current.value.length);
  }, [focusRequest]);

  useLayoutEffect(() => {
    if (pendingCaret.current === null || !input.current) return;
    input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [draft]);

  const send = () => {
    if (draft.trim() === '') return;
    onSend(draft.trim(), attachments.take(draft.trim()));
    onDraft('');
    setDismissed(null);
  };

  const choose = (choice: MentionChoice) => {
    if (!mention) return;
    const done = completeMention(draft, mention, choice.name);
    pendingCaret.current = done.caret;
    setCaret(done.caret);
    setActive(0);
    onDraft(done.text);
  };

  const trackCaret = () => setCaret(input.current?.selectionStart ?? null);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (prompt.onKeyDown(e)) return;
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + step + matches.length) % matches.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        choose(matches[activeIndex]!);
        return;
      }
      if (e.key === 'Escape') {
        // Closes the list; the panel's Escape (stop the run) is not meant.
        e.preventDefault();
        e.stopPropagation();
        setDismissed(mentionKey);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  };

  return (
    <form
      className="sw-composer"
      onDragOver={attachments.onDragOver}
      onDrop={attachments.onDrop}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label htmlFor={id} className="sw-visually-hidden">
        Message the agent
      </label>
      <ImageAttachments state={attachments} />
      {prompt.list}
      {open && <MentionList id={listId} choices={matches} active={activeIndex} optionId={(i) => `${listId}-${i}`} onChoose={choose} onHover={setActive} />}
      <textarea
        ref={input}
        id={id}
        className="sw-composer__input"
        rows={Math.min(MAX_ROWS, Math.max(1, draft.split('\n').length))}
        placeholder="Message the agent — # names steering, / a server's prompt, images paste or drop in; Enter sends, Shift+Enter for a new line"
        value={draft}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open || prompt.open}
        aria-controls={open ? listId : prompt.activeOptionId ? `${id}-prompts` : undefined}
        aria-activedescendant={open ? `${listId}-${activeIndex}` : prompt.activeOptionId}
        onChange={(e) => {
          setCaret(e.target.selectionStart);
          setActive(0);
          // Typing on after Escape offers the list again.
          const typed = mentionAt(e.target.value, e.target.selectionStart);
          if (!typed || `${typed.start}:${typed.query}` !== dismissed) setDismissed(null);
          onDraft(e.target.value);
        }}
        onSelect={trackCaret}
        onBlur={() => setCaret(null)}
        onFocus={trackCaret}
        onKeyDown={onKeyDown}
        onPaste={attachments.onPaste}
      />
      <button type="submit" className="sw-button" disabled={draft.trim() === ''}>
        Send
      </button>
    </form>
  );
}

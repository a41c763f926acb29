import { useId } from 'react';

const MAX_ROWS = 6;

export interface ComposerProps {
  draft: string;
  onDraft(text: string): void;
  onSend(text: string): void;
}

/** A message box for talking to the agent: Enter sends, Shift+Enter starts a new line. */
export function Composer({ draft, onDraft, onSend }: ComposerProps) {
  const id = useId();
  const send = () => {
    if (draft.trim() === '') return;
    onSend(draft.trim());
    onDraft('');
  };
  return (
    <form
      className="sw-composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label htmlFor={id} className="sw-visually-hidden">
        Message the agent
      </label>
      <textarea
        id={id}
        className="sw-composer__input"
        rows={Math.min(MAX_ROWS, Math.max(1, draft.split('\n').length))}
        placeholder="Message the agent — Enter to send, Shift+Enter for a new line"
        value={draft}
        onChange={(e) => onDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" className="sw-button" disabled={draft.trim() === ''}>
        Send
      </button>
    </form>
  );
}

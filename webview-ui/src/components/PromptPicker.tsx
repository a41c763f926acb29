import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { promptCommand, type PromptChoice } from '../../../src/shared/panelMessages';
import { matchingPrompts, promptQueryAt } from '../composer/promptQuery';
import type { PromptForm } from '../state/panelStore';

/** What the composer's `/` offers, and what it does with a choice. */
export interface PromptCompletion {
  choices: readonly PromptChoice[];
  problems: ReadonlyArray<{ server: string; message: string }>;
  loading: boolean;
  /** `/` opened the message: the host is asked for the prompts (again: servers come and go). */
  onOpen(): void;
  onChoose(prompt: PromptChoice): void;
}

export interface PromptCompletionState {
  open: boolean;
  /** The id of the active option, for the message box's aria-activedescendant. */
  activeOptionId: string | undefined;
  list: ReactNode;
  /** Handles the list's keys (arrows, Enter, Tab, Escape); true when the key was the list's. */
  onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean;
}

/**
 * `/server:prompt` completion for the composer: a `/` opening the message lists the running MCP
 * servers' prompts (asked for each time it opens), with why a server offers none; arrows move,
 * Enter or Tab chooses, Escape closes the list only.
 */
export function usePromptCompletion(draft: string, caret: number | null, listId: string, complete: (text: string) => void, completion?: PromptCompletion): PromptCompletionState {
  const [active, setActive] = useState(0);
  /** The query closed with Escape (or chosen): not offered again until it changes. */
  const [dismissed, setDismissed] = useState<string | null>(null);
  const slash = completion && caret !== null ? promptQueryAt(draft, caret) : null;
  const query = slash && slash.query !== dismissed ? slash.query : null;

  const typedSlash = slash !== null;
  const onOpen = useRef(completion?.onOpen);
  onOpen.current = completion?.onOpen;
  useEffect(() => {
    if (typedSlash) onOpen.current?.();
  }, [typedSlash]);
  const opensWithSlash = draft.startsWith('/');
  useEffect(() => {
    if (!opensWithSlash) setDismissed(null);
  }, [opensWithSlash]);

  if (query === null || !completion) return { open: false, activeOptionId: undefined, list: null, onKeyDown: () => false };
  const matches = matchingPrompts(completion.choices, query);
  const serverTyped = query.split(':')[0]!.toLowerCase();
  const problems = completion.problems.filter((p) => p.server.toLowerCase().startsWith(serverTyped));
  const none = !completion.loading && query === '' && completion.choices.length === 0 && problems.length === 0;
  if (!matches.length && !completion.loading && !problems.length && !none) return { open: false, activeOptionId: undefined, list: null, onKeyDown: () => false };

  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));
  const optionId = (i: number) => `${listId}-${i}`;
  const choose = (prompt: PromptChoice) => {
    const command = promptCommand(prompt);
    setDismissed(command.slice(1));
    setActive(0);
    complete(command);
    completion.onChoose(prompt);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (e.key === 'Escape') {
      // Closes the list; the panel's Escape (stop the run) is not meant.
      e.preventDefault();
      e.stopPropagation();
      setDismissed(query);
      return true;
    }
    if (!matches.length) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((activeIndex + (e.key === 'ArrowDown' ? 1 : -1) + matches.length) % matches.length);
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      e.preventDefault();
      choose(matches[activeIndex]!);
      return true;
    }
    return false;
  };

  const list = (
    <div className="sw-mentions sw-prompts">
      {matches.length > 0 && (
        <ul id={listId} className="sw-prompts__list" role="listbox" aria-label="MCP prompts">
          {matches.map((prompt, index) => (
            <li
              key={`${prompt.server}\u0000${prompt.name}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              className={`sw-mentions__option${index === activeIndex ? ' sw-mentions__option--active' : ''}`}
              // Keeps the focus (and the caret) in the message box.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(prompt)}
              onMouseEnter={() => setActive(index)}
            >
              <span className="sw-mentions__name">{promptCommand(prompt)}</span>
              {prompt.arguments.length > 0 && <span className="sw-mentions__mode">{prompt.arguments.map((a) => (a.required ? `${a.name}*` : a.name)).join(', ')}</span>}
              {prompt.description && <span className="sw-mentions__description">{prompt.description}</span>}
            </li>
          ))}
        </ul>
      )}
      {completion.loading && (
        <p className="sw-prompts__note" role="status">
          Asking the MCP servers for their prompts…
        </p>
      )}
      {problems.map((p) => (
        <p key={`${p.server}\u0000${p.message}`} className="sw-prompts__note sw-prompts__note--problem" role="note">
          {p.message}
        </p>
      ))}
      {none && (
        <p className="sw-prompts__note" role="note">
          No running MCP server offers prompts.
        </p>
      )}
    </div>
  );
  return { open: true, activeOptionId: matches.length ? optionId(activeIndex) : undefined, list, onKeyDown };
}

export interface PromptArgumentsProps {
  form: PromptForm;
  onFill(args: Record<string, string>): void;
  onCancel(): void;
}

/**
 * The chosen prompt's arguments, one field each (required ones marked and enforced); its text comes
 * back into the message box. What went wrong (the server failed, the prompt is gone) shows here.
 */
export function PromptArguments({ form, onFill, onCancel }: PromptArgumentsProps) {
  const { prompt, status, error } = form;
  const [values, setValues] = useState<Record<string, string>>({});
  const command = promptCommand(prompt);
  const filling = status === 'filling';
  return (
    <form
      className="sw-prompt-form"
      aria-label={`Arguments of ${command}`}
      onSubmit={(e) => {
        e.preventDefault();
        onFill(Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== '')));
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        // Closes the form; the panel's Escape (stop the run) is not meant.
        e.preventDefault();
        e.stopPropagation();
        onCancel();
      }}
    >
      <p className="sw-prompt-form__title">
        <code>{command}</code>
        {prompt.description && <span className="sw-prompt-form__description"> {prompt.description}</span>}
      </p>
      {prompt.arguments.map((argument, index) => (
        <label key={argument.name} className="sw-prompt-form__field">
          <span className="sw-prompt-form__name">
            {argument.name}
            {argument.required && (
              <>
                <span aria-hidden="true"> *</span>
                <span className="sw-visually-hidden"> (required)</span>
              </>
            )}
          </span>
          <input
            className="sw-prompt-form__input"
            value={values[argument.name] ?? ''}
            required={argument.required}
            aria-required={argument.required}
            placeholder={argument.description}
            title={argument.description}
            autoFocus={index === 0}
            disabled={filling}
            onChange={(e) => setValues({ ...values, [argument.name]: e.target.value })}
          />
        </label>
      ))}
      {error && (
        <p className="sw-prompt-form__error" role="alert">
          {error}
        </p>
      )}
      <div className="sw-prompt-form__actions">
        <button type="submit" className="sw-button" disabled={filling}>
          {filling ? 'Getting the prompt…' : prompt.arguments.length ? 'Insert Prompt' : 'Try Again'}
        </button>
        <button type="button" className="sw-button sw-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

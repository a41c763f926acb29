import type { MentionChoice } from '../../../src/shared/panelMessages';

const MODE_LABEL: Record<MentionChoice['inclusion'], string> = { manual: 'manual', auto: 'auto', fileMatch: 'fileMatch' };

export interface MentionListProps {
  id: string;
  choices: readonly MentionChoice[];
  active: number;
  optionId(index: number): string;
  onChoose(choice: MentionChoice): void;
  onHover(index: number): void;
}

/** The composer's `#` completion: each steering document with its mode and description. */
export function MentionList({ id, choices, active, optionId, onChoose, onHover }: MentionListProps) {
  return (
    <ul id={id} className="sw-mentions" role="listbox" aria-label="Steering documents to name">
      {choices.map((choice, index) => (
        <li
          key={choice.source}
          id={optionId(index)}
          role="option"
          aria-selected={index === active}
          className={`sw-mentions__option${index === active ? ' sw-mentions__option--active' : ''}`}
          title={choice.source}
          // Keeps the focus (and the caret) in the message box.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onChoose(choice)}
          onMouseEnter={() => onHover(index)}
        >
          <span className="sw-mentions__name">#{choice.name}</span>
          <span className="sw-mentions__mode">{MODE_LABEL[choice.inclusion]}</span>
          {choice.description && <span className="sw-mentions__description">{choice.description}</span>}
        </li>
      ))}
    </ul>
  );
}

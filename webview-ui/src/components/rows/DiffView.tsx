import { memo, useState } from 'react';

/** Lines shown before "Show all": a huge diff should not freeze the panel when opened. */
const PREVIEW_LINES = 400;

type LineKind = 'add' | 'del' | 'hunk' | 'meta' | 'ctx';

function lineKind(line: string): LineKind {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')) return 'meta';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return 'ctx';
}

const gutter: Record<LineKind, string> = { add: '+', del: '−', hunk: '', meta: '', ctx: '' };

/** A unified diff with added and removed lines coloured by the theme's diff colours. */
export const DiffView = memo(function DiffView({ diff, label }: { diff: string; label: string }) {
  const [showAll, setShowAll] = useState(false);
  const lines = diff.replace(/\n$/, '').split('\n');
  const shown = showAll ? lines : lines.slice(0, PREVIEW_LINES);
  if (diff.trim() === '') return <p className="sw-note">No textual changes to show.</p>;
  return (
    <div className="sw-diff" role="region" aria-label={label}>
      <pre className="sw-diff__lines">
        {shown.map((line, i) => {
          const kind = lineKind(line);
          // The gutter shows the +/− (and a blank for context), so every code line starts in the same column.
          const text = kind === 'add' || kind === 'del' || (kind === 'ctx' && line.startsWith(' ')) ? line.slice(1) : line;
          return (
            <span key={i} className={`sw-diff__line sw-diff__line--${kind}`}>
              <span className="sw-diff__gutter" aria-hidden="true">
                {gutter[kind]}
              </span>
              <span className="sw-visually-hidden">{kind === 'add' ? 'added: ' : kind === 'del' ? 'removed: ' : ''}</span>
              {text || ' '}
              {'\n'}
            </span>
          );
        })}
      </pre>
      {lines.length > shown.length && (
        <button type="button" className="sw-link-button" onClick={() => setShowAll(true)}>
          Show all {lines.length} lines
        </button>
      )}
    </div>
  );
});

import type { KindFilter } from '../timeline/visibleRows';
import { KIND_FILTERS } from '../timeline/visibleRows';

const filterLabels: Record<KindFilter, string> = { all: 'All', edits: 'Edits', commands: 'Commands', errors: 'Errors' };

export interface ToolbarProps {
  filter: KindFilter;
  search: string;
  counts: Record<KindFilter, number>;
  onFilter(filter: KindFilter): void;
  onSearch(search: string): void;
}

/** Filter by kind and search the steps' text. */
export function Toolbar({ filter, search, counts, onFilter, onSearch }: ToolbarProps) {
  return (
    <div className="sw-toolbar">
      <div className="sw-filters" role="group" aria-label="Show steps">
        {KIND_FILTERS.map((kind) => (
          <button
            key={kind}
            type="button"
            className={`sw-filter${kind === 'errors' && counts.errors > 0 ? ' sw-filter--alert' : ''}`}
            aria-pressed={filter === kind}
            onClick={() => onFilter(kind)}
          >
            {filterLabels[kind]}
            <span className="sw-filter__count">{counts[kind]}</span>
          </button>
        ))}
      </div>
      <input
        type="search"
        className="sw-search"
        placeholder="Search activity"
        aria-label="Search activity"
        value={search}
        onChange={(e) => onSearch(e.target.value)}
        onKeyDown={(e) => {
          // Escape clears a search first; with nothing to clear it reaches the panel (and stops the agent).
          if (e.key === 'Escape' && search !== '') {
            e.preventDefault();
            onSearch('');
          }
        }}
      />
    </div>
  );
}

import { useId, useState } from 'react';
import type { AgentChoice } from '../../../src/shared/panelMessages';

export interface AgentPickerProps {
  agents: readonly AgentChoice[];
  /** The agent picked in this panel session; null: Specwright's own. */
  selected: string | null;
  /** What kept agent files out of the list (broken files, an untrusted workspace). */
  notes: readonly string[];
  onPick(agent: string | null): void;
}

/** Which agent answers the composer: Specwright's own first, then the custom agents; a picked agent's welcome message shows under it. */
export function AgentPicker({ agents, selected, notes, onPick }: AgentPickerProps) {
  const id = useId();
  const [welcome, setWelcome] = useState<{ agent: string; text: string } | null>(null);
  if (agents.length === 0 && notes.length === 0) return null;
  const current = agents.find((a) => a.name === selected) ?? null;
  return (
    <div className="sw-agent-picker">
      <label htmlFor={id} className="sw-agent-picker__label">
        Agent
      </label>
      <select
        id={id}
        className="sw-agent-picker__select"
        value={current?.name ?? ''}
        title={current ? describe(current) : 'Specwright’s own agent'}
        onChange={(e) => {
          const picked = agents.find((a) => a.name === e.target.value) ?? null;
          setWelcome(picked?.welcomeMessage ? { agent: picked.name, text: picked.welcomeMessage } : null);
          onPick(picked?.name ?? null);
        }}
      >
        <option value="">Specwright (default)</option>
        {agents.map((agent) => (
          <option key={agent.name} value={agent.name} title={describe(agent)}>
            {agent.description ? `${agent.name} — ${agent.description}` : agent.name}
          </option>
        ))}
      </select>
      {notes.length > 0 && (
        <span className="sw-agent-picker__notes" role="note" title={notes.join('\n')}>
          {notes.join(' · ')}
        </span>
      )}
      {welcome && welcome.agent === current?.name && (
        <p className="sw-agent-picker__welcome" role="status">
          <span className="sw-agent-picker__welcome-agent">{welcome.agent}:</span> {welcome.text}
        </p>
      )}
    </div>
  );
}

function describe(agent: AgentChoice): string {
  return [agent.description, `${agent.model ?? 'the run’s model'} · ${agent.scope === 'user' ? '~/.kiro/agents' : '.kiro/agents'}`].filter(Boolean).join('\n');
}

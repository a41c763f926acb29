import type { TokenMix } from '../../../src/shared/panelMessages';
import { formatTokenCount, formatTokens } from '../format';

/** The kinds in the order the bar shows them: the cheapest (what the cache served) first. */
const KINDS = [
  { key: 'cacheRead', label: 'cache reads' },
  { key: 'cacheWrite', label: 'cache writes' },
  { key: 'input', label: 'fresh input' },
  { key: 'output', label: 'output' },
] as const;

/**
 * The run's tokens by kind as one small stacked bar: how much of the input the prompt cache served
 * (billed at a tenth) against what it stored, fresh input and output. The numbers are in its label
 * and tooltip, read through the one figures module; the colours are the theme's chart colours.
 */
export function TokenMixBar({ mix }: { mix: TokenMix }) {
  const total = KINDS.reduce((sum, kind) => sum + mix[kind.key], 0);
  if (total <= 0) return null;
  const label = `Token mix: ${KINDS.map((kind) => `${formatTokens(mix[kind.key])} ${kind.label}`).join(', ')}`;
  const title = KINDS.map((kind) => `${capitalise(kind.label)}: ${formatTokenCount(mix[kind.key])} tokens (${percent(mix[kind.key], total)})`).join('\n');
  return (
    <span className="sw-mix" role="img" aria-label={label} title={title}>
      {KINDS.filter((kind) => mix[kind.key] > 0).map((kind) => (
        <span key={kind.key} className={`sw-mix__part sw-mix__part--${kind.key}`} data-kind={kind.key} style={{ width: `${(mix[kind.key] / total) * 100}%` }} />
      ))}
    </span>
  );
}

function percent(part: number, total: number): string {
  const share = (part / total) * 100;
  return share > 0 && share < 1 ? '<1%' : `${Math.round(share)}%`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

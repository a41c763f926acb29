/**
 * How figures read, wherever people see them: the Agent Activity panel, the status bar, the tree
 * views, the terminal and the run's own summary. One module, so a run's cost is the same string in
 * all of them.
 */

/** 950 → "950", 1_500 → "1.5k", 12_345 → "12k", 123_456 → "123k", 2_500_000 → "2.5M": short enough for a status bar. */
export function formatTokens(tokens: number): string {
  const n = Math.max(0, Math.round(tokens));
  if (n < 1000) return String(n);
  if (n < 9_950) return `${trimZeros((n / 1000).toFixed(1))}k`;
  if (n < 999_500) return `${Math.round(n / 1000)}k`;
  if (n < 9_995_000) return `${trimZeros((n / 1_000_000).toFixed(2))}M`;
  return `${trimZeros((n / 1_000_000).toFixed(1))}M`;
}

/** The exact count, grouped: 12_345 → "12,345". */
export function formatTokenCount(tokens: number): string {
  return Math.round(tokens).toLocaleString('en-US');
}

/** $0.00, $0.0042 (a step's worth), $0.041, $0.50, $1.23: more digits only where the amount is small. */
export function formatCost(usd: number): string {
  if (usd <= 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  if (usd < 1) return `$${usd.toFixed(3).replace(/0$/, '')}`;
  return `$${usd.toFixed(2)}`;
}

/** 0:42, 12:05, 1:02:09: a clock for how long something has been going. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** 420 ms, 4.0 s, 1:02: how long one step (a command, a wait) took. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatElapsed(ms);
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

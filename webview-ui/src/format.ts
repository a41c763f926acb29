/** Text helpers of the panel. */

// Figures read the same in the panel as in the status bar, the views and the terminal.
export { formatCost, formatDuration, formatElapsed, formatTokenCount, formatTokens } from '../../src/core/activity';

/** The local wall-clock time of an ISO timestamp, or '' when it does not parse. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Terminal colour and cursor codes, which a <pre> would show as garbage. */
const ansi = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;
export function stripAnsi(text: string): string {
  return text.replace(ansi, '');
}

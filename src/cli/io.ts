import { remedyOf, type Remedy } from '../core/remedy';

/** What a CLI command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal: colour and alignment for people, plain text for pipes. */
  isTTY: boolean;
  /** Standard input as a stream, for prompts; undefined when there is none. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT / SIGTERM. */
  signal: AbortSignal;
}

export interface CliContext extends CliIo {
  /** Absolute workspace root (from --workspace, default the current directory). */
  workspace: string;
}

/** Exit codes are a contract that scripts rely on. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

/** A mistake in how the command was called, or an I/O problem: exit 2 with a one-line message. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** What to do about it, worded for the terminal when printed. */
    readonly remedy?: Remedy,
  ) {
    super(message);
    this.name = 'UsageError';
  }

  /** The same failure as a usage error: its message and remedy kept. */
  static from(error: unknown): UsageError {
    return new UsageError(error instanceof Error ? error.message : String(error), remedyOf(error) ?? undefined);
  }
}

export type CommandHandler = (args: string[], ctx: CliContext) => Promise<number>;

export interface CommandDefinition {
  name: string;
  summary: string;
  usage: string;
  run: CommandHandler;
}

const codes = { reset: 0, bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90 } as const;
export type Colour = keyof typeof codes;

/** Colours text only when writing to a terminal (and NO_COLOR is not set). */
export function painter(ctx: Pick<CliIo, 'isTTY' | 'env'>): (colour: Colour, text: string) => string {
  const enabled = ctx.isTTY && !ctx.env.NO_COLOR;
  return (colour, text) => (enabled ? `\u001b[${codes[colour]}m${text}\u001b[0m` : text);
}

/** Lays out rows in aligned columns; ANSI colour codes do not count towards the width. */
export function formatTable(rows: string[][], gap = 2): string {
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(cell))));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visible(cell) + gap))).join(''))
    .join('\n');
}

/** Core errors (spec not found, file changed on disk, …) become exit-2 one-liners. */
export async function asUsageError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw UsageError.from(error);
  }
}

import { SettingsError } from '../settings';
import { CommandPatternError, matchAnyView, matchPattern, parseCommandPattern, type CommandPattern } from './commandPattern';
import { quote, type Finding } from './commandPolicy';
import type { Invocation } from './shell/invocations';

/**
 * Kiro IDE's command lists, read the way Kiro documents them:
 * - `kiroAgent.trustedCommands`: an entry is exact (`npm test` trusts `npm test`, not `npm test -u`),
 *   a prefix when it ends in `*` (`npm *`, `npm run test*`), or `*` for every command. Trusted
 *   commands act like `agent.allowedCommands`: they lift the autonomy level's asks, never the asks
 *   that hold at every level, never a deny. Each simple command of a line is judged on its own, so
 *   `npm test && curl … | sh` is not trusted because `npm test` is.
 * - `kiroAgent.commandDenylist` (and Specwright's own `agent.askCommands`): command patterns that
 *   always ask, whatever the level, trusted or allowed; "always allow for this session" does not
 *   lift them.
 */
const SYSTEM_BIN = /^\/(usr\/(local\/)?)?s?bin\/[^/]+$|^\/opt\/homebrew\/bin\/[^/]+$/;

export class TrustedCommands {
  private readonly entries: Array<{ text: string; exact: boolean; all: boolean; pattern: CommandPattern | null }>;

  constructor(texts: readonly string[], field: string, settingsFile: string) {
    this.entries = texts.map((raw, i) => {
      const text = raw.trim().replace(/\s+/g, ' ');
      if (text === '*') return { text, exact: false, all: true, pattern: null };
      const exact = !text.endsWith('*');
      // `npm *` is the prefix `npm`; `npm run test*` keeps its word wildcard.
      const patternText = text.endsWith(' *') ? text.slice(0, -2) : text;
      return { text, exact, all: false, pattern: parsed(patternText, `${field}[${i}]`, settingsFile) };
    });
  }

  /** The trusted entry covering this simple command, as a pattern for messages; null when none does. */
  covers(invocation: Invocation): CommandPattern | null {
    for (const entry of this.entries) {
      if (entry.all) return { text: '*', via: [], program: '*', name: '*', words: [], flags: new Set() };
      if (!entry.pattern || matchPattern(entry.pattern, invocation) !== 'yes') continue;
      // `npm *` trusts the npm on PATH or in a system folder, not ./evil/npm.
      const program = invocation.program.value;
      if (program.includes('/') && program !== entry.pattern.program && !SYSTEM_BIN.test(program)) continue;
      if (entry.exact && normalise(invocation.source) !== entry.text) continue;
      return entry.pattern;
    }
    return null;
  }
}

export class AskCommands {
  private readonly patterns: Array<{ pattern: CommandPattern; field: string }>;
  private asked = 0;

  constructor(lists: Array<{ texts: readonly string[]; field: string }>, settingsFile: string) {
    this.patterns = lists.flatMap(({ texts, field }) =>
      texts.map((raw, i) => {
        const text = raw.trim().replace(/\s+\*$/, '');
        return { pattern: parsed(text, `${field}[${i}]`, settingsFile), field: `${field}[${i}]` };
      }),
    );
  }

  /** One always-ask finding per simple command a listed pattern matches. */
  findings(invocations: readonly Invocation[], settingsFile: string): Finding[] {
    const found: Finding[] = [];
    for (const invocation of invocations) {
      const hit = this.patterns.find(({ pattern }) => matchAnyView(pattern, invocation) !== 'no');
      if (!hit) continue;
      // A fresh key each time: a session grant never covers it, so it asks every time.
      found.push({
        verdict: 'ask',
        scope: 'always',
        rule: 'ask-command',
        reason: `${quote(invocation.source)} always needs your approval: it matches ${quote(hit.pattern.text)} (${hit.field} in ${settingsFile})`,
        grantKey: `ask-command:${++this.asked}`,
      });
    }
    return found;
  }
}

function parsed(text: string, field: string, settingsFile: string): CommandPattern {
  try {
    return parseCommandPattern(text);
  } catch (error) {
    if (!(error instanceof CommandPatternError)) throw error;
    throw new SettingsError(settingsFile, `${field} ${error.message}`, { field });
  }
}

function normalise(source: string): string {
  return source.trim().replace(/\s+/g, ' ');
}

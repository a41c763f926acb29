import type { StaticWord, WordValue } from './shell/words';

/** How a program reads its options; unknown programs get the generic GNU/POSIX reading. */
export interface OptionSpec {
  /** Short options that take a value, either the next word or attached (`-uroot`). */
  shortValue?: string;
  /** Short options whose value can only be attached (`sed -i.bak`, `xargs -i{}`). */
  shortOptional?: string;
  /** Short options known to take no value. With `strict`, any other option is reported unknown. */
  shortFlags?: string;
  longValue?: string[];
  longFlags?: string[];
  /** Long options whose value can only be attached (`--preserve-env=PATH`). */
  longOptional?: string[];
  /** Options are whole single-dash words (`find -delete`), not clusters of letters. */
  singleDashLong?: boolean;
  /** Other spellings of a flag, to their canonical names: `{ R: ['r'], '--recursive': ['r'] }`. */
  aliases?: Record<string, string[]>;
  /** Options end at the first plain word (wrappers: what follows is the command). */
  stopAtPositional?: boolean;
  /** Report options not listed above, instead of guessing whether they take a value. */
  strict?: boolean;
}

export type Positional = { kind: 'static'; value: string; word: StaticWord; index: number; mayBeValue: boolean } | { kind: 'dynamic'; written: string; index: number };

export interface ParsedOption {
  /** Canonical name: a letter (`r`), `--long`, or a single-dash word (`-delete`). */
  name: string;
  value: string | null;
  index: number;
}

export interface ParsedArgs {
  /** Every flag present, canonical names (after aliases): `r`, `f`, `--force-with-lease`. */
  flags: Set<string>;
  options: ParsedOption[];
  positionals: Positional[];
  /** Some word is only known at run time, so it could be any flag or word. */
  dynamic: boolean;
  unknownOptions: string[];
  /** Index of the first word after the options (after `--`, or with stopAtPositional the first plain word). */
  end: number;
}

const LETTER = /[A-Za-z0-9]/;

/**
 * Reads a program's arguments into flags and plain words the way the program would: combined short
 * flags are split (`-rf` → r, f), long forms and other spellings are mapped to one canonical name
 * (`--recursive`, `-R` → r for rm), values of options that take one are not mistaken for plain words,
 * and `--` ends the options. Flag order and spelling stop mattering; that is what lets a pattern
 * `rm -rf` catch `rm -f -r`, `rm -Rf` and `rm --force --recursive`.
 */
export function parseArgs(args: readonly WordValue[], spec: OptionSpec = {}): ParsedArgs {
  const result: ParsedArgs = { flags: new Set(), options: [], positionals: [], dynamic: false, unknownOptions: [], end: args.length };
  let optionsEnded = false;
  let previousMayTakeValue = false;

  // After the options, every word is plain: the wrapped command's own flags are not ours.
  const stopOptions = (at: number) => {
    optionsEnded = true;
    result.end = at;
  };
  const add = (name: string, value: string | null, index: number) => {
    for (const canonical of spec.aliases?.[name] ?? [name]) {
      result.flags.add(canonical);
      result.options.push({ name: canonical, value, index });
    }
  };

  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word.kind === 'dynamic') {
      result.dynamic = true;
      if (spec.stopAtPositional && !optionsEnded) stopOptions(i);
      result.positionals.push({ kind: 'dynamic', written: word.written, index: i });
      previousMayTakeValue = false;
      continue;
    }
    const text = word.value;
    const isOption = !optionsEnded && text.length > 1 && text.startsWith('-');
    if (!isOption) {
      if (spec.stopAtPositional && !optionsEnded) stopOptions(i);
      result.positionals.push({ kind: 'static', value: text, word, index: i, mayBeValue: previousMayTakeValue });
      previousMayTakeValue = false;
      continue;
    }
    previousMayTakeValue = false;
    if (text === '--') {
      stopOptions(i + 1);
      continue;
    }
    if (text.startsWith('--') || spec.singleDashLong) {
      const body = text.startsWith('--') ? text.slice(2) : text.slice(1);
      const eq = body.indexOf('=');
      const longName = expandAbbreviation(eq === -1 ? body : body.slice(0, eq), spec, text.startsWith('--'));
      const name = text.startsWith('--') ? `--${longName}` : `-${longName}`;
      if (eq !== -1) {
        add(name, body.slice(eq + 1), i);
        const takesValue = spec.longValue?.includes(longName) || spec.longOptional?.includes(longName);
        if (spec.strict && !takesValue) result.unknownOptions.push(text);
      } else if (spec.longValue?.includes(longName)) {
        const next = args[i + 1];
        add(name, next?.kind === 'static' ? next.value : null, i);
        if (next?.kind === 'dynamic') result.dynamic = true;
        i++;
      } else {
        add(name, null, i);
        const known = spec.longFlags?.includes(longName) || spec.longOptional?.includes(longName);
        if (spec.strict && !known) result.unknownOptions.push(text);
        previousMayTakeValue = !known;
      }
      continue;
    }
    // A cluster of short options: -rf, -uroot, -n5, -i.bak
    for (let k = 1; k < text.length; k++) {
      const letter = text[k]!;
      const rest = text.slice(k + 1);
      if (spec.shortValue?.includes(letter)) {
        if (rest) add(letter, rest, i);
        else {
          const next = args[i + 1];
          add(letter, next?.kind === 'static' ? next.value : null, i);
          if (next?.kind === 'dynamic') result.dynamic = true;
          i++;
        }
        break;
      }
      if (spec.shortOptional?.includes(letter)) {
        add(letter, rest || null, i);
        break;
      }
      if (!LETTER.test(letter)) {
        // Not a flag letter: the rest is a value attached to the previous letter (`-W,-rpath`).
        break;
      }
      add(letter, null, i);
      const known = spec.shortFlags?.includes(letter) ?? false;
      if (spec.strict && !known) result.unknownOptions.push(`-${letter}`);
      if (k === text.length - 1) previousMayTakeValue = !known;
    }
  }
  return result;
}

/** The words of `positionals` that are static, as text. */
export function plainWords(parsed: ParsedArgs): string[] {
  return parsed.positionals.flatMap((p) => (p.kind === 'static' ? [p.value] : []));
}

/**
 * GNU getopt and git accept any unambiguous prefix of a long option (`rm --rec --forc`): expand a
 * prefix when exactly one long option the spec knows starts with it.
 */
function expandAbbreviation(name: string, spec: OptionSpec, doubleDash: boolean): string {
  if (!doubleDash) return name;
  const known = new Set([
    ...(spec.longValue ?? []),
    ...(spec.longFlags ?? []),
    ...(spec.longOptional ?? []),
    ...Object.keys(spec.aliases ?? {})
      .filter((k) => k.startsWith('--'))
      .map((k) => k.slice(2)),
  ]);
  if (known.has(name)) return name;
  const candidates = [...known].filter((k) => k.startsWith(name));
  return candidates.length === 1 ? candidates[0]! : name;
}

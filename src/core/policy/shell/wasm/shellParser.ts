import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import goRuntime from './goRuntime.cjs';

/**
 * mvdan.cc/sh's bash parser as WebAssembly (built by tools/shell-parser/build.sh). Loading compiles
 * the module and starts its Go program once per process, which is asynchronous; after that a parse
 * is an ordinary synchronous call. So the policy awaits loadShellParser() where it is created and
 * decides synchronously ever after.
 */

/** The module's file: beside this source file in the repository, beside the bundle in dist/. */
export const SHELL_PARSER_WASM = 'shell-parser.wasm';

export class ShellParserNotLoadedError extends Error {
  constructor() {
    super('the shell parser is not loaded yet: await loadShellParser() (or create the policy with PolicyEngine.create) before judging commands');
    this.name = 'ShellParserNotLoadedError';
  }
}

type ParseToJson = (text: string) => string;

let parseToJson: ParseToJson | null = null;
let loading: Promise<void> | null = null;

/** Loads the parser once; later calls return the same promise. A failed load can be retried. */
export function loadShellParser(): Promise<void> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

export function isShellParserLoaded(): boolean {
  return parseToJson !== null;
}

/** The syntax tree of `text` as JSON, or `{"error": "line:col: message"}`. */
export function parseShellJson(text: string): string {
  if (!parseToJson) throw new ShellParserNotLoadedError();
  return parseToJson(text);
}

async function instantiate(): Promise<void> {
  const file = path.join(__dirname, SHELL_PARSER_WASM);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new Error(`the shell parser ${file} could not be read (${(error as Error).message}); reinstall Specwright or rebuild it with npm run build`);
  }
  // The Go program's global is this object, not the host's: it may add `fs` and `parse` without
  // touching what other code (other extensions, in VS Code) sees.
  const own: Record<string | symbol, unknown> = {};
  const global = new Proxy(own, {
    get: (target, key) => (key in target ? target[key] : Reflect.get(globalThis, key)),
    has: (target, key) => key in target || key in globalThis,
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  });
  const Go = goRuntime(global);
  const go = new Go();
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), go.importObject);
  // run() settles only when the Go program exits; it stays alive to answer calls.
  void go.run(instance).catch(() => undefined);
  const parse = own.parse;
  if (typeof parse !== 'function') throw new Error(`the shell parser ${file} did not start (no parse function)`);
  parseToJson = (text) => {
    if (go.exited) throw new Error('the shell parser stopped; restart Specwright');
    return (parse as ParseToJson)(text);
  };
}

import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { findProgram } from './bubblewrap';
import { isAtOrUnder } from './layout';
import type { ServerWrapRequest } from './types';

/**
 * Something a server needs (its program, its folder, a file named in its arguments) lives in the
 * host's /tmp, which the sandbox replaces with a /tmp of its own: inside, the path would not exist
 * and the server would fail with an error that does not say why.
 */
export class HiddenByPrivateTmpError extends Error {
  constructor(
    readonly hostPath: string,
    readonly role: 'program' | 'folder' | 'argument',
  ) {
    super(`its ${role} ${hostPath} is in /tmp, which the sandbox replaces with a /tmp of its own, so the server would not find it there`);
    this.name = 'HiddenByPrivateTmpError';
  }
}

/**
 * The first path of the server's launch that lies in the host's /tmp outside every folder the sandbox
 * shows again over its private /tmp (`visible`: the workspace, the writable folders), or null. A
 * path there is not made visible: /tmp is shared by every program of the machine, and what a
 * workspace's server may read is the workspace, not another user's files.
 */
export function hiddenByPrivateTmp(request: ServerWrapRequest, visible: readonly string[]): HiddenByPrivateTmpError | null {
  const tmp = [...new Set(['/tmp', realOr('/tmp')])];
  const shown = visible.map(realOr);
  const hidden = (p: string) => {
    const real = realOr(p);
    return tmp.some((t) => isAtOrUnder(real, t)) && !shown.some((v) => isAtOrUnder(real, v));
  };
  const env = { ...request.inheritedEnv, ...request.env };
  const program = request.command.includes('/') ? path.resolve(request.cwd, request.command) : findProgram(request.command, env);
  if (program && hidden(program)) return new HiddenByPrivateTmpError(program, 'program');
  if (hidden(request.cwd)) return new HiddenByPrivateTmpError(request.cwd, 'folder');
  // `node /tmp/server.js`, `--config=/tmp/x.json`: absolute paths the host has.
  for (const arg of request.args) {
    const candidate = arg.startsWith('/') ? arg : /^--?[\w-]+=\//.test(arg) ? arg.slice(arg.indexOf('=') + 1) : null;
    if (candidate && existsSync(candidate) && hidden(candidate)) return new HiddenByPrivateTmpError(candidate, 'argument');
  }
  return null;
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

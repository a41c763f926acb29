import { BLOCKED_MARKER } from './networkProxy';

/** How commands report a connection they could not make: curl, git, npm, node, python, wget, ssh. */
const NETWORK_FAILURE = new RegExp(
  [
    BLOCKED_MARKER,
    'Could not resolve host',
    'Could not resolve proxy',
    'Temporary failure in name resolution',
    'Name or service not known',
    'No address associated with hostname',
    'getaddrinfo',
    'EAI_AGAIN',
    'ENOTFOUND',
    'Network is unreachable',
    'ENETUNREACH',
    'CONNECT tunnel failed, response 403',
    'Failed to connect to',
    'Connection refused',
    'ECONNREFUSED',
    'unable to resolve host address',
    'nodename nor servname provided',
  ].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'i',
);

const READ_ONLY = /Read-only file system|EROFS/;

/**
 * A line for the model when a sandboxed command's output shows it met the sandbox, so it asks the
 * user instead of retrying or working around it. Null when nothing points at the sandbox.
 */
export function sandboxFailureNote(output: string, allowedDomains: readonly string[]): string | null {
  const notes: string[] = [];
  if (NETWORK_FAILURE.test(output)) {
    const open = allowedDomains.length ? `only ${allowedDomains.join(', ')} ${allowedDomains.length === 1 ? 'is' : 'are'} open` : 'no host is open';
    notes.push(
      `network access is blocked by the sandbox (${open}); ask the user to add the host to sandbox.network.allowedDomains in ~/.kiro/settings.json, or to let this one command run outside the sandbox (execute_bash with outside_sandbox: true and a reason)`,
    );
  }
  if (READ_ONLY.test(output)) {
    notes.push(
      'the sandbox keeps this path read-only: commands may write in the workspace (but not .git/ other than objects, refs and logs, .kiro/ other than specs/ and steering/, .vscode/ or mcp.json), /tmp and the tool caches; use fs_write for files, or ask the user to run the command outside the sandbox',
    );
  }
  return notes.length ? `[${notes.join('; ')}]` : null;
}

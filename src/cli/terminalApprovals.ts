import * as readline from 'node:readline';
import { PERSON_ONLY_NOTE, type ApprovalAnswer, type ApprovalGate, type ApprovalRequest } from '../core/approvals';
import { painter, type CliIo } from './io';

/**
 * How the CLI answers the policy's "ask":
 * - `--yes`: approve (a deny is never asked, so it stays a deny), except what only a person may
 *   approve (running a command outside the sandbox): that is asked on the terminal, or refused;
 * - a terminal on stdin: ask the person, y / n / a(lways for this session);
 * - neither (CI, pipes): reject safely and say how to allow it.
 */
/** Why nobody approved a person-only question here: --yes does not count as a person. */
const NOBODY_ASKED = `${PERSON_ONLY_NOTE} (--yes never approves it)`;

export function terminalApprovalGate(io: CliIo, options: { yes: boolean }): ApprovalGate {
  const person = askOnTerminal(io);
  if (options.yes) {
    return {
      request: (request, signal) => (request.requiresPerson ? (person?.request(request, signal) ?? Promise.resolve({ outcome: 'rejected', note: NOBODY_ASKED })) : Promise.resolve({ outcome: 'approved', note: '--yes' })),
    };
  }
  if (person) return person;
  return {
    request: async (request) => ({
      outcome: 'rejected',
      note: request.requiresPerson ? NOBODY_ASKED : 'no terminal to ask on; rerun with --yes to approve such actions, or allow them in .kiro/settings.json',
    }),
  };
}

/** A y/n question on the terminal; null without one. */
function askOnTerminal(io: CliIo): ApprovalGate | null {
  const stdin = io.stdin;
  if (!stdin || !stdin.isTTY) return null;
  const paint = painter(io);
  return {
    request: (request: ApprovalRequest, signal: AbortSignal) =>
      new Promise<ApprovalAnswer>((resolve, reject) => {
        const rl = readline.createInterface({ input: stdin, output: process.stderr, terminal: true });
        const onAbort = () => {
          rl.close();
          reject(signal.reason ?? new Error('stopped'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        // Leaving the sandbox is asked each time, with the agent's reason: no "always".
        const question = request.requiresPerson
          ? `Run "${request.action.detail}" OUTSIDE the sandbox? ${request.reason}\n[y]es, this once / [n]o: `
          : `Allow ${request.action.kind} "${request.action.detail}"? [y]es / [n]o / [a]lways this session: `;
        const ask = () =>
          rl.question(paint('yellow', question), (reply) => {
            const answer = reply.trim().toLowerCase();
            const always = !request.requiresPerson && (answer === 'a' || answer === 'always');
            const outcome = answer === 'y' || answer === 'yes' ? 'approved' : always ? 'always' : answer === 'n' || answer === 'no' ? 'rejected' : null;
            if (!outcome) return ask();
            signal.removeEventListener('abort', onAbort);
            rl.close();
            resolve({ outcome });
          });
        ask();
      }),
  };
}

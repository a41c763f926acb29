import * as readline from 'node:readline';
import type { ApprovalAnswer, ApprovalGate, ApprovalRequest } from '../core/agent/approvals';
import { painter, type CliIo } from './io';

/**
 * How the CLI answers the policy's "ask":
 * - `--yes`: approve (a deny is never asked, so it stays a deny);
 * - a terminal on stdin: ask the person, y / n / a(lways for this session);
 * - neither (CI, pipes): reject safely and say how to allow it.
 */
export function terminalApprovalGate(io: CliIo, options: { yes: boolean }): ApprovalGate {
  if (options.yes) return { request: async () => ({ outcome: 'approved', note: '--yes' }) };
  const stdin = io.stdin;
  if (!stdin || !stdin.isTTY) {
    return {
      request: async () => ({
        outcome: 'rejected',
        note: 'no terminal to ask on; rerun with --yes to approve such actions, or allow them in .kiro/settings.json',
      }),
    };
  }
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
        const ask = () =>
          rl.question(paint('yellow', `Allow ${request.action.kind} "${request.action.detail}"? [y]es / [n]o / [a]lways this session: `), (reply) => {
            const answer = reply.trim().toLowerCase();
            const outcome = answer === 'y' || answer === 'yes' ? 'approved' : answer === 'a' || answer === 'always' ? 'always' : answer === 'n' || answer === 'no' ? 'rejected' : null;
            if (!outcome) return ask();
            signal.removeEventListener('abort', onAbort);
            rl.close();
            resolve({ outcome });
          });
        ask();
      }),
  };
}

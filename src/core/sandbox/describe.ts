import type { SandboxStatus } from './types';

/** One line for a run header, a status bar tooltip or `specwright doctor`. */
export function describeSandbox(status: Omit<SandboxStatus, 'mechanism'> & { mechanism?: string }): string {
  if (status.state === 'on') {
    const network = status.allowedDomains.length ? `network only to ${status.allowedDomains.join(', ')}` : 'no network';
    const problem = status.networkProblem ? ` (${status.networkProblem})` : '';
    return `Sandbox on (${status.mechanism}; ${network})${problem}`;
  }
  const what = status.state === 'off' ? 'Sandbox off' : 'Sandbox unavailable';
  const policy = 'commands the policy cannot fully read are asked at every level';
  return `${what}: ${status.reason}; ${policy}${status.remedy ? `. To enable it: ${status.remedy}` : ''}`;
}

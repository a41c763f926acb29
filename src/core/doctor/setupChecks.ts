import * as os from 'node:os';
import { loadMcpConfig, ServerApprovalStore } from '../mcp';
import { loadSettings, SettingsError } from '../settings';
import type { DoctorCheck } from './checks';
import { surveyKiroFiles } from './kiroSurvey';

/**
 * What this workspace brought that waits for the user's yes: settings that would make Specwright ask
 * less, and servers its mcp.json would start. Until confirmed none of it applies, which is safe but
 * can look like "my settings are ignored".
 */
export const trustCheck: DoctorCheck = {
  id: 'trust',
  title: 'Workspace trust',
  async run(ctx) {
    const home = ctx.home ?? os.homedir();
    const waiting: string[] = [];
    if (ctx.workspaceTrusted === false) {
      return { status: 'problem', detail: 'the workspace is not trusted: specs are read and linted, but no agent and no hooks run', fix: 'trust the workspace if you trust its files', remedy: { kind: 'trustWorkspace' } };
    }
    try {
      const { workspaceRequest } = await loadSettings(ctx.workspace, { home });
      if (workspaceRequest && !workspaceRequest.applied) {
        waiting.push(`settings not yet confirmed: ${workspaceRequest.items.map((i) => `${i.field} (${i.file})`).join(', ')}`);
      }
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      // A broken settings file is the .kiro files check's to report.
    }
    const mcp = await loadMcpConfig({ workspace: ctx.workspace, home, env: ctx.env });
    const approvals = ServerApprovalStore.forHome(home);
    const unapproved: string[] = [];
    for (const server of mcp.servers) {
      if (server.scope !== 'workspace' || server.disabled || !server.launch) continue;
      if (!(await approvals.isApproved(ctx.workspace, server.launch))) unapproved.push(server.name);
    }
    if (unapproved.length > 0) waiting.push(`MCP servers not yet approved: ${unapproved.join(', ')}`);
    const trustedBy = ctx.workspaceTrusted === true ? 'the workspace is trusted' : 'no workspace trust here (a terminal)';
    if (waiting.length === 0) return { status: 'ok', detail: `${trustedBy}; nothing from the repository waits for a confirmation` };
    return { status: 'ok', detail: `${trustedBy}; waiting for your confirmation: ${waiting.join('; ')}`, items: waiting };
  },
};

export const kiroFilesCheck: DoctorCheck = {
  id: 'kiro-files',
  title: '.kiro files',
  async run(ctx) {
    const survey = await surveyKiroFiles(ctx.workspace, { ...(ctx.home ? { home: ctx.home } : {}), env: ctx.env });
    const counts = [
      count(survey.specs.length, 'spec'),
      count(survey.steering.length, 'steering file'),
      count(survey.hooks.length, 'hook'),
      count(survey.mcpServers.length, 'MCP server'),
      count(survey.agents.length, 'agent'),
    ].join(', ');
    const found = survey.hasKiroFolder ? counts : `no .kiro folder in the workspace${survey.specs.length + survey.steering.length + survey.hooks.length + survey.mcpServers.length + survey.agents.length > 0 ? ` (from your home: ${counts})` : ''}`;
    const items = survey.problems.map((p) => `${p.severity === 'error' ? 'error' : 'warning'}: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    const errors = survey.problems.filter((p) => p.severity === 'error').length;
    if (errors > 0) return { status: 'problem', detail: `${found}; ${count(errors, 'file problem')}`, fix: 'correct the files listed', items };
    return { status: 'ok', detail: survey.problems.length > 0 ? `${found}; ${count(survey.problems.length, 'warning')}` : found, ...(items.length ? { items } : {}) };
  },
};

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

import * as vscode from 'vscode';
import { usageTotals } from '../agent/runHistory';
import type { SpecwrightContext } from '../context';
import { formatCost, formatTokens } from '../../core/activity';
import { outcomeText, runLabel, shortTime } from '../views/treeText';
import { COMMANDS } from '../ids';

/** Show Usage: tokens and cost per run (from the run logs), with the total; picking a run opens it. */
export const showUsage = (ctx: SpecwrightContext) => async () => {
  const records = (await Promise.all(ctx.roots().map(async (root) => (await ctx.storage.runRecords(root, 500)).map((record) => ({ root, record }))))).flat();
  if (!records.length) {
    void vscode.window.showInformationMessage('Specwright: no agent runs yet, so nothing has been spent.');
    return;
  }
  const total = usageTotals(records.map((r) => r.record));
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  const today = usageTotals(records.filter((r) => r.record.modifiedAt.getTime() >= dayAgo).map((r) => r.record));
  const items: Array<vscode.QuickPickItem & { runId?: string; root?: string }> = [
    { label: `Total: ${formatTokens(total.tokens)} tokens · ${formatCost(total.costUsd)}`, description: `${total.runs} run${total.runs === 1 ? '' : 's'}`, detail: `Last 24 hours: ${formatTokens(today.tokens)} tokens · ${formatCost(today.costUsd)} in ${today.runs} run${today.runs === 1 ? '' : 's'}` },
    { label: 'Runs', kind: vscode.QuickPickItemKind.Separator },
    ...records.map(({ root, record }) => ({
      label: `${formatTokens(record.tokens)} tokens · ${formatCost(record.costUsd)}`,
      description: runLabel(record.report),
      detail: `${outcomeText(record.report.outcome)} · ${shortTime(record.modifiedAt)} · ${record.runId}`,
      runId: record.runId,
      root,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Specwright: Usage', placeHolder: 'Tokens and cost of agent runs (pick one to open it)', matchOnDescription: true, matchOnDetail: true });
  if (picked?.runId) await vscode.commands.executeCommand(COMMANDS.openRun, { runId: picked.runId, root: picked.root });
};

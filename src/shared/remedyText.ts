import type { Remedy } from '../core/remedy';

/**
 * A remedy in VS Code's words: the command to pick, the setting to change. Shared by the extension
 * host (notifications, tooltips) and the Agent Activity panel; the CLI words the same remedies as flags.
 */
export function remedyText(remedy: Remedy): string {
  switch (remedy.kind) {
    case 'setApiKey':
      return 'Set your key with "Specwright: Set API Key" (or ANTHROPIC_API_KEY).';
    case 'chooseModel':
      return 'Choose another model in the specwright.model setting, or model.name in .kiro/settings.json.';
    case 'nextPhase':
      return `Continue ${remedy.spec} with "Specwright: Approve Phase / Generate Next Phase".`;
    case 'regeneratePhase':
      return `Review it against the phases before it, and rewrite it if they changed what it should say.`;
    case 'reviseWithFeedback':
      return 'Try again, or edit the document and approve it as it is.';
    case 'replaceEditedPhase':
      return 'Keep your edits and approve the phase as it is, or move the file aside to have it written again.';
    case 'chooseStepwiseFlow':
      return `Choose the ${remedy.flows.map(flowLabel).join(' or ')} workflow to stop after a phase.`;
    case 'trustHooks':
      return 'Trust this workspace ("Workspaces: Manage Workspace Trust") to let its hooks run.';
    case 'raiseMaxTurns':
      return `Raise agent.maxTurns in .kiro/settings.json (it was ${remedy.maxTurns}) to allow more turns.`;
    case 'forceRestore':
      return 'Restore anyway to overwrite those changes (they are kept in the safety checkpoint).';
    case 'acceptDrift':
      return `Once the code still meets its criteria, accept the change with the quick fix "Accept drift of task ${remedy.taskId}".`;
    case 'linkTaskFiles':
      return `Name them in the task with a "_Files: path_" line.`;
    case 'confirmAgent':
      return `Confirm agent "${remedy.agent}" when Specwright asks, before a run that uses it.`;
  }
}

function flowLabel(flow: string): string {
  return flow === 'requirements-first' ? 'Requirements first' : flow === 'design-first' ? 'Design first' : flow;
}

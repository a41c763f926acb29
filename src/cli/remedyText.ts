import { remedyOf, type Remedy } from '../core/remedy';

/** A remedy the way a terminal user acts on it: the flag or the command to type. */
export function cliRemedyText(remedy: Remedy): string {
  switch (remedy.kind) {
    case 'setApiKey':
      return 'Set ANTHROPIC_API_KEY (in VS Code: run "Specwright: Set API Key").';
    case 'chooseModel':
      return 'Choose another model with --model, SPECWRIGHT_MODEL or model.name in .kiro/settings.json.';
    case 'nextPhase':
      return `Run \`specwright spec next ${remedy.spec}\` to write the phases in order.`;
    case 'regeneratePhase':
      return `Run \`specwright spec next ${remedy.spec} --regenerate ${remedy.phase}\` to rewrite it.`;
    case 'reviseWithFeedback':
      return `Run \`specwright spec next ${remedy.spec}${remedy.phase ? ` --regenerate ${remedy.phase}` : ''} --feedback "…"\` to have the model revise it.`;
    case 'replaceEditedPhase':
      return `Re-run with --force to replace it, or use --feedback "…" to have the model revise it with the edits kept.`;
    case 'chooseStepwiseFlow':
      return `Use --flow ${remedy.flows.join(' or ')} to stop after a phase.`;
    case 'trustHooks':
      return `Pass --trust, or add "${remedy.workspace}" to "hooks.trustedWorkspaces" in ~/.kiro/settings.json.`;
    case 'raiseMaxTurns':
      return `Raise --max-turns (it was ${remedy.maxTurns}) or agent.maxTurns in .kiro/settings.json to allow more.`;
    case 'forceRestore':
      return `Restore with --force to overwrite those changes (they stay in the safety checkpoint).`;
    case 'acceptDrift':
      return `Once the code still meets its criteria, accept the change: specwright spec drift ${remedy.spec} --accept ${remedy.taskId}`;
    case 'linkTaskFiles':
      return `Name them: specwright spec link ${remedy.spec} ${remedy.taskId} FILE…`;
    case 'confirmAgent':
      return `Pass --trust to apply agent "${remedy.agent}" as written for this command.`;
  }
}

/** An error in one line for a terminal: its message's first line, then what to do about it. */
export function cliErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0] ?? message;
  const remedy = remedyOf(error);
  return remedy ? `${first} ${cliRemedyText(remedy)}` : first;
}

/** A lint finding's message, then what to do about it in terminal words. */
export function cliDiagnosticText(diagnostic: { message: string; remedy?: Remedy }): string {
  return diagnostic.remedy ? `${diagnostic.message} ${cliRemedyText(diagnostic.remedy)}` : diagnostic.message;
}

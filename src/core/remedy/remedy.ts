/** What a person can do about a failure. Each face words it (see the index). */
export type Remedy =
  /** No key, or the key was rejected. */
  | { kind: 'setApiKey' }
  /** The model name is unknown at the endpoint. */
  | { kind: 'chooseModel' }
  /** The spec's next step: approve the phase under review and write the next one. */
  | { kind: 'nextPhase'; spec: string }
  /** Write a phase again from the phases before it. */
  | { kind: 'regeneratePhase'; spec: string; phase: string }
  /** Have the model revise a phase as the person asks, keeping their edits. */
  | { kind: 'reviseWithFeedback'; spec: string; phase?: string }
  /** Replace a phase file that was edited after Specwright wrote it (or revise it instead). */
  | { kind: 'replaceEditedPhase'; spec: string; phase: string }
  /** Stop after a phase: only the step-by-step flows can. */
  | { kind: 'chooseStepwiseFlow'; flows: string[] }
  /** Let this workspace's hooks run. */
  | { kind: 'trustHooks'; workspace: string }
  /** A task needed more model turns than it was allowed. */
  | { kind: 'raiseMaxTurns'; maxTurns: number }
  /** Restore even though files changed that neither the agent nor Specwright wrote. */
  | { kind: 'forceRestore'; checkpointId: string }
  /** A done task drifted: once the code still meets its criteria, take things as they are now as its baseline. */
  | { kind: 'acceptDrift'; spec: string; taskId: string }
  /** Nothing on record says which files a task changed: name them. */
  | { kind: 'linkTaskFiles'; spec: string; taskId: string }
  /** A workspace agent asks for more than Specwright's own rules allow: confirm it outside the repository. */
  | { kind: 'confirmAgent'; agent: string };

export type RemedyKind = Remedy['kind'];

/** The remedy an error carries, if any (read by shape: a face may see errors from a lazily loaded bundle). */
export function remedyOf(error: unknown): Remedy | null {
  const remedy = (error as { remedy?: unknown } | null | undefined)?.remedy;
  return remedy && typeof remedy === 'object' && typeof (remedy as { kind?: unknown }).kind === 'string' ? (remedy as Remedy) : null;
}

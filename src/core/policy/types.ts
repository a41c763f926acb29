/**
 * The contract between tools (which describe what they are about to do) and the policy (which
 * decides). Tools never judge their own safety; the runner asks the policy about every action.
 */
export type ProposedAction =
  | { kind: 'read'; path: string }
  | {
      kind: 'write';
      path: string;
      operation: 'create' | 'modify' | 'append' | 'delete';
      /** Lines added + removed by this write. */
      linesChanged: number;
      /** Lines in the file before the write (0 for a new file). */
      linesBefore: number;
    }
  | { kind: 'command'; command: string; cwd: string };

export type PolicyVerdict = 'allow' | 'ask' | 'deny';

export interface PolicyDecision {
  decision: PolicyVerdict;
  /** A sentence a person can act on: what rule fired and why. */
  reason: string;
}

export type AutonomyLevel = 'cautious' | 'balanced' | 'full';
export type AgentMode = 'interactive' | 'supervised' | 'autonomous';

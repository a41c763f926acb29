import { createContext, useContext } from 'react';
import type { ApprovalDecision } from '../../../src/shared/panelMessages';

/** What a row can ask for. One stable object, so memoised rows do not re-render when the panel does. */
export interface PanelActions {
  /** Opens or closes a row's details (`key`) or its sub-agent fold (`key#fold`). */
  toggle(key: string, open: boolean): void;
  answerApproval(approvalId: string, decision: ApprovalDecision): void;
  restoreCheckpoint(checkpointId: string): void;
  openFile(path: string): void;
  requestOlder(): void;
  /** Stops one running sub-agent (its lane id); the others and the run go on. */
  stopSubagent(subagentId: string): void;
}

const noActions: PanelActions = {
  toggle: () => undefined,
  answerApproval: () => undefined,
  restoreCheckpoint: () => undefined,
  openFile: () => undefined,
  requestOlder: () => undefined,
  stopSubagent: () => undefined,
};

export const PanelActionsContext = createContext<PanelActions>(noActions);

export function usePanelActions(): PanelActions {
  return useContext(PanelActionsContext);
}

export function foldKey(stepKey: string): string {
  return `${stepKey}#fold`;
}

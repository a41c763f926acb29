import { memo } from 'react';
import { ApprovalRow, CheckpointRow } from './DecisionRows';
import { CommandRow, HookRow, SubagentRow, ToolRow } from './CommandRows';
import { EventRow } from './EventRow';
import { FileWriteRow } from './FileWriteRow';
import type { RowProps } from './RowFrame';

/** One step of the log. Memoised on its props: a step object changes only when its events do. */
export const StepRow = memo(function StepRow(props: RowProps) {
  const { step } = props;
  switch (step.kind) {
    case 'command':
      return <CommandRow row={props} step={step} />;
    case 'tool':
      return <ToolRow row={props} step={step} />;
    case 'approval':
      return <ApprovalRow row={props} step={step} />;
    case 'hook':
      return <HookRow row={props} step={step} />;
    case 'subagent':
      return <SubagentRow row={props} step={step} />;
    case 'event':
      if (step.event.type === 'file_written') return <FileWriteRow row={props} event={step.event} />;
      if (step.event.type === 'checkpoint_created') return <CheckpointRow row={props} event={step.event} />;
      return <EventRow row={props} step={step} />;
  }
});

import type { CommandDefinition } from '../io';
import { agentCommand } from './agent';
import { chatCommand } from './chat';
import { checkpointCommand } from './checkpoint';
import { commitMessageCommand } from './commitMessage';
import { doctorCommand } from './doctor';
import { hooksCommand } from './hooks';
import { knowledgeCommand } from './knowledge';
import { mcpCommand } from './mcp';
import { policyCommand } from './policy';
import { agentRunCommand } from './run';
import { runsCommand } from './runs';
import { specCommand } from './spec';
import { steeringCommand } from './steering';
import { tasksCommand } from './tasks';
import { usageCommand } from './usage';

/** Every top-level `specwright` command, in the order `specwright --help` lists them. */
export const commands: CommandDefinition[] = [
  specCommand,
  tasksCommand,
  steeringCommand,
  agentRunCommand,
  chatCommand,
  agentCommand,
  runsCommand,
  usageCommand,
  hooksCommand,
  mcpCommand,
  knowledgeCommand,
  checkpointCommand,
  commitMessageCommand,
  policyCommand,
  doctorCommand,
];

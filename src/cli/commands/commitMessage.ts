import { parseArgs } from 'node:util';
import { openWorkspaceCheckpointStore, generateCommitMessage, readStagedDiff, hasWorkspaceCheckpoints } from '../../core/checkpoints';
import { ModelError, textCompleter } from '../../core/model';
import { findTask, loadSpec } from '../../core/spec';
import { cliAgentService } from '../agentHost';
import { ExitCode, UsageError, type CliContext, type CommandDefinition } from '../io';
import { MODEL_FIELDS, workspaceSettings } from '../workspaceSettings';

const usage = `Usage: specwright commit-message [--staged | --task NAME:ID] [--model M]

Asks the model for a conventional commit message (subject ≤ 72 characters, body wrapped at 72).
  --staged        from the staged diff of your repository (the default)
  --task NAME:ID  from what the agent changed since its checkpoint before task ID of spec NAME,
                  with the task's text as context`;

export const commitMessageCommand: CommandDefinition = {
  name: 'commit-message',
  summary: 'write a conventional commit message for staged changes or a task',
  usage,
  run: async (args, ctx) => {
    const values = parse(args);
    const { diff, task, ref } = values.task ? await taskChanges(ctx, values.task) : { diff: await readStagedDiff(ctx.workspace), task: null, ref: null };
    if (!diff.trim()) throw new UsageError(values.task ? `no changes since the checkpoint of task ${values.task}` : 'nothing is staged; stage changes with git add, or use --task NAME:ID');
    await workspaceSettings(ctx, { trust: false, ask: true, uses: MODEL_FIELDS, warnings: false });
    // Every call is recorded in the usage ledger, under the task when there is one.
    const use = { source: 'commit-message' as const, ...(ref ? { spec: ref.spec, task: { id: ref.id, title: ref.title } } : {}) };
    let provider;
    try {
      provider = await cliAgentService(ctx).textModel(ctx.workspace, { use, ...(values.model ? { model: values.model } : {}) });
    } catch (error) {
      if (error instanceof ModelError) throw UsageError.from(error);
      throw error;
    }
    const message = await generateCommitMessage(textCompleter(provider), { diff, task }, { signal: ctx.signal });
    ctx.stdout(message + '\n');
    return ExitCode.ok;
  },
};

function parse(args: string[]): { staged: boolean; task?: string; model?: string } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { staged: { type: 'boolean', default: false }, task: { type: 'string' }, model: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.staged && values.task) throw new UsageError('use either --staged or --task NAME:ID, not both');
  return { staged: values.staged, ...(values.task ? { task: values.task } : {}), ...(values.model ? { model: values.model } : {}) };
}

async function taskChanges(ctx: CliContext, ref: string): Promise<{ diff: string; task: string; ref: { spec: string; id: string; title: string } }> {
  const [spec, id] = ref.split(':');
  if (!spec || !id) throw new UsageError(`--task takes NAME:ID, e.g. --task todo-cli:2.1 (got "${ref}")`);
  const loaded = await loadSpec(ctx.workspace, spec);
  const task = loaded.tasks ? findTask(loaded.tasks, id) : undefined;
  if (!task) throw new UsageError(`no task ${id} in .kiro/specs/${spec}/tasks.md`);
  if (!hasWorkspaceCheckpoints(ctx.workspace)) throw new UsageError('no checkpoints in this workspace yet; run the task with "specwright run" first');
  const store = await openWorkspaceCheckpointStore(ctx.workspace);
  const checkpoint = (await store.list()).filter((c) => c.task === id && c.reason === 'before-task').at(-1);
  if (!checkpoint) throw new UsageError(`no checkpoint was taken before task ${id}; run it with "specwright run ${spec} --task ${id}" first`);
  const diffs = await store.diff(checkpoint.id);
  return { diff: diffs.map((d) => d.patch).join('\n'), task: [`${task.id}. ${task.title}`, ...task.details].join('\n'), ref: { spec, id: task.id, title: task.title } };
}

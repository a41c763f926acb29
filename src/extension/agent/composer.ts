import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelImage } from '../../core/images';
import { reportFromEvents } from '../../core/runs';
import { COMMANDS } from '../ids';
import type { ActiveRun, ChatRequest } from './agentController';
import { COMPOSER_HELP, parseComposerIntent, type ComposerIntent } from './composerIntent';
import type { SentImage } from './composerImages';
import type { RunTranscript } from './runTranscript';
import { hostRuntime } from '../runtime/load';

/** What the composer uses: the running agent (to stop it, talk to it or chat), the shown run, and where to say a message was not sent. */
export interface ComposerPorts {
  agent: { readonly current: ActiveRun | null; readonly latest: RunTranscript | null; stop(): boolean; chat(request: ChatRequest): Promise<void> };
  panel: { readonly shown: RunTranscript | null; tellComposer(message: string): void };
  primaryRoot(): string | undefined;
  /** The file open in the editor the user worked in last, relative to `root` (undefined: none there). */
  editorFile(root: string): string | undefined;
}

/**
 * Messages typed in the panel's composer, answered by `agent` (the one picked in the composer; null:
 * Specwright's own). While an Interactive run or a chat waits for the user, they go to the agent.
 * Otherwise a few requests are answered here, as notes in the panel: "what did you complete?" from
 * the shown run's log (reportFromEvents), "execute task N" / "run all tasks" start a run in the most
 * recent spec (as the picked agent), "help" says what can be asked. Anything else starts a chat.
 */
export async function handleComposerMessage(ctx: ComposerPorts, text: string, agent: string | null = null, sentImages: readonly SentImage[] = []): Promise<void> {
  // Pasted images are checked again here; one that cannot go stops the message, and the composer says why.
  let images: ModelImage[] = [];
  if (sentImages.length) {
    const checked = (await hostRuntime()).composerImagesFrom(sentImages);
    if ('error' in checked) return ctx.panel.tellComposer(`Not sent: ${checked.error}`);
    images = checked.images;
  }
  const intent = parseComposerIntent(text);
  const active = ctx.agent.current;
  if (active) {
    if (intent.kind === 'stop' && !images.length) {
      ctx.agent.stop();
      return;
    }
    if (active.mode === 'interactive') {
      if (intent.kind === 'finishConversation' && !images.length) active.inbox.finish();
      else active.inbox.post(images.length ? { kind: 'message', text, images } : text);
      return;
    }
    if (images.length) return ctx.panel.tellComposer(`Not sent: the agent is running in ${active.mode ?? 'autonomous'} mode and reads no messages; send the images once it has finished, or stop it.`);
    void vscode.window.showInformationMessage(
      `Specwright: the agent is running in ${active.mode ?? 'autonomous'} mode and reads no messages. Say "stop" (or press Escape) to stop it; set specwright.mode to "interactive" to chat with it.`,
    );
    return;
  }
  const transcript = ctx.panel.shown ?? ctx.agent.latest;
  // Images need an agent to look at them: a message that carries some starts a chat whatever it says.
  if (intent.kind === 'chat' || images.length) {
    const root = transcript?.figures.workspace ?? ctx.primaryRoot();
    const editorFile = root ? ctx.editorFile(root) : undefined;
    if (root) return ctx.agent.chat({ root, prompt: text, ...(agent !== null ? { agent } : {}), ...(images.length ? { images } : {}), ...(editorFile ? { editorFile } : {}) });
    if (images.length) return ctx.panel.tellComposer('Not sent: open a folder to chat with the agent about it.');
    void vscode.window.showInformationMessage('Specwright: open a folder to chat with the agent about it.');
    return;
  }
  const answer = await answerLocally(ctx, intent as Exclude<ComposerIntent, { kind: 'chat' }>, transcript, agent);
  if (transcript && transcript.addLocal({ type: 'user_message', text })) {
    if (answer) transcript.addLocal({ type: 'assistant_text', text: answer });
  } else if (answer) {
    void vscode.window.showInformationMessage(`Specwright: ${answer}`);
  }
}

async function answerLocally(ctx: ComposerPorts, intent: Exclude<ComposerIntent, { kind: 'chat' }>, transcript: RunTranscript | null, agent: string | null): Promise<string | null> {
  switch (intent.kind) {
    case 'report':
      return transcript ? reportFromEvents([...transcript.events]).summary : 'No agent run yet in this workspace.';
    case 'stop':
    case 'finishConversation':
      return 'No agent is running.';
    case 'help':
      return COMPOSER_HELP;
    case 'executeTask':
    case 'runAll': {
      const target = await recentSpec(ctx, intent.spec, transcript);
      if (!target) return 'There is no spec to work on yet: create one with "Specwright: New Spec".';
      const args = { specName: target.spec, root: target.root, ...(agent !== null ? { agent } : {}) };
      const as = agent !== null ? ` as ${agent}` : '';
      if (intent.kind === 'executeTask') {
        void vscode.commands.executeCommand(agent !== null ? COMMANDS.executeTaskAsAgent : COMMANDS.executeTask, { ...args, taskId: intent.taskId });
        return `Starting task ${intent.taskId} of ${target.spec}${as}.`;
      }
      void vscode.commands.executeCommand(COMMANDS.runAllTasks, args);
      return `Running every open task of ${target.spec}${as}.`;
    }
  }
}

/**
 * The spec a bare "execute task 3" means: the one named, else the shown run's, else the spec whose
 * tasks.md changed last.
 */
async function recentSpec(ctx: ComposerPorts, named: string | undefined, transcript: RunTranscript | null): Promise<{ spec: string; root: string } | null> {
  const root = transcript?.figures.workspace ?? ctx.primaryRoot();
  if (!root) return null;
  if (named) return { spec: named, root };
  if (transcript?.figures.spec) return { spec: transcript.figures.spec, root };
  const { listSpecs } = await hostRuntime();
  let best: { spec: string; mtime: number } | null = null;
  for (const spec of await listSpecs(root)) {
    const mtime = await fs.stat(path.join(spec.dir, 'tasks.md')).then((s) => s.mtimeMs, () => -1);
    if (mtime >= 0 && (!best || mtime > best.mtime)) best = { spec: spec.name, mtime };
  }
  return best ? { spec: best.spec, root } : null;
}

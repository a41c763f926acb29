import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { describeDroppedMessage, type ApprovalDecision } from '../../../src/shared/panelMessages';
import { parseHostMessage } from '../../../src/shared/panelProtocol';
import type { HostChannel } from '../host/vscodeApi';
import { PanelStore } from '../state/panelStore';
import { withToggle } from '../state/uiState';
import { useSavedUiState } from '../state/useSavedUiState';
import { countByKind } from '../timeline/visibleRows';
import { ActivityLog } from './ActivityLog';
import { AgentPicker } from './AgentPicker';
import { Composer } from './Composer';
import { PromptArguments, type PromptCompletion } from './PromptPicker';
import { withFilledPrompt } from '../composer/promptQuery';
import { PanelActionsContext, type PanelActions } from './panelActions';
import { RunHeader } from './RunHeader';
import { Toolbar } from './Toolbar';
import { VerdictChecklist } from './VerdictChecklist';
import type { CriterionVerdict } from '../../../src/core/activity';

export interface ActivityPanelProps {
  host: HostChannel;
  /** Where host messages arrive: the webview's window. */
  messageSource?: Window;
  log?: (message: string) => void;
}

/** The Agent Activity panel: header, filters, the run's live log, and the composer. */
const warn = (message: string) => console.warn(`Specwright: ${message}`);

export function ActivityPanel({ host, messageSource = window, log = warn }: ActivityPanelProps) {
  const [store] = useState(() => new PanelStore());
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const saved = useSavedUiState(host);
  const { ui, update } = saved;
  const running = snapshot.state?.status === 'running';

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const message = parseHostMessage(event.data);
      if (message) store.receive(message);
      else log(describeDroppedMessage(event.data));
    };
    messageSource.addEventListener('message', onMessage);
    host.post({ type: 'ready' });
    return () => messageSource.removeEventListener('message', onMessage);
  }, [store, host, messageSource, log]);

  const stop = useCallback(() => {
    if (store.getSnapshot().stopRequested) return;
    host.post({ type: 'stop' });
    store.markStopRequested();
  }, [host, store]);

  const compact = useCallback(() => {
    if (store.getSnapshot().compactRequested) return;
    host.post({ type: 'compact' });
    store.markCompactRequested();
  }, [host, store]);

  useEffect(() => {
    if (!running) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) stop();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [running, stop]);

  const toggles = ui.toggles;
  const actions = useMemo<PanelActions>(
    () => ({
      toggle: (key, open) => update((ui) => ({ toggles: withToggle(ui.toggles, key, open) })),
      answerApproval: (approvalId: string, decision: ApprovalDecision) => {
        host.post({ type: decision, approvalId });
        store.markApprovalSent(approvalId, decision);
      },
      restoreCheckpoint: (checkpointId) => host.post({ type: 'restoreCheckpoint', checkpointId }),
      openFile: (path) => host.post({ type: 'openFile', path }),
      stopSubagent: (subagentId) => host.post({ type: 'stopSubagent', subagentId }),
      requestOlder: () => {
        const beforeSeq = store.requestOlder();
        if (beforeSeq !== null) host.post({ type: 'requestOlder', beforeSeq });
      },
    }),
    [host, store, update],
  );

  const addTask = useCallback(
    (verdict: CriterionVerdict) => {
      if (store.markAddingTask(verdict.criterion)) host.post({ type: 'addCriterionTask', spec: verdict.spec, criterion: verdict.criterion });
    },
    [host, store],
  );

  const counts = useMemo(() => countByKind(snapshot.steps), [snapshot.steps]);

  const fillPrompt = useCallback(
    (args: Record<string, string>) => {
      const form = store.getSnapshot().promptForm;
      if (!form) return;
      store.markPromptFilling();
      host.post({ type: 'fillPrompt', server: form.prompt.server, name: form.prompt.name, args });
    },
    [host, store],
  );
  const prompts = useMemo<PromptCompletion>(
    () => ({
      ...snapshot.prompts,
      onOpen: () => {
        store.markPromptsRequested();
        host.post({ type: 'listPrompts' });
      },
      onChoose: (prompt) => {
        store.choosePrompt(prompt);
        if (prompt.arguments.length === 0) fillPrompt({});
      },
    }),
    [snapshot.prompts, store, host, fillPrompt],
  );
  // A prompt's text replaces its `/server:prompt` in the message box, to be read and sent.
  const filled = snapshot.promptFilled;
  useEffect(() => {
    if (filled) update((ui) => ({ draft: withFilledPrompt(ui.draft, filled.text) }));
  }, [filled, update]);

  return (
    <PanelActionsContext.Provider value={actions}>
      <div className="sw-panel">
        <RunHeader run={snapshot.run} state={snapshot.state} currentTask={snapshot.currentTask} stopRequested={snapshot.stopRequested} steering={snapshot.steering} sideBySide={snapshot.sideBySide} onStop={stop} compactRequested={snapshot.compactRequested} onCompact={compact} />
        <Toolbar filter={ui.filter} search={ui.search} counts={counts} onFilter={(filter) => update({ filter })} onSearch={(search) => update({ search })} />
        <VerdictChecklist verdicts={snapshot.verdicts} tasks={snapshot.criterionTasks} onAddTask={addTask} onOpenFile={actions.openFile} />
        <ActivityLog
          steps={snapshot.steps}
          filter={ui.filter}
          search={ui.search}
          toggles={toggles}
          running={running}
          hasOlder={snapshot.hasOlder}
          loadingOlder={snapshot.loadingOlder}
          connected={snapshot.state !== null}
          idle={snapshot.idle}
          initialAnchor={saved.initialAnchor}
          onAnchorChange={saved.setAnchor}
        />
        <AgentPicker
          agents={snapshot.agents.choices}
          selected={snapshot.agents.selected}
          notes={snapshot.agents.notes}
          onPick={(agent) => {
            store.pickAgent(agent);
            host.post({ type: 'pickAgent', agent });
          }}
        />
        {snapshot.promptForm && <PromptArguments key={`${snapshot.promptForm.prompt.server}:${snapshot.promptForm.prompt.name}`} form={snapshot.promptForm} onFill={fillPrompt} onCancel={() => store.cancelPrompt()} />}
        <Composer
          draft={ui.draft}
          onDraft={(draft) => update({ draft })}
          draftImages={{ saved: ui.draftImages, onChange: (draftImages) => update({ draftImages }) }}
          onSend={(text, images) => host.post({ type: 'sendMessage', text, ...(images.length ? { images } : {}) })}
          mentionChoices={snapshot.mentionChoices}
          prompts={prompts}
          hostError={snapshot.composerError}
          {...(filled ? { focusRequest: filled.serial } : {})}
        />
      </div>
    </PanelActionsContext.Provider>
  );
}

import type { Hook } from '../../core/hooks';
import { hookActionText, hookDescription, type HookRunRecord } from '../views/treeText';

export interface HookPick {
  label: string;
  description: string;
  detail: string;
  hookId: string;
}

/**
 * Run Hook…'s choices: every loaded hook, enabled ones first (a disabled hook still runs by hand,
 * as from the view), each with its trigger, state and what it does.
 */
export function hookPicks(hooks: readonly Hook[], lastRun: (hook: Hook) => HookRunRecord | undefined, now = new Date()): HookPick[] {
  return [...hooks]
    .sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.name.localeCompare(b.name))
    .map((hook) => ({
      label: hook.name,
      description: hookDescription(hook, lastRun(hook), now),
      detail: hookActionText(hook).split('\n')[0]!.slice(0, 200),
      hookId: hook.id,
    }));
}

/** The confirmation before a drafted hook is saved: what it does, and where it goes. */
export function draftSummary(draft: { file: string; hook: Pick<Hook, 'name' | 'trigger' | 'action' | 'matcher' | 'description'> }): string {
  const { hook } = draft;
  const matcher = hook.matcher.kind === 'regex' ? ` matching /${hook.matcher.pattern}/` : hook.matcher.kind === 'globs' ? ` matching ${hook.matcher.patterns.join(', ')}` : '';
  return [hook.description ?? '', `Trigger: ${hook.trigger}${matcher}`, hookActionText(hook), `File: ${draft.file}`].filter(Boolean).join('\n');
}

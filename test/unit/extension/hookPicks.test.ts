import { describe, expect, it } from 'vitest';
import type { Hook } from '../../../src/core/hooks';
import { draftSummary, hookPicks } from '../../../src/extension/hooks/hookPicks';
import { hook as hookFixture } from '../hooks/fixtures';

/** A command hook running `npm run lint` on every save, unless told otherwise. */
const hook = (overrides: Partial<Hook>): Hook => hookFixture({ name: 'x', action: { type: 'command', command: 'npm run lint' }, ...overrides });

describe('hookPicks', () => {
  it('names each hook with its trigger, state and action', () => {
    const [pick] = hookPicks([hook({ name: 'Lint on save', enabled: false })], () => undefined);
    expect(pick).toEqual({ label: 'Lint on save', description: 'PostFileSave · disabled', detail: 'Runs: npm run lint', hookId: '.kiro/hooks/test.json#Lint on save' });
  });

  it('lists enabled hooks first, then by name', () => {
    const picks = hookPicks([hook({ id: 'a', name: 'b', enabled: false }), hook({ id: 'b', name: 'z' }), hook({ id: 'c', name: 'a' })], () => undefined);
    expect(picks.map((p) => p.hookId)).toEqual(['c', 'b', 'a']);
  });

  it('says how the last run went', () => {
    const now = new Date('2025-03-03T14:10:00');
    const [pick] = hookPicks([hook({})], () => ({ result: { ok: false, ran: true, output: '' }, at: new Date('2025-03-03T14:05:00') }), now);
    expect(pick!.description).toBe('PostFileSave · last run 14:05 failed');
  });

  it('shows an agent action by its prompt, on one line', () => {
    const [pick] = hookPicks([hook({ action: { type: 'agent', prompt: 'Update the docs\nfor every change' } })], () => undefined);
    expect(pick!.detail).toBe('Asks the agent: Update the docs');
  });
});

describe('draftSummary', () => {
  it('says what the drafted hook does and where it will be saved', () => {
    const text = draftSummary({ file: '.kiro/hooks/lint.json', hook: hook({ description: 'Lints TypeScript.', matcher: { kind: 'regex', pattern: '\\.ts$' } }) });
    expect(text).toBe('Lints TypeScript.\nTrigger: PostFileSave matching /\\.ts$/\nRuns: npm run lint\nFile: .kiro/hooks/lint.json');
  });
});

import { describe, expect, it } from 'vitest';
import { hashText } from '../../../src/core/workflow/approvalState';
import { adoptSpecState, computeSpecStatus } from '../../../src/core/workflow/specStatus';

describe('adopting a spec Specwright did not create', () => {
  it('reads a spec with bugfix.md as a bugfix spec', () => {
    expect(adoptSpecState({ bugfix: 'x' })).toMatchObject({ type: 'bugfix', flow: 'requirements-first', phases: { bugfix: { status: 'draft', generatedHash: null } } });
  });

  it('reads a spec with a design but no requirements as design-first', () => {
    expect(adoptSpecState({ design: 'x' })).toMatchObject({ type: 'feature', flow: 'design-first' });
  });
});

describe('computing a spec status', () => {
  it('counts a phase whose input file was deleted as stale', () => {
    const state = adoptSpecState({ requirements: 'r', design: 'd' });
    state.phases.design = { status: 'draft', generatedHash: hashText('d'), basedOn: { requirements: hashText('r') } };
    const spec = computeSpecStatus('s', state, { design: 'd' }, true);
    expect(spec.phases.find((p) => p.phase === 'design')!.staleBecause).toEqual(['requirements']);
    expect(spec.next).toBe('requirements');
  });

  it('puts the first missing phase next and the one before it under review', () => {
    const spec = computeSpecStatus('s', adoptSpecState({ requirements: 'r' }), { requirements: 'r' }, false);
    expect([spec.current, spec.next, spec.complete]).toEqual(['requirements', 'design', false]);
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson, RepeatedFailureGuard } from '../../../src/core/agent/tools';

const input = canonicalJson({ command: 'npm test' });

describe('RepeatedFailureGuard', () => {
  it('stays quiet for the first two identical failures and reports the third in a row', () => {
    const guard = new RepeatedFailureGuard();
    expect(guard.record('execute_bash', input, true)).toBeNull();
    expect(guard.record('execute_bash', input, true)).toBeNull();
    expect(guard.record('execute_bash', input, true)).toEqual({ tool: 'execute_bash', inARow: 3, inTask: 3, message: 'The same execute_bash call failed 3 times in a row.' });
  });

  it('reports the third failure of the same call in the task even with other calls in between', () => {
    const guard = new RepeatedFailureGuard();
    guard.record('execute_bash', input, true);
    guard.record('fs_read', canonicalJson({ path: 'a' }), false);
    guard.record('execute_bash', input, true);
    guard.record('grep', canonicalJson({ pattern: 'x' }), true);
    expect(guard.record('execute_bash', input, true)).toMatchObject({ inARow: 1, inTask: 3, message: 'The same execute_bash call failed 3 times in this task.' });
  });

  it('does not count failures of different calls together', () => {
    const guard = new RepeatedFailureGuard();
    for (const command of ['a', 'b', 'c']) expect(guard.record('execute_bash', canonicalJson({ command }), true)).toBeNull();
  });

  it('starts the in-a-row count again after the call succeeds', () => {
    const guard = new RepeatedFailureGuard({ inARow: 2, inTask: 10 });
    guard.record('execute_bash', input, true);
    guard.record('execute_bash', input, false);
    expect(guard.record('execute_bash', input, true)).toBeNull();
    expect(guard.record('execute_bash', input, true)).toMatchObject({ inARow: 2, inTask: 3 });
  });

  it('breaks the in-a-row count when a different call comes between', () => {
    const guard = new RepeatedFailureGuard({ inARow: 2, inTask: 10 });
    guard.record('execute_bash', input, true);
    guard.record('fs_read', canonicalJson({ path: 'a' }), true);
    expect(guard.record('execute_bash', input, true)).toBeNull();
  });

  it('treats inputs that differ only in key order as the same call', () => {
    const guard = new RepeatedFailureGuard(2);
    guard.record('fs_write', { path: 'a', command: 'create' }, true);
    expect(guard.record('fs_write', { command: 'create', path: 'a' }, true)).not.toBeNull();
  });

  it('forgets everything on reset', () => {
    const guard = new RepeatedFailureGuard(2);
    guard.record('grep', input, true);
    guard.reset();
    expect(guard.record('grep', input, true)).toBeNull();
  });
});

import { APIUserAbortError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { isAbortError, ModelError, redactSecrets } from '../../../src/core/model';

describe('isAbortError', () => {
  it('recognises a cancelled turn, the SDK abort and a DOM AbortError', () => {
    expect(isAbortError(new ModelError('aborted', 'cancelled'))).toBe(true);
    expect(isAbortError(new APIUserAbortError())).toBe(true);
    expect(isAbortError(new DOMException('stop', 'AbortError'))).toBe(true);
  });

  it('does not mistake other failures for a cancellation', () => {
    expect(isAbortError(new ModelError('overloaded', 'busy'))).toBe(false);
    expect(isAbortError(new Error('boom'))).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
  });
});

describe('redactSecrets', () => {
  it('removes every occurrence of the key', () => {
    expect(redactSecrets('key=abc123xyz, again abc123xyz', 'abc123xyz')).toBe('key=[redacted], again [redacted]');
  });

  it('removes anything shaped like an Anthropic key, even another one', () => {
    expect(redactSecrets('used sk-ant-api03-AbCdEf123456_-x', 'other')).toBe('used [redacted]');
  });
});

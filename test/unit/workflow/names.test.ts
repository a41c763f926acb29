import { describe, expect, it } from 'vitest';
import { validateExistingSpecName, validateNewSpecName, validateSpecType } from '../../../src/core/workflow';

describe('spec names', () => {
  it('accepts kebab-case for a new spec', () => {
    expect(validateNewSpecName('user-login-2')).toBe('user-login-2');
  });

  it.each(['UserLogin', 'user_login', 'user--login', '-user', 'user login'])('refuses %j for a new spec, naming the field', (name) => {
    expect(() => validateNewSpecName(name)).toThrow(expect.objectContaining({ field: 'name', message: expect.stringContaining('kebab-case') }));
  });

  it('accepts a hand-made name for an existing spec, as long as it is one folder', () => {
    expect(validateExistingSpecName('CSV_upload')).toBe('CSV_upload');
    expect(() => validateExistingSpecName('..')).toThrow(expect.objectContaining({ field: 'name' }));
    expect(() => validateExistingSpecName('a\\b')).toThrow(expect.objectContaining({ field: 'name' }));
  });

  it('lists the spec types when given another', () => {
    expect(() => validateSpecType('chore')).toThrow('Spec type "chore" is not valid: type must be one of feature, bugfix.');
  });
});

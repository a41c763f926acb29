import { describe, expect, it } from 'vitest';
import { classifyEars } from '../../../src/core/spec';

describe('classifyEars', () => {
  it.each([
    ['THE Note_Service SHALL store every note.', 'ubiquitous'],
    ['`rfc1035_peer_discovery` SHALL be provided in `include/raft`.', 'ubiquitous'],
    ['WHEN a writer submits a note, THE Note_Service SHALL return its id.', 'event-driven'],
    ['WHILE the store is read-only, THE Note_Service SHALL reject writes.', 'state-driven'],
    ['IF the body exceeds 1 MB, THEN THE Note_Service SHALL reject it.', 'unwanted-behaviour'],
    ['WHERE encryption is enabled, THE Note_Service SHALL encrypt bodies.', 'optional-feature'],
    ['WHILE the store is read-only, WHEN a note arrives, THE Note_Service SHALL queue it.', 'complex'],
    ['WHEN the user submits valid credentials THEN the system SHALL start a session', 'legacy'],
    ['when the user clicks "A, B", the system shall save.', 'event-driven'],
  ])('classifies "%s" as %s', (text, pattern) => {
    expect(classifyEars(text)).toEqual({ pattern, conforming: true });
  });

  it('reports a criterion without SHALL and the pattern its opening word suggests', () => {
    expect(classifyEars('When the page loads it shows the list.')).toMatchObject({ conforming: false, pattern: 'none', nearest: 'event-driven', problem: 'no SHALL' });
  });

  it('names the modal verb used instead of SHALL', () => {
    expect(classifyEars('The page must load in 2 seconds.')).toMatchObject({ nearest: 'ubiquitous', problem: 'uses "must" where EARS requires SHALL' });
  });

  it('reports a WHEN clause with no comma before the system', () => {
    expect(classifyEars('WHEN the user clicks save the system SHALL store the draft.')).toMatchObject({ conforming: false, nearest: 'event-driven' });
  });

  it('reports a condition written without its EARS keyword as nearly event-driven', () => {
    expect(classifyEars('After an upload, the system SHALL show a thumbnail.')).toMatchObject({ conforming: false, nearest: 'event-driven' });
  });

  it('reports a sentence before SHALL that is too long to be a system name', () => {
    const text = 'Every record in the response that the server returns for the cluster name we asked about SHALL be kept.';
    expect(classifyEars(text)).toMatchObject({ conforming: false, nearest: 'ubiquitous' });
  });

  it('ignores commas inside code spans and asides when finding the system name', () => {
    expect(classifyEars('`sign_csr(csr, options)` SHALL call the CA (once, never twice).').conforming).toBe(true);
  });

  it('reports nothing after SHALL as non-conforming', () => {
    expect(classifyEars('THE system SHALL')).toMatchObject({ conforming: false, problem: 'nothing follows SHALL' });
  });
});

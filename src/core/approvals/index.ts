/**
 * Asking a person: the gate a host implements (panel, modal, terminal, a test's function) and the
 * one way every part of the core asks through it and records the exchange.
 */
export { fixedApprovalGate, PERSON_ONLY_NOTE, type ApprovalAnswer, type ApprovalGate, type ApprovalOutcome, type ApprovalRequest, untilStopped } from './gate';
export { askApproval } from './ask';

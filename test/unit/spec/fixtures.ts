import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const fixturesRoot = path.resolve(__dirname, '../../fixtures/specs');

/** A fixture's text, e.g. readFixture('tasks/current-style.md'). */
export function readFixture(relative: string): string {
  return readFileSync(path.join(fixturesRoot, relative), 'utf8');
}

/** Converts every LF to CRLF: how the same file looks after a Windows checkout. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

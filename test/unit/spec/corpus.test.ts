import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBugfix, parseDesign, parseRequirements, parseTasks, reparseTasks, serializeDocument, setTaskStatusInText, TASK_STATUSES, type TasksDocument } from '../../../src/core/spec';
import { thirdPartyDir } from '../../support/thirdPartyData';

/**
 * Every spec file of two real Kiro projects (the third-party corpus named by SPECWRIGHT_KIRO_CORPUS,
 * which .ci/run always sets): the tests that prove we read what Kiro writes.
 */
const corpus = thirdPartyDir('kiroCorpus');

function specFiles(corpus: string): string[] {
  const files: string[] = [];
  for (const project of readdirSync(corpus)) {
    const specs = path.join(corpus, project, '.kiro', 'specs');
    if (!existsSync(specs)) continue;
    for (const spec of readdirSync(specs)) {
      const dir = path.join(specs, spec);
      if (!statSync(dir).isDirectory()) continue;
      for (const file of readdirSync(dir)) if (file.endsWith('.md')) files.push(path.join(dir, file));
    }
  }
  return files.sort();
}

/**
 * An independent, deliberately simple scan: checkbox lines (1-based) outside ``` / ~~~ fences and
 * outside HTML comment blocks, which render as nothing and hold templates.
 */
function checkboxLines(text: string): number[] {
  const lines: number[] = [];
  let fence: string | null = null;
  let comment = false;
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (comment) {
      comment = !line.includes('-->');
    } else if (fence) {
      if (trimmed.startsWith(fence) && new Set(trimmed).size === 1) fence = null;
    } else if (trimmed.startsWith('<!--')) {
      comment = !trimmed.slice(4).includes('-->');
    } else if (/^(```|~~~)/.test(trimmed) && !(trimmed.startsWith('```') && trimmed.slice(3).includes('`'))) {
      fence = /^(`+|~+)/.exec(trimmed)![1]!;
    } else if (/^\s*[-*+]\s+\[[ xX~-]\]/.test(line)) {
      lines.push(i + 1);
    }
  });
  return lines;
}

/** A tasks document's content as JSON: the task tree, headings, diagnostics, and the order of the flat list. */
const asJson = (doc: TasksDocument) => JSON.stringify([doc.tasks, doc.headings, doc.diagnostics, doc.allTasks.map((t) => t.line)]);

const files = corpus ? specFiles(corpus) : [];
const tasksFiles = files.filter((f) => path.basename(f) === 'tasks.md');
const name = (file: string) => path.relative(corpus ?? '', file);

describe.runIf(corpus)('the Kiro corpus', () => {
  it('holds the 97 specs of the two projects', () => {
    expect(new Set(files.map((f) => path.dirname(f))).size).toBe(97);
    expect(tasksFiles.length).toBeGreaterThan(80);
  });

  it('parses every spec file with every parser, without an internal error, and gives it back byte for byte', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const parse of [parseTasks, parseRequirements, parseDesign, parseBugfix]) {
        const doc = parse(text);
        expect(serializeDocument(doc), name(file)).toBe(text);
        expect(doc.diagnostics.filter((d) => d.code === 'parser-internal-error'), name(file)).toEqual([]);
      }
    }
  });

  it('lists every checkbox line outside code fences and HTML comments as a task, and nothing else', () => {
    let total = 0;
    for (const file of tasksFiles) {
      const text = readFileSync(file, 'utf8');
      const expected = checkboxLines(text);
      expect(parseTasks(text).allTasks.map((t) => t.line), name(file)).toEqual(expected);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(2000);
  });

  it('finds requirements and criteria in every requirements.md written in the Requirement N style', () => {
    for (const file of files.filter((f) => path.basename(f) === 'requirements.md')) {
      const text = readFileSync(file, 'utf8');
      if (!/^#{2,4} Requirement \d/m.test(text)) continue;
      const doc = parseRequirements(text);
      expect(doc.requirements.length, name(file)).toBeGreaterThan(0);
      expect(doc.requirements.some((r) => r.criteria.length > 0), name(file)).toBe(true);
    }
  });

  it('changes exactly the task line for every status edit, and setting the status back restores the file', () => {
    for (const file of tasksFiles) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n');
      for (const task of parseTasks(text).allTasks) {
        const other = TASK_STATUSES[(TASK_STATUSES.indexOf(task.status) + 1) % TASK_STATUSES.length]!;
        const edited = setTaskStatusInText(text, task.id, other);
        const editedLines = edited.split('\n');
        const changed = lines.flatMap((line, i) => (line === editedLines[i] ? [] : [i + 1]));
        expect(changed, `${name(file)} task ${task.id}`).toEqual([task.line]);
        expect(editedLines).toHaveLength(lines.length);
        const mark = text[task.markRange.start.offset];
        // An upper-case [X] is written back as [x]; any other mark comes back exactly.
        const original = mark === 'X' ? text.slice(0, task.markRange.start.offset) + 'x' + text.slice(task.markRange.end.offset) : text;
        expect(setTaskStatusInText(edited, task.id, task.status) === original, `${name(file)} task ${task.id} restored`).toBe(true);
      }
    }
  });

  it('re-parses each tasks.md after typing on any of its lines into what a full parse gives', () => {
    for (const file of tasksFiles) {
      const text = readFileSync(file, 'utf8');
      let doc = parseTasks(text);
      let edited = text;
      // At a dozen lines spread over the file: a character typed at its start (moving tasks under
      // others), then a line break in its middle.
      const step = Math.max(7, Math.floor(doc.source.lineCount / 12));
      for (let line = 0; line < doc.source.lineCount; line += step) {
        const at = doc.source.lineStart(line);
        edited = `${edited.slice(0, at)}${line % 2 ? ' ' : 'x'}${edited.slice(at)}`;
        doc = reparseTasks(doc, edited);
        const middle = doc.source.lineStart(line) + (doc.source.lineEnd(line) - doc.source.lineStart(line)) / 2;
        edited = `${edited.slice(0, Math.floor(middle))}\n${edited.slice(Math.floor(middle))}`;
        doc = reparseTasks(doc, edited);
        // Compared as JSON: a deep comparison per edit of 84 files takes half a minute.
        const full = parseTasks(edited);
        expect(doc.source.text === full.source.text && asJson(doc) === asJson(full), `${name(file)} after line ${line + 1}`).toBe(true);
      }
    }
  });
});

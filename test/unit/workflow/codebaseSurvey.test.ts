import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { surveyCodebase } from '../../../src/core/workflow';

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'specwright-survey-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

function write(relative: string, text = ''): void {
  mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true });
  writeFileSync(path.join(workspace, relative), text);
}

describe('the codebase survey for the design phase', () => {
  it('skips node_modules, .git and dist', async () => {
    write('src/index.ts');
    write('node_modules/left-pad/index.js');
    write('.git/HEAD');
    write('dist/index.js');
    const survey = await surveyCodebase(workspace);
    expect(survey.tree).toEqual(['src/', 'src/index.ts']);
  });

  it('stops at the entry limit, keeping the top levels and saying it stopped', async () => {
    for (let i = 0; i < 30; i++) write(`deep/level/file${String(i).padStart(2, '0')}.ts`);
    write('README.md', '# App\n');
    write('src/main.ts');
    const survey = await surveyCodebase(workspace, { maxEntries: 10 });
    expect(survey.tree).toHaveLength(10);
    expect(survey.treeTruncated).toBe(true);
    expect(survey.tree).toEqual(expect.arrayContaining(['README.md', 'deep/', 'src/', 'deep/level/', 'src/main.ts']));
  });

  it('lists at most 200 entries by default', async () => {
    for (let i = 0; i < 250; i++) write(`src/file${i}.ts`);
    const survey = await surveyCodebase(workspace);
    expect(survey.tree).toHaveLength(200);
    expect(survey.treeTruncated).toBe(true);
  });

  it('reads package.json and only the head of the README', async () => {
    write('package.json', '{ "name": "app" }\n');
    write('README.md', Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n'));
    const survey = await surveyCodebase(workspace);
    expect(survey.manifests).toEqual([{ file: 'package.json', text: '{ "name": "app" }\n' }]);
    expect(survey.readme!.head.split('\n')).toHaveLength(60);
    expect(survey.readme!.head.endsWith('line 60')).toBe(true);
  });
});

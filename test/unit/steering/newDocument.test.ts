import { describe, expect, it } from 'vitest';
import { parseSteeringFile, steeringDocumentText, steeringNameProblem, type SteeringWarning } from '../../../src/core/steering';

const info = { source: '.kiro/steering/x.md', absolutePath: '/w/.kiro/steering/x.md', scope: 'workspace' as const, origin: 'steering' as const };

function parsed(text: string) {
  const warnings: SteeringWarning[] = [];
  return { doc: parseSteeringFile(text, info, warnings), warnings };
}

describe('a new steering document', () => {
  it('writes front matter as Kiro does for each mode, and reads back to the mode asked for without a warning', () => {
    expect(steeringDocumentText({ name: 'tech', inclusion: 'always' })).toMatch(/^---\ninclusion: always\n---\n\n# Tech\n/);
    expect(steeringDocumentText({ name: 'react-components', inclusion: 'fileMatch', fileMatchPatterns: ['**/*.tsx'] })).toMatch(/^---\ninclusion: fileMatch\nfileMatchPattern: "\*\*\/\*\.tsx"\n---\n\n# React components\n/);
    expect(steeringDocumentText({ name: 'api', inclusion: 'fileMatch', fileMatchPatterns: ['src/api/**/*.ts', 'test/api/**'] })).toMatch(/^---\ninclusion: fileMatch\nfileMatchPattern:\n {2}- "src\/api\/\*\*\/\*\.ts"\n {2}- "test\/api\/\*\*"\n---\n/);
    expect(steeringDocumentText({ name: 'release', inclusion: 'manual' })).toMatch(/^---\ninclusion: manual\n---\n/);
    expect(steeringDocumentText({ name: 'api-design', inclusion: 'auto', description: 'REST conventions:\n  "cursor" pagination' })).toMatch(/^---\ninclusion: auto\nname: api-design\ndescription: "REST conventions: \\"cursor\\" pagination"\n---\n/);

    const fileMatch = parsed(steeringDocumentText({ name: 'api', inclusion: 'fileMatch', fileMatchPatterns: ['src/api/**/*.ts', 'test/api/**'] }));
    expect(fileMatch.warnings).toEqual([]);
    expect(fileMatch.doc).toMatchObject({ inclusion: 'fileMatch', fileMatchPatterns: ['src/api/**/*.ts', 'test/api/**'] });
    const auto = parsed(steeringDocumentText({ name: 'api-design', inclusion: 'auto', description: 'REST: "cursor" pagination' }));
    expect(auto.warnings).toEqual([]);
    expect(auto.doc).toMatchObject({ inclusion: 'auto', name: 'api-design', description: 'REST: "cursor" pagination' });
    for (const inclusion of ['always', 'manual'] as const) expect(parsed(steeringDocumentText({ name: 'x', inclusion }))).toMatchObject({ warnings: [], doc: { inclusion } });
  });

  it('takes names a #mention can name, and says why it refuses others', () => {
    expect(steeringNameProblem('api-style')).toBeNull();
    expect(steeringNameProblem('')).toMatch(/Give the document a name/);
    expect(steeringNameProblem('API Style')).toMatch(/lower-case letters/);
    expect(steeringNameProblem('../escape')).toMatch(/lower-case letters/);
    expect(steeringNameProblem('a'.repeat(65))).toMatch(/64 characters/);
  });
});

import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../src/core/workflow';
import { generationPrompt, type PromptContext } from '../../../src/core/workflow/promptBuilder';
import { REQUIREMENTS } from '../../integration/workflow/specDocuments';

function context(overrides: Partial<PromptContext> = {}): PromptContext {
  return {
    specName: 'todo-cli',
    type: 'feature',
    idea: 'A todo list',
    steering: [{ source: '.kiro/steering/tech.md', body: 'Use TypeScript.' }],
    codebase: { tree: ['package.json', 'src/', 'src/index.ts'], treeTruncated: false, manifests: [{ file: 'package.json', text: '{}' }], readme: { file: 'README.md', head: '# App' } },
    earlier: [{ phase: 'requirements', text: REQUIREMENTS }],
    contextTokens: 24_000,
    ...overrides,
  };
}

describe('assembling a generation prompt', () => {
  it('puts steering and the codebase before the spec files, and the instruction last', () => {
    const prompt = generationPrompt('design', context());
    const order = ['<steering>', '<codebase>', '<idea>', '<spec-file name="requirements.md">', 'Write design.md from the approved requirements.md above.'].map((s) => prompt.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('cuts a large README to keep the prompt within the context budget, keeping the file tree', () => {
    const readme = { file: 'README.md', head: 'words and more words\n'.repeat(20_000) };
    const ctx = context({ codebase: { ...context().codebase!, readme }, contextTokens: 4_000 });
    const prompt = generationPrompt('design', ctx);
    expect(estimateTokens(prompt)).toBeLessThanOrEqual(4_000);
    expect(prompt).toContain('src/index.ts');
    expect(prompt).toContain('… (cut to fit the context budget)');
  });

  it('always sends the earlier phases whole, even past the budget', () => {
    const prompt = generationPrompt('design', context({ contextTokens: 100 }));
    expect(prompt).toContain(REQUIREMENTS.trimEnd());
    expect(prompt).not.toContain('<codebase>');
  });

  it('sends no codebase survey when none is given, as for the requirements phase', () => {
    const prompt = generationPrompt('requirements', context({ codebase: undefined, earlier: [] }));
    expect(prompt).not.toContain('<codebase>');
    expect(prompt).toContain('Write requirements.md for the idea described in <idea> above.');
  });
});

import { splitFrontMatter } from './frontMatter';

/** Kiro's three foundational steering documents ("Generate Steering Docs"). */
export type StarterName = 'product' | 'tech' | 'structure';

export const STARTER_NAMES: readonly StarterName[] = ['product', 'tech', 'structure'];

/** What each starter holds, as Kiro describes them; the model is asked for exactly this. */
export const STARTER_PURPOSE: Record<StarterName, string> = {
  product: "the product: its purpose, who uses it, its main features and the problems it solves (what a newcomer must know before changing it)",
  tech: 'the technology: languages and versions, frameworks and libraries, build system and tools, and the exact commands to install, build, test, lint and run it',
  structure: 'the project layout: the main folders and what belongs in each, where entry points, tests and configuration live, and the naming and import conventions the code follows',
};

/** The tool the model hands each finished document to. */
export const SAVE_STARTER_TOOL = 'save_steering_document';

/** A document body past this is not a steering document any more; refused with a note to the model. */
export const MAX_STARTER_CHARS = 32_000;

/** Workspace-relative file of a starter. */
export function starterFile(name: StarterName): string {
  return `.kiro/steering/${name}.md`;
}

export function isStarterName(value: string): value is StarterName {
  return (STARTER_NAMES as readonly string[]).includes(value);
}

/**
 * A starter's file text as Kiro writes it: `inclusion: always` front matter, then the body (any
 * front matter the model wrote itself is dropped, so the file's mode is always the one said here),
 * ending in one newline.
 */
export function starterDocumentText(body: string): string {
  const { body: withoutFront } = splitFrontMatter(body.replace(/\r\n/g, '\n'));
  return `---\ninclusion: always\n---\n\n${withoutFront.trim()}\n`;
}

/** What a generate-steering run is asked: survey the workspace read-only, then save each document. */
export function startersPrompt(names: readonly StarterName[], survey: { tree: readonly string[]; treeTruncated: boolean; manifests: ReadonlyArray<{ file: string; text: string }>; readme: { file: string; head: string } | null }): string {
  const lines = [
    `Write ${names.length === 1 ? 'a steering document' : `${names.length} steering documents`} for this workspace, the foundational steering Kiro users start with: ${names.map((n) => `${n}.md`).join(', ')}.`,
    'Steering documents are read by the coding agent before every task, so they must be accurate, specific to this codebase and short (aim for 20 to 60 lines each).',
    '',
    'What each holds:',
    ...names.map((n) => `- ${n}.md: ${STARTER_PURPOSE[n]}.`),
    '',
    'First look at the code: the survey below is a start; read the manifests, entry points, configuration and a few representative source and test files with fs_read, glob and grep. You cannot change any file or run any command. Say only what the files show; where they do not say, leave it out rather than guess.',
    `Then call ${SAVE_STARTER_TOOL} once per document with its name and its Markdown body (a "# " title first; no front matter, Specwright adds it). When every document is saved, answer with one line saying what you wrote.`,
    '',
    'Workspace survey:',
    survey.tree.length ? survey.tree.map((entry) => `  ${entry}`).join('\n') + (survey.treeTruncated ? '\n  … (more files)' : '') : '  (no files)',
  ];
  for (const manifest of survey.manifests) lines.push('', `${manifest.file}:`, '```', clip(manifest.text, 4000), '```');
  if (survey.readme) lines.push('', `${survey.readme.file} (first lines):`, '```', clip(survey.readme.head, 4000), '```');
  return lines.join('\n');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n… (cut)` : text;
}

/** How a steering document reaches the agent (Kiro's `inclusion` front matter key). */
export type InclusionMode = 'always' | 'fileMatch' | 'manual' | 'auto';
/** @deprecated the old name of {@link InclusionMode}. */
export type SteeringInclusion = InclusionMode;

export const INCLUSION_MODES: readonly InclusionMode[] = ['always', 'fileMatch', 'manual', 'auto'];

/** Where a document was written: the workspace, or the user's own `~/.kiro`. */
export type SteeringScope = 'workspace' | 'user';

/** What kind of file a document is: a `.kiro/steering` file, or an agent instructions file. */
export type SteeringOrigin = 'steering' | 'AGENTS.md' | 'CLAUDE.md';

export interface SteeringDoc {
  /** How prompts name it (`#name`) and the steering tool asks for it: the front matter `name`, else the file name without `.md`. */
  name: string;
  /** Where it came from, as people read it: workspace-relative (`.kiro/steering/x.md`, `AGENTS.md`) or `~/.kiro/steering/x.md`. */
  source: string;
  /** The file on disk, for resolving `#[[file:…]]` and for editors. */
  absolutePath: string;
  scope: SteeringScope;
  origin: SteeringOrigin;
  title: string;
  inclusion: InclusionMode;
  /** Globs for `fileMatch` inclusion, as written (a comma-separated string already split). */
  fileMatchPatterns: string[];
  description?: string;
  /**
   * For an `AGENTS.md` below the workspace root: the folder (workspace-relative) it speaks for; it
   * joins once the agent works on a file under it. Undefined for everything else.
   */
  folder?: string;
  /** The body without its front matter, with `#[[file:…]]` references not yet expanded. */
  body: string;
  /** 1-based line where the body starts in the file (for diagnostics). */
  bodyLine: number;
}

/** An Agent Skill (`<skills>/<name>/SKILL.md`): its name and description are shown up front, the rest on request. */
export interface Skill {
  name: string;
  description: string;
  /** As people read it (`.kiro/skills/x/SKILL.md`, `~/.kiro/skills/x/SKILL.md`). */
  source: string;
  absolutePath: string;
  /** The skill's folder on disk; files its body links to are read only from inside it. */
  folder: string;
  scope: SteeringScope;
  body: string;
}

/** A problem that did not stop loading: the file it is about, and what to do. */
export interface SteeringWarning {
  file: string;
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

/** Everything a workspace has for steering the agent. */
export interface SteeringCatalog {
  docs: SteeringDoc[];
  skills: Skill[];
  warnings: SteeringWarning[];
}

/** One document (or skill) the agent was given, with why. */
export interface IncludedSteering {
  name: string;
  source: string;
  /** The document's mode; `skill` for an Agent Skill. */
  inclusion: InclusionMode | 'skill';
  /** `always`, `fileMatch: src/api/user.ts ~ src/api/**\/*.ts`, `manual: #api-style`, `auto: requested`, `AGENTS.md: src/api/user.ts`. */
  reason: string;
  doc?: SteeringDoc;
  skill?: Skill;
}

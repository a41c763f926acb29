import type { Remedy } from '../remedy';
import type { SourceText } from './sourceText';

/** A place in a document: `offset` indexes the original string; line and column are 1-based. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** `end` is exclusive. */
export interface SourceRange {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** One finding about a spec file, worded so that it says what to do next. */
export interface Diagnostic {
  /** Relative to the spec folder, e.g. "tasks.md". */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** Stable kebab-case identifier, e.g. "unknown-reference". */
  code: string;
  message: string;
  /** What a person can do about it; each face words it. */
  remedy?: Remedy;
  /** The exact span, for editors; line/column above are its start. */
  range?: SourceRange;
}

export type SpecFileKind = 'requirements' | 'design' | 'tasks' | 'bugfix';

/**
 * What the lint knows from outside the spec's own files: the workspace's tests, the run logs and
 * the trace records (gathered by src/core/trace). Without it, the lint checks the files alone.
 */
export interface SpecEvidence {
  /** The spec's name, for the commands the messages suggest. */
  spec: string;
  /** Criterion (and bugfix statement) ids that at least one test covers. */
  testedCriteria: ReadonlySet<string>;
  /** Drifting tasks by id, each with why, as sentences. */
  drift: ReadonlyMap<string, readonly string[]>;
}

export interface Heading {
  level: number;
  text: string;
  line: number;
  range: SourceRange;
}

/** What every parsed file has in common. `serializeDocument(doc)` gives back the exact input. */
export interface SpecDocumentBase {
  file: string;
  source: SourceText;
  headings: Heading[];
  /** Structure the parser could not place; the text itself is kept untouched. */
  diagnostics: Diagnostic[];
}

/**
 * One requirement id named by a task's `_Requirements: …_` line or a property's `Validates:` line,
 * with the span of the text that named it (a range like `3.1–3.3` gives each id the range's span).
 */
export interface RequirementReference {
  id: string;
  range: SourceRange;
  /** `requirements` for `_Requirements: …_`, `validates` for `**Validates: Requirements …**`. */
  kind: 'requirements' | 'validates';
}

// ── tasks.md ──────────────────────────────────────────────────────────────────────────────────────

export type TaskStatus = 'todo' | 'in_progress' | 'queued' | 'done';

export interface Task {
  /** The number as written (`2.1`), or a derived id for an unnumbered checkbox (`2.u1`, `u3`). */
  id: string;
  /** True when `id` was derived from the task's position rather than written in the file. */
  derivedId: boolean;
  title: string;
  status: TaskStatus;
  /** Marked `- [ ]*` / `- [ ] *`: the agent may skip it. */
  optional: boolean;
  /** Titles like "Checkpoint - Ensure all tests pass". */
  checkpoint: boolean;
  /** Requirement / criterion ids, expanded from ranges, de-duplicated, in written order. */
  requirements: string[];
  references: RequirementReference[];
  /** Every reference block says "All" (e.g. `_Requirements: All_`): it traces to the whole spec. */
  referencesAll: boolean;
  /** Of the bullet that starts the task. */
  line: number;
  column: number;
  parentId: string | null;
  /** 0 for top-level tasks. */
  depth: number;
  children: Task[];
  /** The task's own text lines below its title (detail bullets, notes), trimmed, blanks dropped. */
  details: string[];
  /** The whole item: title line through its last detail or sub-task. */
  range: SourceRange;
  /** The status character between the brackets: the only thing a status edit changes. */
  markRange: SourceRange;
  titleRange: SourceRange;
}

export interface TasksDocument extends SpecDocumentBase {
  kind: 'tasks';
  /** Top-level tasks; sub-tasks hang off `children`. */
  tasks: Task[];
  /** Every task in document order. */
  allTasks: Task[];
}

// ── requirements.md ───────────────────────────────────────────────────────────────────────────────

export type EarsPattern =
  | 'ubiquitous'
  | 'event-driven'
  | 'state-driven'
  | 'unwanted-behaviour'
  | 'optional-feature'
  | 'complex'
  /** Kiro's earlier style, `WHEN … THEN … SHALL …`. Accepted as conforming. */
  | 'legacy';

export interface EarsClassification {
  /** The pattern the text follows, or 'none'. */
  pattern: EarsPattern | 'none';
  conforming: boolean;
  /** For non-conforming text: the pattern it comes closest to. */
  nearest?: EarsPattern;
  /** For non-conforming text: what is missing, e.g. 'no SHALL'. */
  problem?: string;
}

export interface Criterion {
  /** `N.M`: requirement id, then the number written in the list (or the position for bullets). */
  id: string;
  /** The criterion's full text, continuation lines joined with single spaces. */
  text: string;
  ears: EarsClassification;
  line: number;
  column: number;
  range: SourceRange;
}

export interface Requirement {
  id: string;
  title: string;
  /** The first user story, without its label. */
  userStory: string | null;
  userStories: string[];
  criteria: Criterion[];
  line: number;
  column: number;
  /** Heading through the end of its last line of content. */
  range: SourceRange;
  headingRange: SourceRange;
}

export interface GlossaryEntry {
  term: string;
  definition: string;
  range: SourceRange;
}

export interface RequirementsDocument extends SpecDocumentBase {
  kind: 'requirements';
  introduction: string | null;
  glossary: GlossaryEntry[];
  requirements: Requirement[];
}

// ── design.md ─────────────────────────────────────────────────────────────────────────────────────

export interface CodeBlock {
  /** The fence's info string's first word, lower-cased ('' when none). */
  language: string;
  content: string;
  range: SourceRange;
}

export interface CorrectnessProperty {
  /** The property's number as written ("3"). */
  id: string;
  title: string;
  text: string;
  validates: RequirementReference[];
  line: number;
  column: number;
  range: SourceRange;
}

export interface DesignDocument extends SpecDocumentBase {
  kind: 'design';
  codeBlocks: CodeBlock[];
  mermaid: CodeBlock[];
  properties: CorrectnessProperty[];
}

// ── bugfix.md ─────────────────────────────────────────────────────────────────────────────────────

export type BugfixSection = 'current' | 'expected' | 'unchanged';

export interface BugfixStatement {
  /** As written (`2.1`), else section number (1 current, 2 expected, 3 unchanged) + position. */
  id: string;
  section: BugfixSection;
  text: string;
  ears: EarsClassification;
  line: number;
  column: number;
  range: SourceRange;
}

export interface BugfixDocument extends SpecDocumentBase {
  kind: 'bugfix';
  statements: BugfixStatement[];
}

export type SpecDocument = TasksDocument | RequirementsDocument | DesignDocument | BugfixDocument;

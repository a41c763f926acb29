import type Anthropic from '@anthropic-ai/sdk';
import type { ActivityEventInput } from '../activity';
import type { ProposedAction } from '../policy/types';
import {
  renderAll,
  renderIncluded,
  requestableListing,
  STEERING_TOOL,
  SteeringTracker,
  steeringToolDefinition,
  type IncludedSteering,
  type SteeringCatalog,
  type SteeringStart,
} from '../steering';
import type { ToolBox, ToolOutput } from './ports';

/** What a task or prompt starts with, ready for the system prompt. */
export interface SteeringBeginning {
  /** The rendered documents, then the listing of what the steering tool can load; '' when none. */
  text: string;
  included: IncludedSteering[];
}

/** A document that joins mid-task, for the next request (after the cached prefix). */
export interface SteeringAddition {
  text: string;
  inclusion: IncludedSteering;
}

/**
 * Steering for one task or prompt: what it starts with, the steering tool the model loads auto
 * documents and skills with, and the documents that join as the work touches files or a message
 * names them. The system prompt gets what the work starts with; later documents ride on the next
 * request as text after the tool results, so the cached prefix never changes.
 */
export class SteeringSession {
  private readonly tracker: SteeringTracker;

  constructor(
    private readonly catalog: SteeringCatalog,
    private readonly workspace: string,
  ) {
    this.tracker = new SteeringTracker(catalog);
  }

  /** What the work starts with, rendered for the system prompt (each inclusion told as an event). */
  async begin(start: SteeringStart, emit: (event: ActivityEventInput) => void): Promise<SteeringBeginning> {
    const included = this.tracker.start(start);
    const rendered = await renderAll(included, { workspace: this.workspace });
    for (const inclusion of included) emit(includedEvent(inclusion));
    for (const problem of rendered.problems) emit({ type: 'error', code: 'steering_reference', message: `${problem.file}: ${problem.message}` });
    const listing = requestableListing(this.catalog);
    return { text: [rendered.text, listing ?? ''].filter(Boolean).join('\n\n'), included };
  }

  /** After a tool call: the documents that join because of the files it touched (each once). */
  async afterTool(call: { name: string; actions: readonly ProposedAction[]; result: ToolOutput }, emit: (event: ActivityEventInput) => void): Promise<SteeringAddition[]> {
    return this.render(this.tracker.touch(touchedPaths(call)), emit);
  }

  /** A message from the person mid-task (Interactive mode): its `#name` mentions and the files it names join. */
  async afterUserMessage(text: string, emit: (event: ActivityEventInput) => void): Promise<SteeringAddition[]> {
    return this.render(this.tracker.mention(text), emit);
  }

  private async render(joined: IncludedSteering[], emit: (event: ActivityEventInput) => void): Promise<SteeringAddition[]> {
    const additions: SteeringAddition[] = [];
    for (const inclusion of joined) {
      const rendered = await renderIncluded(inclusion, { workspace: this.workspace });
      emit(includedEvent(inclusion));
      additions.push({ text: rendered.text, inclusion });
    }
    return additions;
  }

  /** The steering tool, when there is anything for it to load. */
  toolBox(): ToolBox | null {
    if (!this.tracker.requestable().length) return null;
    const definition = steeringToolDefinition() as Anthropic.Tool;
    return {
      definitions: [definition],
      summarize: (_name, input) => `Loading steering ${nameOf(input) || '(no name)'}`,
      // Reading the user's own steering and skills needs no approval.
      plan: async () => [],
      execute: async (_name, input, ctx) => this.load(nameOf(input), ctx.emit),
      handles: (name) => name === STEERING_TOOL,
    };
  }

  private async load(name: string, emit: (event: ActivityEventInput) => void): Promise<ToolOutput> {
    if (!name) return { content: 'Give the name of a document or skill listed under <steering-available>.', isError: true };
    const outcome = this.tracker.request(name);
    if (outcome.status === 'unknown') return { content: `No steering document or skill named "${name}". Available: ${outcome.available.join(', ') || 'none'}.`, isError: true };
    if (outcome.status === 'already') return { content: `${outcome.inclusion.name} is already in your context (${outcome.inclusion.reason}).`, isError: false };
    const rendered = await renderIncluded(outcome.inclusion, { workspace: this.workspace });
    emit(includedEvent(outcome.inclusion));
    return { content: rendered.text, isError: false };
  }
}

function nameOf(input: unknown): string {
  const name = (input as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name.trim() : '';
}

function includedEvent(inclusion: IncludedSteering): ActivityEventInput {
  return { type: 'steering_included', name: inclusion.name, source: inclusion.source, inclusion: inclusion.inclusion, reason: inclusion.reason };
}

/**
 * The workspace files a tool call touched: the paths it read or wrote (from its planned actions),
 * and what a glob or grep found (one path per line; grep's lines are `path:line:text`).
 */
export function touchedPaths(call: { name: string; actions: readonly ProposedAction[]; result: ToolOutput }): string[] {
  const paths = new Set<string>();
  for (const action of call.actions) if ((action.kind === 'read' || action.kind === 'write') && action.path && action.path !== '.') paths.add(action.path);
  if (!call.result.isError && (call.name === 'glob' || call.name === 'grep') && typeof call.result.content === 'string') {
    for (const line of call.result.content.split('\n')) {
      const file = call.name === 'grep' ? /^([^:\n]+):\d+:/.exec(line)?.[1] : /^[^\s…][^\n]*$/.test(line) && !line.includes(' ') ? line : undefined;
      if (file) paths.add(file);
    }
  }
  return [...paths];
}

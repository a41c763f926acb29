import { isRecord, type RawAgent } from './agentFile';
import { FieldReader, normalizeModel } from './fieldReaders';
import { readHookSpecs } from './hookSpecs';
import { readToolsSettings } from './toolsSettings';
import { unknownToolNames } from './toolSelection';
import type { AgentDefinition, AgentFormat, AgentResource, AgentScope } from './types';

/** Where the prompt comes from, before any file is read. */
export type PromptSource = { kind: 'inline'; text: string } | { kind: 'file'; uri: string } | { kind: 'none' };

export interface AgentFileContext {
  file: string;
  absoluteFile: string;
  scope: AgentScope;
  format: AgentFormat;
  /** `team/` for a file in `.kiro/agents/team/`; '' at the top. */
  folderPrefix: string;
  /** The file's name without its extension: the agent's name when the file gives none. */
  stem: string;
}

export type AgentFields = Omit<AgentDefinition, 'prompt' | 'promptFile'> & { promptSource: PromptSource };

/** Fields Kiro writes that Specwright reads (or knowingly leaves out without a word). */
const KNOWN_FIELDS = new Set([
  'name',
  'description',
  'prompt',
  'tools',
  'toolAliases',
  'allowedTools',
  'toolsSettings',
  'resources',
  'mcpServers',
  'includeMcpJson',
  'useLegacyMcpJson',
  'hooks',
  'model',
  'welcomeMessage',
  'keyboardShortcut',
  '$schema',
]);

/**
 * Checks every field of an agent file as Kiro documents it. A field of the wrong shape throws an
 * AgentFileProblem naming the file and the field; fields Specwright does not know, tools it does not
 * have, and settings it cannot apply are warnings, and the agent still loads.
 */
export function readAgentFields(raw: RawAgent, ctx: AgentFileContext): { fields: AgentFields; warnings: string[] } {
  const warnings = [...raw.warnings];
  const read = new FieldReader(ctx.file, warnings);
  const f = raw.fields;
  for (const key of Object.keys(f)) if (!KNOWN_FIELDS.has(key)) read.warn(key, 'unknown field, ignored');

  const declared = read.text(f.name, 'name')?.trim();
  const name = `${ctx.folderPrefix}${declared || ctx.stem}`;
  if (!/^[^\s/][^\n]*$/.test(name) || name.endsWith('/')) read.fail('name', `"${name}" is not a usable agent name`);

  const tools = read.list(f.tools, 'tools');
  const allowedTools = read.list(f.allowedTools, 'allowedTools') ?? [];
  reportToolNames(tools ?? [], 'tools', read);
  reportToolNames(allowedTools, 'allowedTools', read);
  if (allowedTools.includes('*')) read.warn('allowedTools', '"*" does not allow every tool (Kiro does not accept it either); list the tools, or "@builtin"');

  const toolAliases = readAliases(f.toolAliases, read);
  const mcpServers = read.record(f.mcpServers, 'mcpServers') ?? {};
  const includeMcpJson = read.boolean(f.includeMcpJson, 'includeMcpJson') ?? read.boolean(f.useLegacyMcpJson, 'useLegacyMcpJson') ?? false;

  return {
    warnings,
    fields: {
      name,
      scope: ctx.scope,
      format: ctx.format,
      file: ctx.file,
      absoluteFile: ctx.absoluteFile,
      description: read.text(f.description, 'description')?.trim() || null,
      promptSource: promptSourceOf(raw, read),
      tools,
      toolAliases,
      allowedTools: allowedTools.filter((t) => t !== '*'),
      toolsSettings: readToolsSettings(f.toolsSettings, read),
      resources: readResources(f.resources, read),
      mcpServers,
      includeMcpJson,
      hooks: readHookSpecs(f.hooks, read),
      model: normalizeModel(read.text(f.model, 'model'), read),
      welcomeMessage: read.text(f.welcomeMessage, 'welcomeMessage')?.trim() || null,
      keyboardShortcut: read.text(f.keyboardShortcut, 'keyboardShortcut')?.trim() || null,
    },
  };
}

function promptSourceOf(raw: RawAgent, read: FieldReader): PromptSource {
  if (raw.body !== null) return { kind: 'inline', text: raw.body };
  const prompt = read.text(raw.fields.prompt, 'prompt');
  if (!prompt?.trim()) return { kind: 'none' };
  const trimmed = prompt.trim();
  return /^file:\/\//i.test(trimmed) && !trimmed.includes('\n') ? { kind: 'file', uri: trimmed } : { kind: 'inline', text: prompt };
}

function reportToolNames(list: string[], field: string, read: FieldReader): void {
  const { absent, unknown } = unknownToolNames(list);
  if (absent.length) read.warn(field, `Specwright has no ${absent.map((t) => `"${t}"`).join(', ')} tool; left out`);
  if (unknown.length) read.warn(field, `unknown tool ${unknown.map((t) => `"${t}"`).join(', ')}; left out (MCP tools are written "@server" or "@server/tool")`);
}

function readAliases(value: unknown, read: FieldReader): Record<string, string> {
  const raw = read.record(value, 'toolAliases') ?? {};
  const aliases: Record<string, string> = {};
  for (const [from, to] of Object.entries(raw)) {
    const target = read.text(to, `toolAliases.${from}`);
    if (target) aliases[from] = target;
  }
  if (Object.keys(aliases).length) read.warn('toolAliases', 'not applied: Specwright offers MCP tools as <server>__<tool>, one name per tool, so names do not collide');
  return aliases;
}

/**
 * `resources`: `file://` globs (put into the context), `skill://` globs (disclosed by name and
 * description, read when needed), `knowledgeBase` objects (indexed for the knowledge tool). A bare
 * path is read as `file://`; other schemes are reported and left out.
 */
function readResources(value: unknown, read: FieldReader): AgentResource[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const resources: AgentResource[] = [];
  list.forEach((entry, i) => {
    const field = `resources[${i}]`;
    if (isRecord(entry)) {
      if (String(entry.type).toLowerCase() === 'knowledgebase') resources.push({ kind: 'knowledgeBase', entry, field });
      else read.warn(field, `unknown resource type ${JSON.stringify(entry.type ?? null)}, left out (resources are file://, skill:// or a knowledgeBase)`);
      return;
    }
    const text = read.text(entry, field)?.trim();
    if (!text) return;
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
    if (scheme === 'file' || scheme === undefined) resources.push({ kind: 'file', pattern: scheme ? text.slice('file://'.length) : text, field });
    else if (scheme === 'skill') resources.push({ kind: 'skill', pattern: text.slice('skill://'.length), field });
    else read.warn(field, `${scheme}:// resources are not read; left out (use file:// or skill://)`);
  });
  return resources;
}

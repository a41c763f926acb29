/** What the Messages API accepts as a tool name. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Names Specwright's own tools use, and the hub's: an MCP tool never takes one of them. */
export const RESERVED_TOOL_NAMES = ['fs_read', 'fs_write', 'execute_bash', 'glob', 'grep', 'mcp_search', 'mcp_resources'];

const MAX = 64;

/**
 * Gives each (server, tool) one model-facing name: `server__tool` with characters the API refuses
 * replaced by `_`, shortened with a hash of the original pair when too long or already taken. A
 * name, once given, never changes for the namer's life, so requests stay byte-identical (prompt
 * caching); given in the same order, the same pairs get the same names in every run.
 */
export class ToolNamer {
  private readonly byPair = new Map<string, string>();
  private readonly owners = new Map<string, { server: string; tool: string }>();
  private readonly reserved: ReadonlySet<string>;

  constructor(reserved: readonly string[] = RESERVED_TOOL_NAMES) {
    this.reserved = new Set(reserved);
  }

  nameFor(server: string, tool: string): string {
    const key = pairKey(server, tool);
    const known = this.byPair.get(key);
    if (known) return known;
    const plain = `${clean(server)}__${clean(tool)}`;
    const taken = (name: string) => this.owners.has(name) || this.reserved.has(name);
    let name = plain.length <= MAX && !taken(plain) ? plain : withHash(plain, key, 0);
    for (let salt = 1; taken(name); salt++) name = withHash(plain, key, salt);
    this.byPair.set(key, name);
    this.owners.set(name, { server, tool });
    return name;
  }

  /** The server and tool behind a name this namer gave; undefined for any other name. */
  resolve(name: string): { server: string; tool: string } | undefined {
    return this.owners.get(name);
  }
}

function clean(part: string): string {
  const cleaned = part.replace(/[^a-zA-Z0-9_-]/g, '_');
  return cleaned || '_';
}

function withHash(plain: string, key: string, salt: number): string {
  const hash = fnv1a(salt ? `${key}\u0000${salt}` : key);
  return `${plain.slice(0, MAX - hash.length - 1)}_${hash}`;
}

function pairKey(server: string, tool: string): string {
  return `${server}\u0000${tool}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36).padStart(7, '0');
}

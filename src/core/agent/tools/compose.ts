import type { ToolBox } from '../ports';

/**
 * Several tool boxes as one (the built-in tools, then MCP tools): definitions in box order, so the
 * built-ins lead every request's tool list unchanged, and each call goes to the box that offers
 * the name (or says it handles it).
 */
export function composeToolBoxes(...boxes: ToolBox[]): ToolBox {
  const owner = (name: string): ToolBox => boxes.find((b) => b.definitions.some((d) => d.name === name)) ?? boxes.find((b) => b.handles?.(name)) ?? boxes[0]!;
  return {
    get definitions() {
      return boxes.flatMap((b) => b.definitions);
    },
    summarize: (name, input) => owner(name).summarize(name, input),
    plan: (name, input, ctx) => owner(name).plan(name, input, ctx),
    execute: (name, input, ctx) => owner(name).execute(name, input, ctx),
    handles: (name) => boxes.some((b) => b.definitions.some((d) => d.name === name) || b.handles?.(name)),
    hookSubject: (name, input) => owner(name).hookSubject?.(name, input) ?? { tool: name, toolInput: input },
  };
}

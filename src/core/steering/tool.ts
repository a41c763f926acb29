/** The tool through which the model loads an auto steering document or an Agent Skill by name. */
export const STEERING_TOOL = 'steering';

/** The definition as the Messages API takes it; byte-stable, so it stays in the cached prefix. */
export function steeringToolDefinition(): { name: string; description: string; input_schema: { type: 'object'; properties: Record<string, unknown>; required: string[] } } {
  return {
    name: STEERING_TOOL,
    description:
      'Load a steering document or skill listed under <steering-available> by its name, when it applies to the work. Its full text is returned; each loads once.',
    input_schema: {
      type: 'object',
      properties: { name: { type: 'string', description: 'the name as listed' } },
      required: ['name'],
    },
  };
}

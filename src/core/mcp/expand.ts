/** `${VAR}` (and VS Code's `${env:VAR}`) in a value of mcp.json; anything else is left as written. */
const VARIABLE = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A `${VAR}` whose variable is not set: the config names it, so the user can set it or remove it. */
export class UnsetVariableError extends Error {
  constructor(readonly variable: string) {
    super(`\${${variable}} is not set in the environment`);
    this.name = 'UnsetVariableError';
  }
}

/** Replaces every `${VAR}` with its value from `env`; throws UnsetVariableError for the first unset one. */
export function expandVariables(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(VARIABLE, (_, name: string) => {
    const value = env[name];
    if (value === undefined) throw new UnsetVariableError(name);
    return value;
  });
}

/** The variables a value refers to, in order (for messages and tests). */
export function referencedVariables(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1]!);
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const FACES = ['src/extension/', 'src/cli/', 'src/server/', 'webview-ui/src/'];

interface Edge {
  to: string;
  typeOnly: boolean;
}

/** Every module's static imports and re-exports (dynamic `import()` loads lazily and is left out). */
function importGraph(dirs: string[]): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  for (const file of dirs.flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const edges: Edge[] = [];
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      let typeOnly = false;
      if (ts.isImportDeclaration(statement)) {
        specifier = statement.moduleSpecifier;
        const clause = statement.importClause;
        const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
        typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
        specifier = statement.moduleSpecifier;
        const named = statement.exportClause && ts.isNamedExports(statement.exportClause) ? statement.exportClause.elements : undefined;
        typeOnly = statement.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly));
      }
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
      const target = resolve(path.dirname(file), specifier.text);
      if (target) edges.push({ to: target, typeOnly });
    }
    graph.set(file, edges);
  }
  return graph;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolve(from: string, specifier: string): string | null {
  const base = path.resolve(from, specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && /\.(ts|tsx)$/.test(candidate)) return candidate;
  }
  return null;
}

/** Strongly connected groups of more than one module (Tarjan), over the edges `keep` accepts. */
function cycles(graph: Map<string, Edge[]>, keep: (edge: Edge) => boolean): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const edge of (graph.get(node) ?? []).filter(keep)) {
      if (!graph.has(edge.to)) continue;
      if (!indexOf.has(edge.to)) {
        visit(edge.to);
        low.set(node, Math.min(low.get(node)!, low.get(edge.to)!));
      } else if (onStack.has(edge.to)) {
        low.set(node, Math.min(low.get(node)!, indexOf.get(edge.to)!));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(path.relative(root, member));
      } while (member !== node);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found;
}

describe('import structure', () => {
  const graph = importGraph(['src', 'webview-ui/src']);

  it('finds the modules it checks', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(cycles(new Map([['a', [{ to: 'b', typeOnly: true }]], ['b', [{ to: 'a', typeOnly: false }]]]), () => true)).toEqual([['a', 'b']]);
  });

  it('has no module in a face that imports itself back, even through types (context ↔ agent ↔ views)', () => {
    const inFaces = cycles(graph, () => true).filter((group) => group.some((file) => FACES.some((face) => file.startsWith(face))));
    expect(inFaces).toEqual([]);
  });

  it('has no circle of run-time imports anywhere', () => {
    expect(cycles(graph, (edge) => !edge.typeOnly)).toEqual([]);
  });
});

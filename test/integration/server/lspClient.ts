import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS, ESM_BANNER } from '../../../scripts/bundleOptions.mjs';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import type { RunCommandParams } from '../../../src/shared/lspMethods';

const repoRoot = path.resolve(__dirname, '../../..');
const fixtureWorkspace = path.join(__dirname, 'fixtures', 'workspace');

/** Bundles src/server/main.ts the way esbuild.config.mjs does, into a temp dir, and returns the bundle's path. */
export async function buildServerBundle(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'server.mjs');
  await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [path.join(repoRoot, 'src/server/main.ts')],
    outfile,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: ESM_BANNER },
  });
  return outfile;
}

/** A fresh copy of the fixture workspace (with its `.kiro/specs/notes-app`), so tests may write to it. */
export function copyFixtureWorkspace(into: string): string {
  const workspace = path.join(into, 'workspace');
  cpSync(fixtureWorkspace, workspace, { recursive: true });
  return workspace;
}

export function specFileUri(workspace: string, file: string): string {
  return pathToFileURL(path.join(workspace, '.kiro', 'specs', 'notes-app', file)).href;
}

/**
 * A plain LSP client over stdio: the server bundle runs as its own process, exactly as an editor
 * starts it, and every exchange is real JSON-RPC. It records published diagnostics and the
 * `specwright/runCommand` requests the server sends, and answers them with null.
 */
export class LspTestClient {
  readonly runCommands: RunCommandParams[] = [];
  private readonly diagnostics: PublishDiagnosticsParams[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly lensRefreshes: Array<() => void> = [];
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly connection: MessageConnection,
    private readonly process: ChildProcess,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.push(params);
      for (const wake of this.waiters.splice(0)) wake();
    });
    connection.onRequest('specwright/runCommand', (params: RunCommandParams) => {
      this.runCommands.push(params);
      return null;
    });
    connection.onRequest('workspace/codeLens/refresh', () => {
      for (const wake of this.lensRefreshes.splice(0)) wake();
      return null;
    });
  }

  static async start(serverBundle: string, workspace: string, initializationOptions: Record<string, unknown> = { diagnosticsDebounceMs: 0 }): Promise<LspTestClient> {
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(connection, child);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
      capabilities: {
        workspace: { codeLens: { refreshSupport: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
      initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  }

  /** Replaces the whole text; returns the new version. */
  async replace(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Inserts text at a position, as an editor does on a keystroke; returns the new version. */
  insert(uri: string, line: number, character: number, text: string): Promise<number> {
    const at = { line, character };
    return this.edit(uri, { start: at, end: at }, text);
  }

  /** Replaces a range with text, as an editor sends a keystroke, a paste or a deletion; returns the new version. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  /** Resolves with the first diagnostics published for `uri` (already or later) that satisfy `accept`. */
  async diagnosticsFor(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    for (;;) {
      const found = this.diagnostics.find((p) => p.uri === uri && accept(p));
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  publishedUris(): string[] {
    return this.diagnostics.map((p) => p.uri);
  }

  /** Resolves when the server next asks the client to refresh its code lenses. */
  nextLensRefresh(): Promise<void> {
    return new Promise((resolve) => this.lensRefreshes.push(resolve));
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      this.process.kill();
    }
  }
}

/** One server process and one fresh workspace per test file. */
export async function startServerWithFixture(initializationOptions?: Record<string, unknown>) {
  const temp = mkdtempSync(path.join(tmpdir(), 'specwright-lsp-'));
  const bundle = await buildServerBundle(temp);
  const workspace = copyFixtureWorkspace(temp);
  const client = await LspTestClient.start(bundle, workspace, initializationOptions);
  const cleanup = async () => {
    await client.stop();
    rmSync(temp, { recursive: true, force: true });
  };
  return { client, workspace, cleanup };
}

/** The 0-based index of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`fixture has no line containing ${JSON.stringify(needle)}`);
  return index;
}

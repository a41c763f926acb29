import type { SandboxLayout } from './layout';

/**
 * The macOS Seatbelt profile (`sandbox-exec -p`) for a layout: the same rules as the bubblewrap
 * mounts, written as rules where the last match wins. Everything is allowed but what is listed:
 * writes only to the workspace, the private temp folder and the caches; protected places read-only
 * (including ones that do not exist yet, which Seatbelt can name); hidden places neither readable
 * nor writable; no network except the proxy's loopback port (or all of it, for MCP servers); no launching of other applications
 * (Launch Services, Apple Events), which would run outside the sandbox.
 */
export function seatbeltProfile(layout: SandboxLayout, options: { privateTmp: string; proxyPort?: number; network?: 'all' }): string {
  const lines = [
    '(version 1)',
    '(allow default)',
    ...(options.network === 'all' ? [] : ['(deny network*)']),
    '(deny lsopen)',
    '(deny appleevent-send)',
    '(deny file-write*)',
    '(allow file-write* (literal "/dev/null") (literal "/dev/zero") (regex #"^/dev/tty") (regex #"^/dev/fd/"))',
    `(allow file-write* ${[layout.workspace, options.privateTmp, ...layout.writable].map(subpath).join(' ')})`,
  ];
  const readOnly = [...layout.readOnly, ...layout.missingProtected];
  if (readOnly.length) lines.push(`(deny file-write* ${readOnly.map(subpath).join(' ')})`);
  if (layout.writableAgain.length) lines.push(`(allow file-write* ${layout.writableAgain.map(subpath).join(' ')})`);
  const hidden = [...layout.hiddenFiles.map(literal), ...layout.hiddenDirs.map(subpath)];
  if (hidden.length) lines.push(`(deny file-read* file-write* ${hidden.join(' ')})`);
  if (options.proxyPort) lines.push(`(allow network-outbound (remote ip "localhost:${options.proxyPort}"))`);
  return `${lines.join('\n')}\n`;
}

function subpath(p: string): string {
  return `(subpath ${quote(p)})`;
}

function literal(p: string): string {
  return `(literal ${quote(p)})`;
}

/** An SBPL string: backslashes and quotes escaped, nothing else special. */
function quote(p: string): string {
  return `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

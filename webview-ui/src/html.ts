/**
 * The panel's HTML page and Content Security Policy, for the extension host to serve in its webview.
 * Nothing is fetched from the network: scripts run only with the page's nonce, styles and fonts come
 * from the extension (cspSource). 'unsafe-inline' styles are needed by React's style props (the
 * virtual list positions rows with inline transform/height); no script is inline without the nonce.
 * Kept free of DOM and React so the host bundle can import it.
 */

export interface PanelHtmlOptions {
  /** webview.asWebviewUri(dist/webview/panel.js) */
  scriptUri: string;
  /** webview.asWebviewUri(dist/webview/panel.css) */
  styleUri: string;
  /** webview.cspSource */
  cspSource: string;
  /** A fresh value per page load, from createNonce(). */
  nonce: string;
  title?: string;
}

export function panelCsp({ cspSource, nonce }: Pick<PanelHtmlOptions, 'cspSource' | 'nonce'>): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function panelHtml(options: PanelHtmlOptions): string {
  const { scriptUri, styleUri, nonce, title = 'Agent Activity' } = options;
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('panelHtml: the nonce must be at least 16 base64 characters; use createNonce().');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(panelCsp(options))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>${escapeText(title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}

/** 128 random bits, base64url: a nonce for one page load. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** For values inside double-quoted attributes (every attribute here is double-quoted). */
function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

import { describe, expect, it } from 'vitest';
import { createNonce, panelCsp, panelHtml } from '../../../webview-ui/src/html';

const options = {
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/panel.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/panel.css',
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'q1w2e3r4t5y6u7i8o9p0aa',
};

describe('the panel page', () => {
  it('allows scripts only with the page nonce and nothing from the network', () => {
    expect(panelCsp(options)).toBe(
      "default-src 'none'; script-src 'nonce-q1w2e3r4t5y6u7i8o9p0aa'; style-src https://*.vscode-cdn.net 'unsafe-inline'; img-src https://*.vscode-cdn.net data:; font-src https://*.vscode-cdn.net",
    );
  });

  it('puts the CSP, the stylesheet and the nonced script in the page', () => {
    const html = panelHtml(options);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-q1w2e3r4t5y6u7i8o9p0aa';`);
    expect(html).toContain(`<link rel="stylesheet" href="${options.styleUri}">`);
    expect(html).toContain(`<script nonce="q1w2e3r4t5y6u7i8o9p0aa" src="${options.scriptUri}"></script>`);
    expect(html).toContain('<div id="root"></div>');
  });

  it('has no inline script', () => {
    expect(panelHtml(options)).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('escapes the URIs and title it is given', () => {
    const html = panelHtml({ ...options, styleUri: 'x"><script>alert(1)</script>', title: '<b>' });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('<title>&lt;b&gt;</title>');
  });

  it('refuses a short or hand-made nonce', () => {
    expect(() => panelHtml({ ...options, nonce: 'abc' })).toThrow(/use createNonce\(\)/);
  });

  it('makes a different 22-character nonce each time', () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(createNonce()).not.toBe(a);
  });
});

/**
 * The theme variables VS Code sets on a webview's <html>, for the harness: values from the
 * Dark Modern and Light Modern themes (the ones the panel's CSS uses), and VS Code's default webview
 * stylesheet, which it injects before the page's own styles.
 */
export type ThemeKind = 'dark' | 'light';

const shared: Record<string, string> = {
  'font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"DejaVu Sans Mono", "Droid Sans Mono", monospace',
  'editor-font-size': '12px',
};

const dark: Record<string, string> = {
  foreground: '#cccccc',
  descriptionForeground: '#9d9d9d',
  errorForeground: '#f85149',
  focusBorder: '#0078d4',
  'editor-background': '#1f1f1f',
  'editor-foreground': '#cccccc',
  'sideBar-background': '#181818',
  'panel-border': '#2b2b2b',
  'widget-border': '#313131',
  'widget-shadow': 'rgba(0, 0, 0, 0.36)',
  'editorWidget-background': '#202020',
  'button-background': '#0078d4',
  'button-foreground': '#ffffff',
  'button-hoverBackground': '#026ec1',
  'button-border': 'rgba(255, 255, 255, 0.07)',
  'button-secondaryBackground': '#313131',
  'button-secondaryForeground': '#cccccc',
  'button-secondaryHoverBackground': '#3c3c3c',
  'input-background': '#313131',
  'input-foreground': '#cccccc',
  'input-border': '#3c3c3c',
  'input-placeholderForeground': '#989898',
  'badge-background': '#616161',
  'badge-foreground': '#f8f8f8',
  'textLink-foreground': '#4daafc',
  'textLink-activeForeground': '#4daafc',
  'textCodeBlock-background': '#2b2b2b',
  'textPreformat-foreground': '#d0d0d0',
  'toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
  'list-hoverBackground': '#2a2d2e',
  'diffEditor-insertedLineBackground': 'rgba(155, 185, 85, 0.2)',
  'diffEditor-removedLineBackground': 'rgba(255, 0, 0, 0.2)',
  'gitDecoration-addedResourceForeground': '#81b88b',
  'gitDecoration-deletedResourceForeground': '#c74e39',
  'testing-iconPassed': '#73c991',
  'testing-iconFailed': '#f14c4c',
  'editorWarning-foreground': '#cca700',
  'charts-green': '#89d185',
  'charts-red': '#f14c4c',
  'charts-yellow': '#cca700',
  'charts-blue': '#3794ff',
  'charts-orange': '#d18616',
  'charts-purple': '#b180d7',
  'progressBar-background': '#0078d4',
  'statusBarItem-errorBackground': '#c72e0f',
  'statusBarItem-errorForeground': '#ffffff',
  'terminal-background': '#181818',
  'terminal-foreground': '#cccccc',
  'terminal-ansiRed': '#f14c4c',
  'terminal-ansiGreen': '#23d18b',
  'terminal-ansiYellow': '#e5e510',
  'tree-indentGuidesStroke': '#585858',
  'inputValidation-errorBackground': '#5a1d1d',
  'inputValidation-errorBorder': '#be1100',
  'scrollbarSlider-background': 'rgba(121, 121, 121, 0.4)',
  'scrollbarSlider-hoverBackground': 'rgba(100, 100, 100, 0.7)',
};

const light: Record<string, string> = {
  ...dark,
  foreground: '#3b3b3b',
  'charts-green': '#388a34',
  'charts-blue': '#1a85ff',
  'charts-orange': '#d18616',
  'charts-purple': '#652d90',
  descriptionForeground: '#3b3b3b',
  errorForeground: '#f85149',
  focusBorder: '#005fb8',
  'editor-background': '#ffffff',
  'editor-foreground': '#3b3b3b',
  'sideBar-background': '#f8f8f8',
  'panel-border': '#e5e5e5',
  'widget-border': '#e5e5e5',
  'widget-shadow': 'rgba(0, 0, 0, 0.16)',
  'editorWidget-background': '#f8f8f8',
  'button-background': '#005fb8',
  'button-hoverBackground': '#0258a8',
  'button-border': 'rgba(0, 0, 0, 0.1)',
  'button-secondaryBackground': '#e5e5e5',
  'button-secondaryForeground': '#3b3b3b',
  'button-secondaryHoverBackground': '#cccccc',
  'input-background': '#ffffff',
  'input-foreground': '#3b3b3b',
  'input-border': '#cecece',
  'input-placeholderForeground': '#767676',
  'badge-background': '#cccccc',
  'badge-foreground': '#3b3b3b',
  'textLink-foreground': '#005fb8',
  'textLink-activeForeground': '#005fb8',
  'textCodeBlock-background': '#f2f2f2',
  'textPreformat-foreground': '#3b3b3b',
  'toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
  'list-hoverBackground': '#f2f2f2',
  'diffEditor-insertedLineBackground': 'rgba(155, 185, 85, 0.2)',
  'diffEditor-removedLineBackground': 'rgba(255, 0, 0, 0.2)',
  'gitDecoration-addedResourceForeground': '#587c0c',
  'gitDecoration-deletedResourceForeground': '#ad0707',
  'testing-iconPassed': '#388a34',
  'testing-iconFailed': '#f14c4c',
  'editorWarning-foreground': '#bf8803',
  'terminal-background': '#f8f8f8',
  'terminal-foreground': '#3b3b3b',
  'terminal-ansiRed': '#cd3131',
  'terminal-ansiGreen': '#107c10',
  'terminal-ansiYellow': '#949800',
  'tree-indentGuidesStroke': '#a9a9a9',
  'inputValidation-errorBackground': '#f2dede',
};

export function themeStyle(kind: ThemeKind): string {
  const vars = { ...shared, ...(kind === 'dark' ? dark : light) };
  return `html { ${Object.entries(vars)
    .map(([name, value]) => `--vscode-${name}: ${value};`)
    .join(' ')} }`;
}

/** VS Code's default webview styles (abridged): body padding, links, code, and its scrollbars. */
export const vscodeDefaultStyle = `
body { background-color: transparent; color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); font-weight: var(--vscode-font-weight); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }
a, a code { color: var(--vscode-textLink-foreground); }
code { font-family: var(--vscode-editor-font-family); color: var(--vscode-textPreformat-foreground); }
::-webkit-scrollbar { width: 10px; height: 10px; }
::-webkit-scrollbar-corner { background-color: var(--vscode-editor-background); }
::-webkit-scrollbar-thumb { background-color: var(--vscode-scrollbarSlider-background); }
::-webkit-scrollbar-thumb:hover { background-color: var(--vscode-scrollbarSlider-hoverBackground); }
`;

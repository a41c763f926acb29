// Times require + activate() of dist/extension.js against a stub vscode module (every API a no-op
// proxy), in a fresh process: what activation costs the extension host, without the host itself.
// Usage: node activateWithStubVscode.cjs WORKSPACE EXTENSION_JS STORAGE_DIR
const Module = require('module');
const path = require('path');
function deep(name) {
  const fn = function () { return deep(name + '()'); };
  delete fn.name;
  return new Proxy(fn, {
    get(t, p) {
      if (p === Symbol.toPrimitive) return () => name;
      if (p === 'then') return undefined;
      if (p === Symbol.iterator) return function* () {};
      return deep(name + '.' + String(p));
    },
    construct() { return deep('new ' + name); },
    set() { return true; },
    defineProperty() { return true; },
  });
}
class EventEmitter { constructor() { this.l = []; this.event = (f) => { this.l.push(f); return { dispose() {} }; }; } fire(v) { this.l.forEach((f) => f(v)); } dispose() {} }
const folder = { uri: { scheme: 'file', fsPath: process.argv[2] } };
const stub = { EventEmitter, workspace: new Proxy({}, { get(_, q) { if (q === 'workspaceFolders') return [folder]; if (q === 'isTrusted') return true; if (q === 'getConfiguration') return () => ({ get: () => undefined, inspect: () => undefined }); return deep('workspace.' + String(q)); } }) };
for (const k of ['window','commands','Uri','ViewColumn','StatusBarAlignment','ThemeIcon','ThemeColor','TreeItem','TreeItemCollapsibleState','ProgressLocation','ConfigurationTarget','RelativePattern','Range','extensions','QuickPickItemKind','env','l10n']) stub[k] = deep(k);
const orig = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : orig.call(this, request, ...rest); };
const t0 = performance.now();
const ext = require(path.resolve(process.argv[3]));
const t1 = performance.now();
const ctx = { subscriptions: [], secrets: deep('secrets'), extensionUri: deep('uri'), storageUri: { fsPath: path.join(process.argv[4], 'storage') }, globalStorageUri: { fsPath: path.join(process.argv[4], 'global') } };
ext.activate(ctx);
const t2 = performance.now();
console.log(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1 }));
process.on('unhandledRejection', () => {});
setTimeout(() => process.exit(0), 50);

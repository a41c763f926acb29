import { cpSync, mkdtempSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { it } from 'vitest';
import { addKnowledgeBase, searchKnowledge } from '../../src/core/knowledge';
it('smoke', async () => {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'kbs-'));
  mkdirSync(path.join(ws, 'corpus'));
  let bytes = 0; let n = 0;
  const walk = (d: string) => { for (const e of readdirSync(d, { withFileTypes: true })) { if (bytes > 10e6) return; const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (/\.(md|ts|js)$/.test(e.name) && !/\.min\./.test(e.name)) { const s = statSync(p).size; if (s > 300e3) continue; cpSync(p, path.join(ws, 'corpus', `${n++}-${e.name}`)); bytes += s; } } };
  walk('node_modules');
  for (const t of (process.env.KB_TYPES ?? 'fast,best').split(',') as Array<'fast' | 'best'>) {
    const r = await addKnowledgeBase(ws, { path: 'corpus', name: t, indexType: t });
    console.log(t, (r.summary.indexedBytes / 1e6).toFixed(1), 'MB', (r.summary.durationMs / 1000).toFixed(1), 's', ((r.summary.indexedBytes / 1e6) / (r.summary.durationMs / 1000)).toFixed(2), 'MB/s', 'chunks', r.summary.chunks, 'index', (r.indexBytes / 1e6).toFixed(1), 'MB');
    const s0 = performance.now(); await searchKnowledge(ws, { query: 'stream', name: t }); console.log('first search (load)', (performance.now() - s0).toFixed(0), 'ms');
  }
}, 600000);

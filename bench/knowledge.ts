/**
 * Knowledge-base figures on a generated 50 MB corpus (bench/support/corpus.ts), for both index
 * types: indexing throughput (MB/s), the index's size on disk, the first search of a process (the
 * index is read and parsed), query latency p50/p95 over 200 queries, and an incremental update
 * after 1 % of the files changed. Prints; asserts nothing.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addKnowledgeBase, searchKnowledge, updateKnowledgeBase, type IndexType } from '../src/core/knowledge';
import { generateCorpus } from './support/corpus';
import { loadAverage } from './usage';

const CORPUS_BYTES = Number(process.env.SPECWRIGHT_BENCH_KB_BYTES ?? 50 * 1024 * 1024);
/** Targets: a 50 MB folder indexed in about a minute; a search well under the model's own latency. */
const TARGET_MBPS = 1;
const TARGET_P95_MS = 100;

export async function benchKnowledge(): Promise<void> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-kb-'));
  try {
    const started = performance.now();
    const corpus = generateCorpus(path.join(workspace, 'corpus'), CORPUS_BYTES);
    console.log(`knowledge: generated corpus of ${corpus.files.length} files, ${mb(corpus.bytes)} in ${seconds(performance.now() - started)}; load average ${loadAverage()}`);
    for (const indexType of ['fast', 'best'] as IndexType[]) await benchIndexType(workspace, corpus, indexType);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function benchIndexType(workspace: string, corpus: ReturnType<typeof generateCorpus>, indexType: IndexType): Promise<void> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const added = await addKnowledgeBase(workspace, { path: 'corpus', name: indexType, indexType });
  const rssAfter = process.memoryUsage().rss;
  const mbps = added.summary.indexedBytes / 1024 / 1024 / (added.summary.durationMs / 1000);
  console.log(`  ${indexType}: indexed ${added.summary.files} files, ${added.summary.chunks} chunks in ${seconds(added.summary.durationMs)}: ${mbps.toFixed(2)} MB/s (target ≥ ${TARGET_MBPS} MB/s, ratio ${(mbps / TARGET_MBPS).toFixed(2)})`);
  console.log(`    index on disk ${mb(added.indexBytes)} (${((added.indexBytes / corpus.bytes) * 100).toFixed(0)} % of the corpus); RSS +${mb(Math.max(0, rssAfter - rssBefore))} while indexing`);

  // A new process pays for reading and parsing the index once; a fresh copy of the module state is
  // not available here, so the first search after an update (which drops the parsed index) stands in.
  const changed = corpus.files.filter((_, i) => i % 100 === 0);
  for (const file of changed) appendFileSync(file, '\nAppended paragraph about zikalo and moruvel.\n');
  const update = await updateKnowledgeBase(workspace, indexType);
  console.log(`    incremental update after ${changed.length} of ${corpus.files.length} files changed: ${seconds(update.summary.durationMs)} (${update.summary.changed} re-indexed, ${update.summary.unchanged} unchanged)`);
  const first = performance.now();
  await searchKnowledge(workspace, { query: corpus.queries[0]!, name: indexType, top: 5 });
  console.log(`    first search (reads and parses the index): ${ms(performance.now() - first)}`);

  const latencies: number[] = [];
  let hits = 0;
  for (const query of corpus.queries) {
    const t = performance.now();
    const outcome = await searchKnowledge(workspace, { query, name: indexType, top: 5 });
    latencies.push(performance.now() - t);
    hits += outcome.hits.length ? 1 : 0;
  }
  const p95 = percentile(latencies, 0.95);
  console.log(`    query latency over ${latencies.length} queries (top 5, lines read from disk): p50 ${ms(percentile(latencies, 0.5))}, p95 ${ms(p95)} (target ≤ ${TARGET_P95_MS} ms, ratio ${(p95 / TARGET_P95_MS).toFixed(2)}); ${hits} queries had hits`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

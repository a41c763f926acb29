/**
 * Knowledge bases: folders and files indexed for search by the agent (`knowledge` tool) and the
 * CLI (`specwright knowledge`). Stored under `.kiro/.specwright/knowledge/` (git-ignored):
 * `bases.json` lists them, `<id>/index.json` holds each one's index and the record of its files.
 */
export type { IndexType, KnowledgeBase, KnowledgeHit, IndexSummary, Chunk } from './types';
export { INDEX_TYPES } from './types';
export { KnowledgeError, type KnowledgeErrorCode, type KnowledgeRemedy } from './errors';
export { addKnowledgeBase, updateKnowledgeBase, removeKnowledgeBase, showKnowledgeBase, reindex, type NewKnowledgeBase, type IndexedBase, type KnowledgeBaseDetails } from './bases';
export { readKnowledgeBases, hasKnowledgeBases, findKnowledgeBase, knowledgeDir, displayPath as knowledgeDisplayPath, sourcePath as knowledgeSourcePath } from './store';
export { knowledgeBaseProblem, type KnowledgeBaseProblem } from './health';
export { searchKnowledge, type KnowledgeQuery, type KnowledgeSearchOutcome } from './search';
export {
  isKnowledgeBaseResource,
  parseKnowledgeBaseResource,
  indexAgentKnowledgeBase,
  type KnowledgeBaseResource,
  type AgentKnowledgeOptions,
  type AgentKnowledgeBase,
  type ResourceContext,
} from './agentResources';
export { chunkFile } from './chunking';
export { knowledgeFiles, isIndexableName, MAX_FILE_BYTES as MAX_KNOWLEDGE_FILE_BYTES } from './files';

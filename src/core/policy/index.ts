/**
 * The policy: every action the agent proposes gets allow, ask or deny, with a sentence naming the rule.
 *
 * Definitions the rules rest on:
 * - Command pattern (agent.allowedCommands / agent.forbiddenCommands): a command prefix in words,
 *   matched against every parsed simple command, flags order- and spelling-insensitive. See
 *   src/core/settings/schema.ts and commandPattern.ts.
 * - Large rewrite (asks at balanced): a modify whose linesChanged is above 20 and above half of
 *   linesBefore; deleting a file that is not a test artifact.
 * - Destructive command (asks at cautious and balanced, not full): rm -r/-f, shred, dd, truncate,
 *   mkfs, wipefs/fdisk/parted, chmod/chown/chgrp -R, find -delete, git reset --hard/--merge,
 *   git clean (not -n), git checkout -- <paths> / . / -f, git restore (worktree), git stash
 *   drop/clear, git branch -D, git push --force/-d/--mirror, git filter-branch, docker prune/volume rm,
 *   kubectl delete, terraform destroy, redis FLUSHALL, killall/pkill, DROP/TRUNCATE SQL given to a
 *   database client, and `>`/`tee`/`cp`/`mv`/`dd of=` overwriting an existing file that is not a test
 *   artifact. The list is in commandRules.ts.
 * - Test artifact (deletable without asking): anything under a coverage/, test-results/,
 *   playwright-report/, .nyc_output/, tmp/ or .cache/ folder at any depth, and *.log files.
 *   __snapshots__ are not artifacts: they are checked-in expectations.
 */
export type { ProposedAction, McpToolAction, PolicyDecision, PolicyVerdict, PolicyRule, AutonomyLevel, AgentMode, SandboxState } from './types';
export { unmodelledReason } from './knownPrograms';
export { assessMcpTool, type McpToolAssessment } from './mcpTools';
export { PolicyEngine, isLargeRewrite, LARGE_REWRITE_MIN_LINES, type PolicyEngineOptions } from './policyEngine';
export { parseCommandPattern, matchPattern, CommandPatternError, type CommandPattern, type Match } from './commandPattern';
export { analyzeCommand, type Invocation, type CommandAnalysis, type Unresolved } from './shell/invocations';
export { PathPolicy } from './pathPolicy';
export { loadShellParser, isShellParserLoaded, ShellParserNotLoadedError } from './shell/wasm/shellParser';

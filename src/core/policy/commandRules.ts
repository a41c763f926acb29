import { plainWords } from './commandLine';
import { argsOf, invocationViews, matchPattern, parseCommandPattern, type CommandPattern, type Match } from './commandPattern';
import { programFamily } from './programs';
import { migrationTarget } from './migrations';
import { gitConfigCommand } from './shell/embeddedShell';
import { PRIVILEGE_WRAPPERS, type Invocation } from './shell/invocations';
import type { PolicyRule } from './types';

/** A built-in rule that recognises a kind of command. */
export interface CommandRule {
  id: PolicyRule;
  /** always-ask: at every autonomy level. destructive: asks at cautious and balanced, not at full. */
  kind: 'always-ask' | 'destructive';
  /** Completes the sentence `"<command>" …`, e.g. `pushes to a remote`. */
  does: string;
  /** Completes the reason after a semicolon, e.g. `pushing always needs your approval`. */
  because: string;
  /** What in the command matched (`git push`), or null. */
  check(invocation: Invocation): RuleHit | null;
}

export interface RuleHit {
  match: Exclude<Match, 'no'>;
  label: string;
  /** Replaces the rule's `does` and `because` for this hit. */
  does?: string;
  because?: string;
  /** An agent.allowedCommands pattern covering the command lifts this ask (a development migration). */
  liftable?: boolean;
}

/** Built-in patterns, parsed on first use: parsing needs the shell parser, which loads asynchronously. */
function patterns(...texts: string[]): () => CommandPattern[] {
  let parsed: CommandPattern[] | null = null;
  return () => (parsed ??= texts.map(parseCommandPattern));
}

/** The first pattern that matches any view of the invocation (`pnpm exec prisma …` is `prisma …`). */
function matchOne(list: () => CommandPattern[], invocation: Invocation, skip?: (view: Invocation) => boolean) {
  let maybe: { match: 'maybe'; label: string; view: Invocation } | null = null;
  for (const view of invocationViews(invocation)) {
    if (skip?.(view)) continue;
    const args = argsOf(view);
    for (const pattern of list()) {
      const match = matchPattern(pattern, view, args);
      if (match === 'yes') return { match, label: pattern.text, view };
      if (match === 'maybe') maybe ??= { match, label: pattern.text, view };
    }
  }
  return maybe;
}

function patternRule(rule: Omit<CommandRule, 'check'>, list: () => CommandPattern[], skip?: (view: Invocation) => boolean): CommandRule {
  return { ...rule, check: (invocation) => matchOne(list, invocation, skip) };
}


const PUSH = patterns('git push', 'hg push', 'jj git push', 'git svn dcommit', 'svn commit');

const PUBLISH = patterns(
  'npm publish', 'npm unpublish', 'npm deprecate', 'npm dist-tag', 'yarn publish', 'yarn npm publish', 'pnpm publish', 'bun publish',
  'lerna publish', 'changeset publish', 'cargo publish', 'cargo yank', 'twine upload', 'poetry publish', 'flit publish', 'hatch publish',
  'uv publish', 'gem push', 'vsce publish', 'ovsx publish', 'dotnet nuget push', 'nuget push', 'mvn deploy', 'gradle publish',
  'gradlew publish', 'docker push', 'podman push', 'helm push', 'gh release create', 'goreleaser release',
);

const MIGRATIONS = patterns(
  'prisma migrate', 'prisma db push', 'prisma db execute', 'knex migrate*', 'knex seed*', 'sequelize db:*', 'sequelize-cli db:*',
  'typeorm migration:run', 'typeorm migration:revert', 'typeorm schema:sync', 'typeorm schema:drop', 'rails db:*', 'rake db:*',
  'alembic upgrade', 'alembic downgrade', 'alembic stamp', 'flyway migrate', 'flyway clean', 'liquibase update', 'diesel migration',
  'sqlx migrate', 'goose up', 'goose down', 'dbmate up', 'dbmate down', 'dbmate migrate', 'drizzle-kit migrate', 'drizzle-kit push',
  'python manage.py migrate', 'manage.py migrate', 'django-admin migrate', 'mix ecto.migrate', 'mix ecto.rollback', 'php artisan migrate*',
  'migrate up', 'migrate down', 'node-pg-migrate up', 'node-pg-migrate down', 'db-migrate up', 'db-migrate down', 'supabase db push',
);

const GLOBAL_INSTALLS = patterns(
  'npm install -g', 'npm i -g', 'npm add -g', 'npm uninstall -g', 'npm update -g', 'npm link', 'pnpm add -g', 'pnpm install -g',
  'pnpm remove -g', 'yarn global', 'bun add -g', 'bun install -g', 'cargo install', 'go install', 'pip install --user', 'pipx install',
  'gem install', 'brew install', 'brew upgrade', 'brew uninstall', 'apt install', 'apt-get install', 'apt remove', 'apt-get remove',
  'dnf install', 'yum install', 'snap install', 'port install', 'corepack enable', 'uv tool install',
);

const DESTRUCTIVE = patterns(
  'rm -r', 'rm -f', 'shred', 'wipefs', 'fdisk', 'sfdisk', 'parted', 'mkswap', 'dd', 'truncate', 'chmod -R', 'chown -R', 'chgrp -R',
  'find -delete', 'git reset --hard', 'git reset --merge', 'git stash drop', 'git stash clear', 'git branch -D', 'git push -f',
  'git push --force-with-lease', 'git push --mirror', 'git push -d', 'git filter-branch', 'git filter-repo', 'git reflog expire',
  'git update-ref -d', 'git worktree remove -f', 'git checkout -f', 'git switch -f', 'git switch --discard-changes',
  'docker system prune', 'docker volume prune', 'docker volume rm', 'docker image prune', 'docker container prune', 'docker rm -f',
  'kubectl delete', 'terraform destroy', 'redis-cli flushall', 'redis-cli flushdb', 'killall', 'pkill', 'npm cache clean',
);

export const DATABASE_CLIENTS = new Set(['psql', 'mysql', 'mariadb', 'sqlite3', 'sqlcmd', 'mongo', 'mongosh', 'cockroach', 'clickhouse-client', 'duckdb']);
export const DESTRUCTIVE_SQL = /\b(drop\s+(database|schema|table)|truncate\s+(table\s+)?[\w"`]|delete\s+from\s+[\w"`.]+\s*;?\s*$)/im;

/** Destructive forms that are about how a command is used rather than a prefix. */
function destructiveUse(invocation: Invocation): string | null {
  const args = argsOf(invocation);
  const words = plainWords(args);
  const family = programFamily(invocation.name);
  if (/^mkfs(\.|$)/.test(invocation.name)) return invocation.name;
  if (family === 'git') {
    const raw = invocation.args.map((a) => (a.kind === 'static' ? a.value : ''));
    if (words[0] === 'clean' && !args.flags.has('n')) return 'git clean';
    // `git checkout -- file` and `git checkout .` throw away uncommitted changes.
    if (words[0] === 'checkout' && (raw.includes('--') || words.slice(1).some((w) => w === '.' || w.startsWith('./') || w === ':/'))) return 'git checkout -- <paths>';
    if (words[0] === 'restore') {
      const staged = args.flags.has('S') || args.flags.has('--staged');
      const worktree = args.flags.has('W') || args.flags.has('--worktree');
      if (!staged || worktree) return 'git restore';
    }
  }
  if (DATABASE_CLIENTS.has(invocation.name)) {
    const texts = [...words, ...args.options.map((o) => o.value ?? '')];
    if (invocation.stdin.kind === 'text' && invocation.stdin.text) texts.push(invocation.stdin.text);
    const sql = texts.find((t) => DESTRUCTIVE_SQL.test(t));
    if (sql) return `SQL ${DESTRUCTIVE_SQL.exec(sql)![1]!.split(/\s+/).slice(0, 2).join(' ').toUpperCase()}`;
  }
  return null;
}

/**
 * Code in another language given inline (`python -c`, `node -e`) or on standard input (`curl … |
 * python`): the policy cannot read it, so it could do anything a forbidden command does.
 */
function opaqueCode(invocation: Invocation): string | null {
  const family = programFamily(invocation.name);
  const args = argsOf(invocation);
  const has = (...flags: string[]) => flags.some((f) => args.flags.has(f));
  const first = args.positionals[0];
  const noScript = !first || (first.kind === 'static' && first.value === '-');
  const fromStdin = noScript && (invocation.stdin.kind === 'pipe' || invocation.stdin.kind === 'text');
  switch (family) {
    case 'python':
      if (has('c')) return `${invocation.name} -c`;
      return fromStdin && !has('m') ? `${invocation.name} reading code from standard input` : null;
    case 'node':
    case 'bun':
      if (has('e', 'p')) return `${invocation.name} -e`;
      return fromStdin && family === 'node' ? `${invocation.name} reading code from standard input` : null;
    case 'perl':
    case 'ruby':
    case 'lua':
    case 'Rscript':
    case 'osascript':
      if (has('e', 'E')) return `${invocation.name} -e`;
      return fromStdin ? `${invocation.name} reading code from standard input` : null;
    case 'php':
      if (has('r', 'B', 'R', 'F', 'E')) return `${invocation.name} -r`;
      return fromStdin ? `${invocation.name} reading code from standard input` : null;
    case 'deno':
      return plainWords(args)[0] === 'eval' ? 'deno eval' : null;
    case 'pwsh':
    case 'powershell':
      return invocation.args.some((a) => a.kind === 'static' && /^-(c|command|encodedcommand|e|ec)$/i.test(a.value)) ? `${invocation.name} -Command` : null;
    case 'awk': {
      // The commands and files of an awk program are read out of it (shell/programScripts.ts); one only known when it runs is opaque.
      const program = args.options.some((o) => o.name === 'f' || o.name === '--file') ? null : args.positionals[0];
      return program?.kind === 'dynamic' ? `${invocation.name} with a program only known when it runs` : null;
    }
    default:
      return null;
  }
}

/** Git options that make git run another program (`git -c alias.x='!rm -rf /' x`). */
const GIT_EXEC_CONFIG = /^(alias\.|core\.(pager|sshcommand|editor|fsmonitor|hookspath|askpass|gitproxy)|pager\.|diff\.|filter\.|merge\.|credential\.|sequence\.editor|gpg\.|ssh\.|uploadpack\.|receivepack\.|remote\.[^=]*\.(uploadpack|receivepack|proxy)|protocol\.|include\.|includeif\.)/i;

export const COMMAND_RULES: CommandRule[] = [
  patternRule({ id: 'push', kind: 'always-ask', does: 'pushes to a remote', because: 'pushing always needs your approval' }, PUSH),
  patternRule({ id: 'publish', kind: 'always-ask', does: 'publishes a package or release', because: 'publishing always needs your approval' }, PUBLISH),
  {
    id: 'migration',
    kind: 'always-ask',
    does: 'runs a database migration',
    because: 'migrations need your approval',
    check: (invocation) => {
      const hit = matchOne(MIGRATIONS, invocation);
      if (!hit) return null;
      const where = migrationTarget(hit.view);
      if (where.target === 'test') return null;
      if (where.target === 'development') {
        return {
          match: hit.match,
          label: hit.label,
          does: 'runs a database migration against a development database',
          because: `migrations need your approval unless agent.allowedCommands allows the command (a test environment, NODE_ENV=test or RAILS_ENV=test, needs none)`,
          liftable: true,
        };
      }
      return { match: hit.match, label: hit.label, does: `runs a database migration toward ${where.target === 'production' ? 'production' : 'a database it cannot tell'} (${where.marker})`, because: 'such migrations always need your approval, even when agent.allowedCommands allows the command' };
    },
  },
  {
    id: 'secret-file',
    kind: 'always-ask',
    does: 'prints environment variables',
    because: 'they can hold secrets (tokens, keys), and what the agent reads is sent to the model, so it needs your approval',
    check: (invocation) => {
      const words = invocation.args.map((w) => (w.kind === 'static' ? w.value : '?'));
      const name = invocation.name;
      const dumps =
        name === 'printenv' ||
        (name === 'env' && words.every((w) => /^-/.test(w))) ||
        (name === 'set' && words.length === 0) ||
        (['declare', 'typeset', 'export', 'readonly', 'local'].includes(name) && (words.length === 0 || words.some((w) => /^-\w*p/.test(w))));
      return dumps ? { match: 'yes', label: [name, ...words].join(' ') } : null;
    },
  },
  {
    id: 'global-install',
    kind: 'always-ask',
    does: 'installs or removes software outside the workspace',
    because: 'changes to the machine always need your approval',
    check: (invocation) => {
      const location = invocation.name === 'npm' && argsOf(invocation).options.find((o) => o.name === '--location' && o.value === 'global');
      return location ? { match: 'yes', label: 'npm --location=global' } : matchOne(GLOBAL_INSTALLS, invocation);
    },
  },
  {
    id: 'privilege',
    kind: 'always-ask',
    does: 'runs as another user',
    because: 'privileged commands always need your approval',
    check: (invocation) => {
      const wrapper = [...invocation.via, invocation.name].find((name) => PRIVILEGE_WRAPPERS.has(name));
      return wrapper ? { match: 'yes', label: wrapper } : null;
    },
  },
  {
    id: 'inline-code',
    kind: 'always-ask',
    does: 'runs code the policy cannot read',
    because: 'inline code can do anything a forbidden command does, so it always needs your approval',
    check: (invocation) => {
      for (const view of invocationViews(invocation)) {
        const label = opaqueCode(view);
        if (label) return { match: 'yes', label };
      }
      return null;
    },
  },
  {
    id: 'inline-code',
    kind: 'always-ask',
    does: 'configures git to run another program',
    because: 'that program is not visible here, so it always needs your approval',
    check: (invocation) => {
      if (invocation.name !== 'git') return null;
      // Values that are commands (core.pager, alias.x=!…) are judged as commands (shell/embeddedShell.ts); the rest of these keys make git run what it does not show.
      const config = argsOf(invocation).options.find(
        (o) => o.name === '--config-env' || (o.name === 'c' && (o.value === null || (GIT_EXEC_CONFIG.test(o.value) && gitConfigCommand(o.value.split('=')[0]!, o.value.includes('=') ? o.value.slice(o.value.indexOf('=') + 1) : 'true') === undefined))),
      );
      return config ? { match: 'yes', label: `git -c ${config.value ?? ''}`.trim() } : null;
    },
  },
  {
    id: 'destructive',
    kind: 'destructive',
    does: 'is destructive',
    because: 'destructive commands need your approval below full autonomy',
    check: (invocation) => {
      const matched = matchOne(DESTRUCTIVE, invocation);
      if (matched?.match === 'yes') return matched;
      for (const view of invocationViews(invocation)) {
        const label = destructiveUse(view);
        if (label) return { match: 'yes', label };
      }
      return matched;
    },
  },
];

import { plainWords } from './commandLine';
import { argsOf } from './commandPattern';
import type { Invocation } from './shell/invocations';
import type { WordValue } from './shell/words';

/**
 * Which database a migration goes to, from what the command says:
 * - `test`: a test environment said outright (`NODE_ENV=test`, `RAILS_ENV=test`): runs like any command.
 * - `development`: no production marker and a development command (`prisma migrate dev`, `rails
 *   db:migrate`, `knex migrate:latest`, `alembic upgrade head`…): asked, unless agent.allowedCommands
 *   allows the command, which then decides it like any other allowed command.
 * - `production`: a production marker (`RAILS_ENV=production`, `NODE_ENV=prod`, `--env production`,
 *   `--settings=…prod…`, `DATABASE_URL` on a host that is not this machine): always asked.
 * - `unknown`: a command meant for deployed databases (`prisma migrate deploy`, `supabase db push`,
 *   `flyway migrate`…), or a marker only known when it runs: always asked.
 */
export type MigrationTarget = { target: 'test' } | { target: 'development' } | { target: 'production' | 'unknown'; marker: string };

const ENVIRONMENT_VARIABLES = ['NODE_ENV', 'RAILS_ENV', 'RACK_ENV', 'APP_ENV', 'MIX_ENV', 'DJANGO_ENV', 'FLASK_ENV', 'ENVIRONMENT', 'ENV', 'STAGE', 'DEPLOY_ENV'];
const DATABASE_URL_VARIABLE = /^(\w+_)?(DATABASE|DB)_(URL|URI)$|^DATABASE$/;
const PRODUCTION = /^(prod|production|staging|stage|live|preprod|pre-prod|uat)$/i;
const TEST = /^test(ing)?$/i;
const DEVELOPMENT = /^(dev|development|local)$/i;
const LOCAL_HOST = /^(localhost|127(\.\d+){3}|\[?::1\]?|0\.0\.0\.0|host\.docker\.internal)$/i;

/** Commands for deployed databases: their target is wherever the configuration points. */
const DEPLOY_COMMANDS: Array<[string, string[]]> = [
  ['prisma', ['migrate', 'deploy']],
  ['prisma', ['migrate', 'resolve']],
  ['prisma', ['db', 'execute']],
  ['supabase', ['db', 'push']],
  ['flyway', []],
  ['liquibase', []],
];

function environmentValue(name: string, value: WordValue): MigrationTarget | null {
  if (value.kind === 'dynamic') return { target: 'unknown', marker: `${name}=${value.written}` };
  if (TEST.test(value.value)) return { target: 'test' };
  if (PRODUCTION.test(value.value)) return { target: 'production', marker: `${name}=${value.value}` };
  if (DEVELOPMENT.test(value.value)) return null;
  return { target: 'unknown', marker: `${name}=${value.value}` };
}

function databaseUrl(name: string, value: WordValue): MigrationTarget | null {
  if (value.kind === 'dynamic') return { target: 'unknown', marker: `${name}=${value.written}` };
  const text = value.value.replace(/^jdbc:/i, '');
  if (/^(file:|sqlite:)/i.test(text) || !text.includes('://')) return null;
  const host = /^[a-z][\w+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?]+)/i.exec(text)?.[1] ?? '';
  return LOCAL_HOST.test(host) ? null : { target: 'production', marker: `${name} on ${host || 'a host it does not name'}` };
}

/**
 * The strongest marker wins: production, then a test environment said outright (`NODE_ENV=test prisma
 * migrate deploy` is a test database), then anything unknown, then development.
 */
function strongest(found: MigrationTarget[]): MigrationTarget {
  return found.find((f) => f.target === 'production') ?? found.find((f) => f.target === 'test') ?? found.find((f) => f.target === 'unknown') ?? { target: 'development' };
}

export function migrationTarget(invocation: Invocation): MigrationTarget {
  const found: MigrationTarget[] = [];
  let localUrlGiven = false;
  const consider = (name: string, value: WordValue) => {
    const hit = ENVIRONMENT_VARIABLES.includes(name) ? environmentValue(name, value) : DATABASE_URL_VARIABLE.test(name) ? databaseUrl(name, value) : /^DJANGO_SETTINGS_MODULE$/.test(name) ? settingsModule(value) : null;
    if (hit) found.push(hit);
  };
  for (const [name, value] of invocation.env) consider(name, value);
  const args = argsOf(invocation);
  // `rails db:migrate RAILS_ENV=production`: rake and rails take assignments as arguments too.
  for (const word of invocation.args) {
    if (word.kind !== 'static') continue;
    const assignment = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(word.value);
    if (assignment) consider(assignment[1]!, { kind: 'static', value: assignment[2]!, written: word.written, glob: false });
  }
  const words = invocation.args.map((w) => (w.kind === 'static' ? w.value : null));
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === null || word === undefined) continue;
    const option = /^(--env|--environment|--stage|-e|--settings|--database|--url|-url|--database-url|--db-url|--connection)(?:=(.*))?$/.exec(word);
    if (!option) continue;
    const raw = option[2] ?? words[i + 1];
    const value: WordValue = raw === null || raw === undefined ? { kind: 'dynamic', written: `${option[1]} …`, processSubstitution: false } : { kind: 'static', value: raw, written: raw, glob: false };
    if (/url|connection/.test(option[1]!)) {
      const hit = databaseUrl(option[1]!, value);
      if (hit) found.push(hit);
      else if (value.kind === 'static' && value.value.includes('://')) localUrlGiven = true;
    } else if (option[1] === '--settings') {
      const hit = settingsModule(value);
      if (hit) found.push(hit);
    } else if (option[1] === '--database') {
      if (value.kind === 'static' && PRODUCTION.test(value.value.replace(/[-_].*$/, ''))) found.push({ target: 'production', marker: `--database ${value.value}` });
    } else {
      const hit = environmentValue(option[1]!, value);
      if (hit) found.push(hit);
    }
  }
  // Laravel refuses to migrate in production without --force: the flag says where it is going.
  if (invocation.name === 'php' && words.includes('--force')) found.push({ target: 'production', marker: 'php artisan migrate --force' });
  const plain = plainWords(args);
  for (const [program, prefix] of DEPLOY_COMMANDS) {
    if (invocation.name !== program || !prefix.every((w, k) => plain[k] === w)) continue;
    // `supabase db push --local`, `flyway -url=jdbc:postgresql://localhost/app migrate`: this machine's database.
    if ((program === 'supabase' && args.flags.has('--local')) || localUrlGiven) continue;
    found.push({ target: 'unknown', marker: `${[program, ...prefix].join(' ')} migrates the database its configuration names` });
  }
  return strongest(found);
}

function settingsModule(value: WordValue): MigrationTarget | null {
  if (value.kind === 'dynamic') return { target: 'unknown', marker: `settings ${value.written}` };
  const last = value.value.split('.').pop() ?? '';
  if (TEST.test(last)) return { target: 'test' };
  return /prod|staging|live/i.test(last) ? { target: 'production', marker: `settings ${value.value}` } : null;
}

import { afterAll, describe, expect, it } from 'vitest';
import type { AutonomyLevel } from '../../../src/core/policy';
import { createWorkspace, engineFor } from './fixtures';

/**
 * Development migrations the user allowed run like any allowed command; migrations toward
 * production or an unknown database always ask, allowed or not.
 */
const ws = createWorkspace();
afterAll(() => ws.cleanup());

const ALLOWED = [
  'npx prisma migrate',
  'prisma migrate',
  'prisma db push',
  'rails db:migrate',
  'bin/rails db:migrate',
  'knex migrate:latest',
  'alembic upgrade',
  'sequelize db:migrate',
  'python manage.py migrate',
  'mix ecto.migrate',
  'php artisan migrate',
  'supabase db push',
  'flyway migrate',
];
const decide = (command: string, level: AutonomyLevel, allowed: string[] = ALLOWED) =>
  engineFor(ws, { level, agent: { allowedCommands: allowed } }).evaluate({ kind: 'command', command, cwd: ws.root });

const development = [
  'npx prisma migrate dev',
  'npx prisma migrate dev --name add_users',
  'prisma db push',
  'rails db:migrate',
  'bin/rails db:migrate RAILS_ENV=development',
  'knex migrate:latest',
  'knex migrate:latest --env development',
  'alembic upgrade head',
  'sequelize db:migrate',
  'python manage.py migrate',
  'python manage.py migrate --settings=app.settings.local',
  'mix ecto.migrate',
  'php artisan migrate',
  'DATABASE_URL=postgres://app:pw@localhost:5432/app npx prisma migrate dev',
  'DATABASE_URL=postgresql://127.0.0.1/app knex migrate:latest',
  'supabase db push --local',
  'flyway -url=jdbc:postgresql://localhost:5432/app migrate',
];

describe('a development migration in agent.allowedCommands is decided like any allowed command', () => {
  it.each(development)('allows %s at every level', (command) => {
    for (const level of ['cautious', 'balanced', 'full'] as const) {
      const result = decide(command, level);
      expect(result.decision, `${level}: ${result.reason}`).toBe('allow');
    }
  });

  it.each(development)('asks for %s when it is not allowed', (command) => {
    const result = decide(command, 'full', []);
    expect(result).toMatchObject({ decision: 'ask', rule: 'migration' });
    expect(result.reason).toContain('against a development database');
  });
});

const production: Array<[string, string]> = [
  ['npx prisma migrate deploy', 'prisma migrate deploy'],
  ['RAILS_ENV=production rails db:migrate', 'RAILS_ENV=production'],
  ['rails db:migrate RAILS_ENV=production', 'RAILS_ENV=production'],
  ['NODE_ENV=production knex migrate:latest', 'NODE_ENV=production'],
  ['knex migrate:latest --env production', '--env=production'],
  ['knex migrate:latest --env=prod', '--env=prod'],
  ['env NODE_ENV=staging sequelize db:migrate', 'NODE_ENV=staging'],
  ['sequelize db:migrate --env production', '--env=production'],
  ['DATABASE_URL=postgres://app@db.example.com/app npx prisma migrate dev', 'db.example.com'],
  ['python manage.py migrate --settings=app.settings.production', 'settings'],
  ['DJANGO_SETTINGS_MODULE=app.settings.prod python manage.py migrate', 'settings'],
  ['MIX_ENV=prod mix ecto.migrate', 'MIX_ENV=prod'],
  ['php artisan migrate --force', '--force'],
  ['supabase db push', 'supabase db push'],
  ['flyway migrate', 'flyway'],
  ['NODE_ENV=$TARGET knex migrate:latest', 'NODE_ENV=$TARGET'],
  ['DATABASE_URL="$PROD_URL" alembic upgrade head', 'DATABASE_URL'],
];

describe('a migration toward production or an unknown database always asks', () => {
  it.each(production)('asks for %s (%s), allowed or not, at every level', (command, marker) => {
    for (const level of ['cautious', 'balanced', 'full'] as const) {
      for (const allowed of [ALLOWED, []]) {
        const result = decide(command, level, allowed);
        expect(result.decision, `${level}: ${result.reason}`).toBe('ask');
        expect(result.rule).toBe('migration');
        expect(result.reason).toMatch(/toward (production|a database it cannot tell)/);
        expect(result.reason).toContain(marker);
      }
    }
  });
});

describe('a test environment needs no approval', () => {
  it.each(['NODE_ENV=test knex migrate:latest', 'RAILS_ENV=test bin/rails db:migrate', 'NODE_ENV=test prisma migrate deploy'])('allows %s without any allowed pattern', (command) => {
    expect(decide(command, 'full', []).decision).toBe('allow');
  });
});

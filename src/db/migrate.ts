import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database, type DatabaseOptions } from './database.js';
import { grantAppRole } from './roles.js';

export const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Arbitrary constant: only one process migrates at a time. */
const LOCK_KEY = 74_210_998;

/** Every migration this SaferHub has, in the order they apply. */
export const migrationNames = () =>
  fs
    .readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort();

/**
 * Applies the committed SQL files in src/db/migrations in name order, each in its own transaction,
 * recording each in saferhub_migrations. Files are numbered by module (0001 foundation, 0100 plans,
 * 0200 evidence, 0300 governance) so modules never collide. With `only`, applies just those (a restore
 * first rebuilds the schema its backup was made on). Returns the names applied.
 */
export async function migrate(database: Database, options: { only?: Set<string> } = {}): Promise<string[]> {
  const files = migrationNames().filter((f) => !options.only || options.only.has(f));
  return database.withSession(async (s) => {
    await s.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await s.query(
        'create table if not exists saferhub_migrations (name text primary key, applied_at timestamptz not null default now())',
      );
      const done = new Set((await s.query<{ name: string }>('select name from saferhub_migrations')).rows.map((r) => r.name));
      const applied: string[] = [];
      for (const file of files) {
        if (done.has(file)) continue;
        const text = fs.readFileSync(path.join(migrationsDir, file), 'utf8');
        await s.query('begin');
        try {
          await s.query(text);
          await s.query('insert into saferhub_migrations (name) values ($1)', [file]);
          await s.query('commit');
        } catch (error) {
          await s.query('rollback');
          throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(file);
      }
      return applied;
    } finally {
      await s.query('select pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
}

/**
 * Migrates as the owner role and gives the app role its privileges (see roles.ts), for a database the app
 * has open as `app`. On the embedded PostgreSQL both roles exist; on a server the owner is
 * DATABASE_OWNER_URL's role, or, without it, the app's own role (which then owns the tables itself).
 */
export async function migrateAsOwner(options: DatabaseOptions, app: Database): Promise<string[]> {
  const owner = await openDatabase({ ...options, role: 'owner', poolSize: 1 });
  try {
    const applied = await migrate(owner);
    if (owner.user !== app.user) await owner.withSession((s) => grantAppRole(s, app.user));
    return applied;
  } finally {
    await owner.close();
  }
}

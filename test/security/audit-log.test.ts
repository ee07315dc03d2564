/**
 * The audit log cannot be rewritten by the app, and tampering shows: the app's database role may only add
 * to and read the log (on the embedded default, and on a server set up with the two documented roles), and
 * `saferhub audit verify` names the first entry that no longer matches its hash chain (test/cli/audit-verify.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openRuntime } from '../../src/runtime.js';
import { withDatabase } from '../support/global-db.js';
import { tempDir } from '../cli/foundation-process.js';

let work: string;
beforeAll(() => {
  work = tempDir('saferhub-audit-');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** What the app's role is refused, and what it may still do, on the database `settings` name. */
async function appRoleRights(settings: Record<string, string>) {
  const config = loadConfig({ NODE_ENV: 'test', SAFERHUB_DEMO: 'false', LOG_LEVEL: 'silent', ...settings });
  const { database, services } = await openRuntime(config);
  try {
    await services.audit.record({ userId: null, agencyId: null, isAdmin: true }, { action: 'test.entry', entityType: 'test' });
    const attempt = async (text: string) => {
      try {
        await database.pool.query(text);
        return 'allowed';
      } catch (error) {
        return (error as Error).message;
      }
    };
    return {
      user: database.user,
      truncate: await attempt('truncate audit_log'),
      delete: await attempt('delete from audit_log'),
      update: await attempt("update audit_log set action = 'rewritten'"),
      disableTrigger: await attempt('alter table audit_log disable trigger all'),
      truncateChain: await attempt('truncate audit_chain'),
      // Prune checkpoints are written by the owner alone: the app cannot forge one to hide the chain's start.
      writeCheckpoint: await attempt(
        "insert into audit_checkpoint (seq, entry_id, hash, entries_removed, removed_before) values (1, 1, 'x', 1, now())",
      ),
      insert: await attempt("insert into audit_log (action) values ('test.second')"),
      read: (await database.pool.query<{ n: number }>('select count(*)::int as n from audit_log')).rows[0]!.n,
    };
  } finally {
    await database.close();
  }
}

const expectAppendOnly = (rights: Awaited<ReturnType<typeof appRoleRights>>) => {
  expect(rights.truncate).toMatch(/permission denied/);
  expect(rights.delete).toMatch(/permission denied/);
  expect(rights.update).toMatch(/permission denied/);
  expect(rights.disableTrigger).toMatch(/must be owner/);
  expect(rights.truncateChain).toMatch(/permission denied/);
  expect(rights.writeCheckpoint).toMatch(/permission denied/);
  expect(rights.insert).toBe('allowed');
  expect(rights.read).toBeGreaterThanOrEqual(2);
};

describe('the app’s database role', () => {
  it('may only add to and read the audit log on the embedded PostgreSQL', async () => {
    const rights = await appRoleRights({ SAFERHUB_DATA_DIR: path.join(work, 'embedded') });
    expect(rights.user).toBe('saferhub_app');
    expectAppendOnly(rights);
  }, 120_000);

  it('may only add to and read the audit log on a server set up with an owner and an app role', async () => {
    // The run's PostgreSQL (the test server in CI, else the tests' own embedded cluster) as a server would be
    // set up for SaferHub: two login roles and a database the owner owns.
    const { adminUrl, prefix } = inject('testDatabase');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const name = `${prefix}_roles_${process.env.VITEST_POOL_ID ?? '1'}`;
    try {
      for (const role of ['saferhub_test_owner', 'saferhub_test_app']) {
        const { rows } = await admin.query('select 1 from pg_roles where rolname = $1', [role]);
        if (rows.length === 0) await admin.query(`create role ${role} login password 'test-only-password'`);
      }
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name} owner saferhub_test_owner`);
    } finally {
      await admin.end();
    }
    const at = (user: string) => {
      const url = new URL(withDatabase(adminUrl, name));
      url.username = user;
      url.password = 'test-only-password';
      return url.toString();
    };
    const rights = await appRoleRights({ DATABASE_URL: at('saferhub_test_app'), DATABASE_OWNER_URL: at('saferhub_test_owner') });
    expect(rights.user).toBe('saferhub_test_app');
    expectAppendOnly(rights);
  }, 120_000);
});

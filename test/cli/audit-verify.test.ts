/**
 * `saferhub audit verify` as a real process on an embedded data folder: the whole chain verifies, and an entry
 * changed behind the app's back (by someone with the cluster's superuser password) is named. Embedded only: it
 * reaches the cluster's superuser, which the server run does not have.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedPostgres } from '../../src/db/embedded.js';
import { withDatabase } from '../support/global-db.js';
import { run, tempDir } from './foundation-process.js';

let work: string;
beforeAll(() => {
  work = tempDir('saferhub-audit-');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('saferhub audit verify', () => {
  it('verifies the whole chain, and names the first entry changed behind the app’s back', async () => {
    const dataDir = path.join(work, 'chain');
    const env = { SAFERHUB_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    expect((await run(process.execPath, ['bin/saferhub.mjs', 'demo', 'load', '--with-users'], { env })).code).toBe(0);
    const good = await run(process.execPath, ['bin/saferhub.mjs', 'audit', 'verify'], { env });
    expect(good.code, good.stderr).toBe(0);
    const verified = Number(/^([\d,]+) entries verified$/m.exec(good.stdout)![1]!.replace(/,/g, ''));
    expect(verified).toBeGreaterThan(10);

    // Someone with the cluster's superuser password rewrites an entry, triggers off.
    const cluster = await openEmbeddedPostgres({ dataDir });
    const su = new pg.Client({ connectionString: withDatabase(cluster.adminUrl, 'saferhub') });
    await su.connect();
    const { rows } = await su.query<{ id: string }>('select id from audit_log order by id offset 5 limit 1');
    const tampered = rows[0]!.id;
    await su.query('set session_replication_role = replica');
    await su.query("update audit_log set action = 'nothing.happened' where id = $1", [tampered]);
    await su.end();
    await cluster.release();

    const bad = await run(process.execPath, ['bin/saferhub.mjs', 'audit', 'verify'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`Audit log entry ${tampered} (link 6) does not verify: the entry has been changed since it was written.`);
    expect(bad.stderr).toContain('5 entries before it verified.');
  }, 300_000);
});

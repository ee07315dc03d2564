/**
 * The audit log meets the Data Protection Act 2018 s62 duty: consultation (records read on a page or through
 * the API) and disclosure (downloads, feeds, exports) are logged as well as changes, each with who, which
 * record, when, the channel and the client's address (forwarded headers count only from a proxy named in
 * TRUST_PROXY). Administrators search the log on its page and through the API and export it as CSV (the
 * export itself logged), and `prune` applies the retention setting without breaking the hash chain.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { queryRows } from '../../src/db/database.js';
import { createAuditChain, systemActor } from '../../src/modules/access/index.js';
import { writeObservationsExport } from '../../src/modules/evidence/exports/cli.js';
import { createServices } from '../../src/services.js';
import { Agent, signedInAgent, testApp } from '../support/app.js';
import { testRuntime } from '../support/db.js';
import { buildPartnership, buildUser } from '../support/factories.js';

interface Entry {
  id: string;
  user_id: number | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  partnership_id: number | null;
  channel: string | null;
  client_address: string | null;
  details: { path?: string } | null;
}

async function entries(action?: string) {
  const { database } = await testRuntime();
  return queryRows<Entry>(
    database.db,
    sql`select id, user_id, action, entity_type, entity_id, partnership_id, channel, client_address, details
          from audit_log where ${action ? sql`action = ${action}` : sql`true`} order by id`,
  );
}

const opened: App[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

async function appWith(settings: Partial<Config>) {
  const { database, services } = await testRuntime();
  const app = await buildApp({
    services: createServices(database, { ...services.config, ...settings }),
    cookieSecret: 'test-cookie-secret-that-is-long-enough-for-signing',
  });
  opened.push(app);
  return app;
}

describe('consultation is logged (s62)', () => {
  it('logs a partnership page read with who, which record, the channel and the address, once a minute', async () => {
    const p = await buildPartnership({ name: 'Testshire CSP' });
    const viewer = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const agent = await signedInAgent(viewer);
    expect((await agent.get(`/partnerships/${p.id}`)).statusCode).toBe(200);
    const [read] = await entries('record.view');
    expect(read).toMatchObject({
      user_id: viewer.id,
      entity_type: 'partnership',
      entity_id: String(p.id),
      partnership_id: p.id,
      channel: 'page',
      client_address: '127.0.0.1',
      details: { path: `/partnerships/${p.id}` },
    });
    // Reading it again at once adds nothing (one entry a minute per person, record and channel)…
    await agent.get(`/partnerships/${p.id}`);
    expect(await entries('record.view')).toHaveLength(1);
    // …and a refusal is not a consultation.
    const other = await buildPartnership();
    expect((await agent.get(`/partnerships/${other.id}`)).statusCode).toBe(404);
    expect(await entries('record.view')).toHaveLength(1);
  });

  it('logs API reads of a partnership through a bearer token as the api channel', async () => {
    const p = await buildPartnership();
    const viewer = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const { services } = await testRuntime();
    const token = await services.access.createToken(systemActor, viewer.id, 'reader');
    const app = await testApp();
    const res = await app.inject({ url: `/api/v1/partnerships/${p.id}`, headers: { authorization: `Bearer ${token.secret}` } });
    expect(res.statusCode).toBe(200);
    const [read] = await entries('record.view');
    expect(read).toMatchObject({ user_id: viewer.id, channel: 'api', entity_type: 'partnership', entity_id: String(p.id) });
  });

  it('gives changes their channel and address too', async () => {
    const p = await buildPartnership();
    const coordinator = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });
    const agent = await signedInAgent(coordinator);
    const saved = await agent.post(`/partnerships/${p.id}`, {
      name: 'Renamed CSP',
      kind: p.kind,
      version: String(p.version),
    });
    expect([200, 303]).toContain(saved.statusCode);
    const updates = (await entries()).filter((e) => e.action === 'partnership.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ channel: 'page', client_address: '127.0.0.1' });
    // Signing in is logged with them too.
    const [signIn] = (await entries()).filter((e) => e.action === 'sign-in');
    expect(signIn).toMatchObject({ user_id: coordinator.id, channel: 'page', client_address: '127.0.0.1' });
  });

  it('takes the address from X-Forwarded-For only when TRUST_PROXY names the proxy', async () => {
    const p = await buildPartnership();
    const viewer = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const forwarded = { 'x-forwarded-for': '203.0.113.9' };

    const direct = new Agent(await appWith({ trustProxy: false }));
    await direct.signIn(viewer.email, viewer.password);
    await direct.get(`/partnerships/${p.id}`, forwarded);
    expect((await entries('record.view')).map((e) => e.client_address)).toEqual(['127.0.0.1']);

    const another = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const proxied = new Agent(await appWith({ trustProxy: ['127.0.0.1'] }));
    await proxied.signIn(another.email, another.password);
    await proxied.get(`/partnerships/${p.id}`, forwarded);
    const reads = await entries('record.view');
    expect(reads.map((e) => [e.user_id, e.client_address])).toEqual([
      [viewer.id, '127.0.0.1'],
      [another.id, '203.0.113.9'],
    ]);
  });
});

describe('disclosure is logged (s62)', () => {
  it('logs every download and calendar feed, with the record, and never the feed key', async () => {
    const p = await buildPartnership();
    const viewer = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const agent = await signedInAgent(viewer);
    expect((await agent.get(`/partnerships/${p.id}/meetings.ics`)).statusCode).toBe(200);
    expect((await agent.get(`/partnerships/${p.id}/meetings.ics`)).statusCode).toBe(200);
    const downloads = await entries('record.download');
    expect(downloads).toHaveLength(2);
    expect(downloads[0]).toMatchObject({
      user_id: viewer.id,
      channel: 'download',
      entity_type: 'partnership',
      entity_id: String(p.id),
      partnership_id: p.id,
      details: { path: `/partnerships/${p.id}/meetings.ics` },
    });

    const { services } = await testRuntime();
    const key = await services.access.createToken(systemActor, viewer.id, 'calendar', 'calendar');
    const app = await testApp();
    const feed = await app.inject({ url: `/calendar/${key.secret}/partnerships/${p.id}/meetings.ics` });
    expect(feed.statusCode).toBe(200);
    const all = await entries('record.download');
    expect(all).toHaveLength(3);
    expect(all[2]).toMatchObject({ user_id: viewer.id, details: { path: `/calendar/[key]/partnerships/${p.id}/meetings.ics` } });
    expect(JSON.stringify(await entries())).not.toContain(key.secret);
  });

  it('logs an export at the command line as the cli channel', async () => {
    const { database, services } = await testRuntime();
    await services.evidenceImports.importFile(systemActor, {
      choice: 'indicators',
      filePath: 'data/demo/evidence/offence-types.indicators.csv',
      fileName: 'offence-types.indicators.csv',
    });
    const cli = createServices(database, services.config, { channel: 'cli' });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'saferhub-audit-export-'));
    const out = path.join(folder, 'total-crime.csv');
    await writeObservationsExport(cli, { indicator: 'sa:total-crime', format: 'csv', output: out });
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^indicator,area_code,area_name,period/);
    fs.rmSync(folder, { recursive: true, force: true });
    const [entry] = await entries('record.export');
    expect(entry).toMatchObject({ user_id: null, channel: 'cli', entity_type: 'indicator', entity_id: 'sa:total-crime' });
  });
});

describe('administrators search and export the audit log', () => {
  it('filters the page by person, record and channel, and exports the same entries as CSV, logging the export', async () => {
    const p = await buildPartnership({ name: 'Testshire CSP' });
    const alice = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const bob = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    await (await signedInAgent(alice)).get(`/partnerships/${p.id}`);
    await (await signedInAgent(bob)).get(`/partnerships/${p.id}/meetings.ics`);
    const admin = await signedInAgent(await buildUser({ isAdmin: true }));

    const page = await admin.get(`/audit?user=${alice.id}&entity=partnership:${p.id}&channel=page`);
    expect(page.statusCode).toBe(200);
    const body = /<tbody[\s\S]*?<\/tbody>/.exec(page.body)![0];
    expect(body).toContain('record.view');
    expect(body).toContain('127.0.0.1');
    expect(body).not.toContain('record.download');
    expect(page.body).toContain(`href="/audit.csv?user=${alice.id}&amp;entity=partnership%3A${p.id}&amp;channel=page"`);

    const csv = await admin.get(`/audit.csv?entity=partnership:${p.id}&channel=download`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,occurred_at,user_id,user_name,agency,action,entity_type,entity_id,partnership_id,channel,client_address,request_id,change',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,${bob.id},`);
    expect(lines[1]).toContain('record.download');
    const [exported] = await entries('audit.export');
    expect(exported).toMatchObject({ entity_type: 'audit_log', channel: 'download' });
    // The export is logged once, by its own route, not a second time as a plain download.
    expect((await entries('record.download')).filter((e) => e.details?.path === '/audit.csv')).toEqual([]);
  });

  it('answers GET /api/v1/audit?actor=&entity=&since= for administrators only, as the OpenAPI document says', async () => {
    const p = await buildPartnership();
    const alice = await buildUser({ roles: [{ partnership: p, role: 'coordinator' }] });
    await (await signedInAgent(alice)).get(`/partnerships/${p.id}`);
    const { services } = await testRuntime();
    const adminUser = await buildUser({ isAdmin: true });
    const adminToken = await services.access.createToken(systemActor, adminUser.id, 'audit');
    const aliceToken = await services.access.createToken(systemActor, alice.id, 'mine');
    const app = await testApp();
    const since = new Date(Date.now() - 60_000).toISOString();
    const ask = (query: string, secret: string) =>
      app.inject({ url: `/api/v1/audit?${query}`, headers: { authorization: `Bearer ${secret}` } });

    const found = await ask(`actor=${alice.id}&entity=partnership:${p.id}&since=${encodeURIComponent(since)}`, adminToken.secret);
    expect(found.statusCode).toBe(200);
    const data = found.json<{ data: { action: string; actor: { id: number }; channel: string; entity: { type: string; id: string } }[] }>()
      .data;
    expect(data.map((e) => e.action)).toContain('record.view');
    expect(data.every((e) => e.actor.id === alice.id)).toBe(true);
    expect(data.find((e) => e.action === 'record.view')).toMatchObject({
      channel: 'page',
      entity: { type: 'partnership', id: String(p.id) },
    });

    const future = await ask(`since=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}`, adminToken.secret);
    expect(future.json<{ data: unknown[] }>().data).toEqual([]);
    const bad = await ask('since=yesterday', adminToken.secret);
    expect(bad.statusCode).toBe(400);
    expect((await ask('', aliceToken.secret)).statusCode).toBe(403);

    const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    }>();
    expect(doc.paths['/api/v1/audit']?.get?.parameters?.map((x) => x.name)).toEqual(expect.arrayContaining(['actor', 'entity', 'since']));
  });
});

describe('audit retention', () => {
  it('prunes entries older than the retention, keeping a checkpoint so the rest still verifies; refuses to prune a broken chain', async () => {
    const { database, services } = await testRuntime();
    // Entries from seven years ago and from today, sealed into the chain in that order.
    const old = new Date(Date.now() - 7 * 365 * 86_400_000).toISOString();
    for (let i = 0; i < 3; i++)
      await database.db.execute(sql`insert into audit_log (occurred_at, action) values (${old}::timestamptz, 'old.entry')`);
    await services.audit.record(systemActor, { action: 'new.entry' });
    await services.auditChain.seal();
    expect(await services.auditChain.verify()).toMatchObject({ ok: true, entries: 4 });

    // The prune runs as the owner; the worker's test role owns the tables.
    const before = new Date(Date.now() - 6 * 365 * 86_400_000);
    const result = await createAuditChain(database.db).prune(before);
    expect(result).toMatchObject({ ok: true, removed: 3, checkpoint: { seq: 3, entriesRemoved: 3 } });
    expect((await entries()).map((e) => e.action)).toEqual(['new.entry']);
    const verified = await services.auditChain.verify();
    expect(verified).toMatchObject({ ok: true, entries: 1, checkpoint: { seq: 3 } });

    // New entries chain on; a second prune with nothing old removes nothing.
    await services.audit.record(systemActor, { action: 'newer.entry' });
    expect(await createAuditChain(database.db).prune(before)).toMatchObject({ ok: true, removed: 0 });
    expect(await services.auditChain.verify()).toMatchObject({ ok: true, entries: 2 });

    // The checkpoint cannot be rewritten, and the log's rows still cannot be deleted outside a prune.
    const refusal = (text: string) =>
      database.pool.query(text).then(
        () => 'allowed',
        (error: Error) => error.message,
      );
    expect(await refusal("update audit_checkpoint set hash = 'x'")).toBe('audit_checkpoint is append-only');
    expect(await refusal('delete from audit_checkpoint')).toBe('audit_checkpoint is append-only');
    expect(await refusal('delete from audit_log')).toBe('audit_log is append-only');
    expect(await refusal('delete from audit_chain')).toBe('audit_chain is append-only');

    // An entry changed behind the app's back: the prune refuses and removes nothing.
    await database.withSession(async (s) => {
      await s.query('set session_replication_role = replica');
      await s.query("update audit_log set action = 'rewritten' where action = 'new.entry'");
      await s.query('set session_replication_role = default');
    });
    const refused = await createAuditChain(database.db).prune(new Date());
    expect(refused.ok).toBe(false);
    expect(await entries()).toHaveLength(2);
  });
});

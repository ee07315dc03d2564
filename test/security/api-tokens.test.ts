import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tokensCommand } from '../../src/cli/tokens.js';
import { queryRows } from '../../src/db/database.js';
import { ValidationError } from '../../src/lib/errors.js';
import { systemActor } from '../../src/modules/access/index.js';
import { signedInAgent, testApp } from '../support/app.js';
import { testRuntime } from '../support/db.js';
import { buildPartnership, buildUser } from '../support/factories.js';

async function rows<T>(query: ReturnType<typeof sql>) {
  const { database } = await testRuntime();
  return queryRows<T>(database.db, query);
}

async function call(secret: string, url: string, method: 'GET' | 'POST' = 'GET', payload?: Record<string, unknown>) {
  const app = await testApp();
  const response = await app.inject({ method, url, headers: { authorization: `Bearer ${secret}` }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json<{ error?: { code: string; message: string }; data?: unknown }>() };
}

const updatePayload = { period: '2025/26-Q1', rag: 'green', narrative: 'On track', basedOnVersion: 0 };

describe('API tokens (finding: they never expired and carried all the owner’s rights)', () => {
  it('expire after 90 days by default; an expired token answers 401 saying so', async () => {
    const user = await buildUser();
    const { services } = await testRuntime();
    const { secret, expiresAt } = await services.access.createToken(systemActor, user.id, 'test');
    const days = (expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    expect((await call(secret, '/api/v1/partnerships')).status).toBe(200);

    await rows(sql`update api_tokens set expires_at = now() - interval '1 second'`);
    const expired = await call(secret, '/api/v1/partnerships');
    expect(expired.status).toBe(401);
    expect(expired.body.error).toEqual({ code: 'unauthenticated', message: 'The bearer token has expired. Create a new one.' });
  });

  it('last at most 365 days', async () => {
    const user = await buildUser();
    const { services } = await testRuntime();
    await expect(services.access.createToken(systemActor, user.id, 'test', 'api', { expiresInDays: 366 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const { expiresAt } = await services.access.createToken(systemActor, user.id, 'test', 'api', { expiresInDays: 365 });
    expect((expiresAt!.getTime() - Date.now()) / 86_400_000).toBeGreaterThan(364.9);
  });

  it('refuses a read-only token anything but reading, with 403', async () => {
    const p = await buildPartnership();
    const user = await buildUser({ roles: [{ partnership: p, role: 'contributor' }] });
    const { services } = await testRuntime();
    const readOnly = await services.access.createToken(systemActor, user.id, 'reports', 'api', { readOnly: true });
    const readWrite = await services.access.createToken(systemActor, user.id, 'updates', 'api', { readOnly: false });
    expect((await call(readOnly.secret, '/api/v1/partnerships')).status).toBe(200);
    const refused = await call(readOnly.secret, '/api/v1/plan-actions/1/updates', 'POST', updatePayload);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({ code: 'forbidden', message: 'This token is read-only: it cannot change anything' });
    // The same request with a read-and-change token gets as far as looking for the action.
    expect((await call(readWrite.secret, '/api/v1/plan-actions/1/updates', 'POST', updatePayload)).status).toBe(404);
  });

  it('limits a token to one partnership when asked, even an administrator’s', async () => {
    const mine = await buildPartnership({ name: 'Token Partnership' });
    const other = await buildPartnership({ name: 'Other Partnership' });
    const admin = await buildUser({ isAdmin: true, roles: [{ partnership: mine, role: 'coordinator' }] });
    const { services } = await testRuntime();
    const { secret } = await services.access.createToken(systemActor, admin.id, 'one', 'api', { partnershipId: mine.id });
    const list = await call(secret, '/api/v1/partnerships');
    expect((list.body.data as { name: string }[]).map((p) => p.name)).toEqual(['Token Partnership']);
    expect((await call(secret, `/api/v1/partnerships/${mine.id}`)).status).toBe(200);
    expect((await call(secret, `/api/v1/partnerships/${other.id}`)).status).toBe(404);

    const outsider = await buildUser();
    await expect(services.access.createToken(systemActor, outsider.id, 'x', 'api', { partnershipId: other.id })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('are created in the browser with an expiry, access and partnership, and listed with their last use', async () => {
    const p = await buildPartnership({ name: 'Listed Partnership' });
    const user = await buildUser({ roles: [{ partnership: p, role: 'contributor' }] });
    const agent = await signedInAgent(user);
    await agent.get('/account/tokens');
    const tooLong = await agent.post('/account/tokens', { name: 'x', access: 'read', expiresInDays: 400 });
    expect((await agent.follow(tooLong)).body).toContain('A token can last 365 days at most');
    const created = await agent.post('/account/tokens', { name: 'Board pack', access: 'read', partnershipId: p.id, expiresInDays: 30 });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('can only read what you can see in Listed Partnership');
    const secret = /id="token" type="text" value="(shub_[^"]+)"/.exec(created.body)![1]!;
    const [row] = await rows<{ read_only: boolean; partnership_id: number; days: number }>(
      sql`select read_only, partnership_id, extract(epoch from expires_at - now()) / 86400 as days from api_tokens`,
    );
    expect(row).toMatchObject({ read_only: true, partnership_id: p.id });
    expect(Math.round(Number(row!.days))).toBe(30);

    expect((await agent.get('/account/tokens')).body).toMatch(/Read, Listed Partnership only[\s\S]*Never/);
    await call(secret, '/api/v1/partnerships');
    const listed = (await agent.get('/account/tokens')).body;
    expect(listed).not.toMatch(/Read, Listed Partnership only[\s\S]*?<td class="govuk-table__cell">Never<\/td>/);
    expect(listed).not.toContain(secret);
  });

  it('are made at the command line with --expires-days, --read-only and --partnership', () => {
    const create = tokensCommand().commands.find((c) => c.name() === 'create')!;
    const help = create.helpInformation();
    for (const flag of ['--expires-days <days>', '--read-only', '--partnership <partnership>']) expect(help).toContain(flag);
  });
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { sha256 } from '../../lib/tokens.js';
import { systemActor } from '../access/index.js';
import { testApp } from '../../../test/support/app.js';
import { testRuntime } from '../../../test/support/db.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../../../test/support/factories.js';

async function tokenFor(userId: number) {
  const { services } = await testRuntime();
  return services.access.createToken(systemActor, userId, 'test');
}

/** What the API answers: `{ data }`, or `{ error: { code, message } }`. */
interface Answer {
  data: Record<string, unknown> & { members?: unknown[]; subGroups?: unknown[] };
  error: { code: string; message: string };
}

async function api(url: string, token?: string) {
  const app = await testApp();
  const response = await app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.statusCode, type: String(response.headers['content-type']), body: response.json<Answer>() };
}

describe('API with a personal bearer token', () => {
  it('lists the caller’s partnerships and the agencies in a { data } envelope with camelCase fields', async () => {
    const parent = await buildPartnership({ name: 'Testshire Strategy Group', kind: 'strategy-group' });
    const mine = await buildPartnership({ name: 'Safer Testshire', areaCode: 'E22000999', parentId: parent.id, meetingCadence: 'monthly' });
    await buildPartnership({ name: 'Other Partnership' });
    const user = await buildUser({ seatIn: [mine] });
    const { secret } = await tokenFor(user.id);

    const list = await api('/api/v1/partnerships', secret);
    expect(list.status).toBe(200);
    expect(list.type).toMatch(/^application\/json/);
    expect(list.body).toEqual({
      data: [
        {
          id: mine.id,
          name: 'Safer Testshire',
          shortName: null,
          kind: 'community-safety-partnership',
          areaName: null,
          areaCode: 'E22000999',
          parentId: parent.id,
          meetingCadence: 'monthly',
        },
      ],
    });

    const agencies = await api('/api/v1/agencies', secret);
    expect(agencies.status).toBe(200);
    expect(agencies.body.data).toContainEqual({
      id: user.agency.id,
      name: user.agency.name,
      shortName: null,
      kind: 'local-authority',
      responsibleAuthority: true,
    });
  });

  it('returns one partnership with its members and sub-groups', async () => {
    const p = await buildPartnership({ name: 'Safer Testshire', purpose: 'Reduce harm' });
    const sub = await buildPartnership({ name: 'Testshire Youth Board', kind: 'thematic-board', parentId: p.id });
    const police = await buildAgency({ name: 'Testshire Police', kind: 'police' });
    await addMember(p, police, 'chair', 'Superintendent');
    const user = await buildUser({ roles: [{ partnership: p, role: 'viewer' }] });
    const { secret } = await tokenFor(user.id);

    const one = await api(`/api/v1/partnerships/${p.id}`, secret);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({
      id: p.id,
      name: 'Safer Testshire',
      kind: 'community-safety-partnership',
      purpose: 'Reduce harm',
    });
    expect(one.body.data.members).toEqual([
      {
        id: expect.any(Number) as unknown,
        role: 'chair',
        officer: 'Superintendent',
        agency: { id: police.id, name: 'Testshire Police', kind: 'police', responsibleAuthority: true },
      },
    ]);
    expect(one.body.data.subGroups).toEqual([{ id: sub.id, name: 'Testshire Youth Board' }]);
  });

  it('answers errors as { error: { code, message } } with the right status', async () => {
    const other = await buildPartnership();
    const user = await buildUser();
    const { secret } = await tokenFor(user.id);

    const hidden = await api(`/api/v1/partnerships/${other.id}`, secret);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ error: { code: 'not_found', message: 'Partnership not found' } });

    const badToken = await api('/api/v1/partnerships', 'shub_not-a-real-token');
    expect(badToken.status).toBe(401);
    expect(badToken.body.error.code).toBe('unauthenticated');

    const none = await api('/api/v1/partnerships');
    expect(none.status).toBe(401);
    expect(none.body.error).toEqual({ code: 'unauthenticated', message: 'Sign in or send a bearer token' });

    // An id that could not be a record names nothing: not found, like an unknown address.
    const badId = await api('/api/v1/partnerships/abc', secret);
    expect(badId.status).toBe(404);
    expect(badId.body.error.code).toBe('not_found');

    const unknown = await api('/api/v1/no-such-thing', secret);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('stores only a hash of the token, and a revoked token stops working', async () => {
    const p = await buildPartnership();
    const user = await buildUser({ seatIn: [p] });
    const { secret, prefix } = await tokenFor(user.id);
    expect(secret.startsWith(prefix)).toBe(true);

    const { database, services } = await testRuntime();
    const stored = await queryRows<{ token_hash: string; prefix: string }>(database.db, sql`select token_hash, prefix from api_tokens`);
    expect(stored).toEqual([{ token_hash: sha256(secret), prefix }]);
    expect(JSON.stringify(stored)).not.toContain(secret);

    expect((await api('/api/v1/partnerships', secret)).status).toBe(200);
    await services.access.revokeTokens(systemActor, { prefix });
    expect((await api('/api/v1/partnerships', secret)).status).toBe(401);
    const audit = await queryRows<{ action: string }>(
      database.db,
      sql`select action from audit_log where entity_type = 'api-token' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['api-token.create', 'api-token.revoke']);
  });

  it('needs no CSRF token for a bearer request, but a bearer token opens no browser page', async () => {
    const user = await buildUser();
    const { secret } = await tokenFor(user.id);
    const app = await testApp();
    const page = await app.inject({ method: 'GET', url: '/partnerships', headers: { authorization: `Bearer ${secret}` } });
    expect(page.statusCode).toBe(303);
  });
});

interface OpenApiOperation {
  parameters: unknown[];
  responses: Record<string, { content: Record<string, { schema: { properties: { data: { properties: Record<string, unknown> } } } }> }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { securitySchemes: Record<string, unknown> };
}

describe('OpenAPI document', () => {
  it('describes the foundation paths from their schemas, with the bearer scheme', async () => {
    const app = await testApp();
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<OpenApiDocument>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/partnerships', '/api/v1/partnerships/{id}', '/api/v1/agencies']),
    );
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/'))).toBe(true);
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    const one = doc.paths['/api/v1/partnerships/{id}']!.get!;
    expect(one.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path' }));
    const schema = one.responses['200']!.content['application/json']!.schema;
    expect(schema.properties.data.properties.members).toBeDefined();
    expect(one.responses['404']).toBeDefined();
  });
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/database.js';
import { Agent, signedInAgent, testApp } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import { buildPartnership, buildUser } from '../../../../test/support/factories.js';
import { systemActor } from '../actor.js';

const secretOn = (html: string) => /id="token" type="text" value="(shub_[^"]+)"/.exec(html)?.[1];

async function apiStatus(token: string) {
  const app = await testApp();
  return (await app.inject({ method: 'GET', url: '/api/v1/partnerships', headers: { authorization: `Bearer ${token}` } })).statusCode;
}

describe('your API tokens and calendar addresses', () => {
  it('creates a token shown once, which then works on the API, and revokes it', async () => {
    const user = await buildUser();
    const agent = await signedInAgent(user);
    const created = await agent.post('/account/tokens', { name: 'Quarterly spreadsheet' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const secret = secretOn(created.body)!;
    expect(secret).toMatch(/^shub_/);
    expect(await apiStatus(secret)).toBe(200);

    const list = await agent.get('/account/tokens');
    expect(list.body).toContain('Quarterly spreadsheet');
    expect(list.body).not.toContain(secret);
    const { database } = await testRuntime();
    const [row] = await queryRows<{ id: number; token_hash: string }>(database.db, sql`select id, token_hash from api_tokens`);
    expect(row!.token_hash).not.toContain(secret);

    const revoked = await agent.post(`/account/tokens/${row!.id}/revoke`);
    expect(revoked.statusCode).toBe(303);
    expect((await agent.follow(revoked)).body).toContain('has been revoked');
    expect(await apiStatus(secret)).toBe(401);
  });

  it('asks for a name, and cannot revoke someone else’s token', async () => {
    const owner = await buildUser();
    const other = await buildUser();
    const ownerAgent = await signedInAgent(owner);
    const secret = secretOn((await ownerAgent.post('/account/tokens', { name: 'Mine' })).body)!;
    const { database } = await testRuntime();
    const [row] = await queryRows<{ id: number }>(database.db, sql`select id from api_tokens`);

    const otherAgent = await signedInAgent(other);
    const blank = await otherAgent.post('/account/tokens', { name: '  ' });
    expect(blank.statusCode).toBe(303);
    const again = await otherAgent.follow(blank);
    expect(again.body).toContain('Enter what the token is for');
    expect(again.body).toMatch(/<title>Error: /);

    const refused = await otherAgent.post(`/account/tokens/${row!.id}/revoke`);
    expect(refused.statusCode).toBe(404);
    expect(await apiStatus(secret)).toBe(200);
  });

  it('needs you to be signed in', async () => {
    const anonymous = new Agent(await testApp());
    const response = await anonymous.get('/account/tokens');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?returnTo=%2Faccount%2Ftokens');
  });

  it('gives calendar addresses that calendar programs can read without signing in, and only calendars', async () => {
    const { services } = await testRuntime();
    const mine = await buildPartnership({ name: 'Safer Calendarshire' });
    const other = await buildPartnership({ name: 'Other Calendarshire' });
    const user = await buildUser({ roles: [{ partnership: mine, role: 'coordinator' }] });
    await services.governance.meetings.createMeeting(systemActor, mine.id, {
      title: 'Quarterly board',
      kind: 'board',
      date: '2026-12-10',
      startTime: '10:00',
      endTime: '12:00',
      location: 'Civic Centre',
    });
    const agent = await signedInAgent(user);
    const page = await agent.post('/account/calendar');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const urls = [...page.body.matchAll(/value="(http:\/\/[^"]+\/meetings\.ics)"/g)].map((m) => new URL(m[1]!));
    expect(urls).toHaveLength(1);
    const feedPath = urls[0]!.pathname;
    expect(feedPath).toBe(`/calendar/${feedPath.split('/')[2]}/partnerships/${mine.id}/meetings.ics`);

    const app = await testApp();
    const feed = await app.inject({ method: 'GET', url: feedPath });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    expect(feed.body).toContain('SUMMARY:Quarterly board');

    const key = feedPath.split('/')[2]!;
    // Another partnership's feed, the key as an API bearer token, an API token in a feed address: all refused.
    expect((await app.inject({ method: 'GET', url: `/calendar/${key}/partnerships/${other.id}/meetings.ics` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/partnerships', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(
      401,
    );
    const { secret } = await services.access.createToken(systemActor, user.id, 'api');
    expect((await app.inject({ method: 'GET', url: `/calendar/${secret}/partnerships/${mine.id}/meetings.ics` })).statusCode).toBe(404);

    const tokens = await agent.get('/account/tokens');
    expect(tokens.body).toContain('Calendar feeds');
    const { database } = await testRuntime();
    const [row] = await queryRows<{ id: number }>(database.db, sql`select id from api_tokens where scope = 'calendar'`);
    await agent.post(`/account/tokens/${row!.id}/revoke`);
    expect((await app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(404);
  });
});

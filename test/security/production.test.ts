import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadDemo } from '../../src/demo/index.js';
import { createServices } from '../../src/services.js';
import { testApp } from '../support/app.js';
import { testRuntime } from '../support/db.js';

const secret = 'x'.repeat(32);
const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

const opened: App[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

describe('production (finding: a production install on the embedded database created the demo accounts with the README’s password)', () => {
  it('turns the demo off in production, even on the embedded database', () => {
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret }).demo).toBe(false);
    expect(loadConfig({}).demo).toBe(true); // development on the embedded database keeps it
  });

  it('refuses to start with SAFERHUB_DEMO=true and NODE_ENV=production, saying why', () => {
    expect(problemsOf({ NODE_ENV: 'production', SESSION_SECRET: secret, SAFERHUB_DEMO: 'true' })).toEqual([
      'SAFERHUB_DEMO: cannot be true with NODE_ENV=production: the demo accounts share a published password. Leave SAFERHUB_DEMO unset',
    ]);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, SAFERHUB_DEMO: 'true' })).toThrow(
      /SaferHub cannot start: invalid settings\n {2}- SAFERHUB_DEMO: /,
    );
  });

  it('never creates the demo accounts in production, even when asked from the command line', async () => {
    const { database, services } = await testRuntime();
    const production = createServices(database, { ...services.config, env: 'production' });
    await expect(loadDemo(production, { withUsers: true })).rejects.toThrow(/never created when NODE_ENV=production/);
    expect(await services.access.findUserByEmail('admin@saferhub.example')).toBeUndefined();
  });
});

describe('the health check', () => {
  it('says the database answers', async () => {
    const app = await testApp();
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('answers 503 when the database does not', async () => {
    const { database, services } = await testRuntime();
    const broken: typeof database.db = Object.create(database.db) as typeof database.db;
    broken.execute = (() => Promise.reject(new Error('connection refused'))) as unknown as typeof broken.execute;
    const app = await buildApp({
      services: { ...services, database: { ...database, db: broken } },
      cookieSecret: 'test-cookie-secret-that-is-long-enough-for-signing',
    });
    opened.push(app);
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', database: 'unavailable' });
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, signInSummary } from './config.js';

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the settings to be refused');
};

describe('settings', () => {
  it('runs on the embedded database in ./.data on port 3000 with the demo when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('.data'));
    expect(config.demo).toBe(true);
    expect(config.env).toBe('development');
    expect(config.cookieSecure).toBe(false);
  });

  it('uses a PostgreSQL server when DATABASE_URL is set, and then creates no demo accounts by default', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://saferhub@db.example:5432/saferhub' });
    expect(config.databaseUrl).toBe('postgres://saferhub@db.example:5432/saferhub');
    expect(config.demo).toBe(false);
  });

  it('honours PORT and SAFERHUB_DATA_DIR, and treats an empty setting as not set', () => {
    const config = loadConfig({ PORT: '8080', SAFERHUB_DATA_DIR: '/tmp/saferhub-somewhere', DATABASE_URL: '' });
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('/tmp/saferhub-somewhere');
    expect(config.databaseUrl).toBeUndefined();
  });

  it('e-mails notifications only with both SMTP_URL and MAIL_FROM, and names what is wrong', () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    const set = loadConfig({ SMTP_URL: 'smtp://mail.example:587', MAIL_FROM: 'SaferHub <saferhub@council.example>' });
    expect([set.smtpUrl, set.mailFrom]).toEqual(['smtp://mail.example:587', 'SaferHub <saferhub@council.example>']);
    expect(problemsOf({ SMTP_URL: 'smtp://mail.example:587' })).toEqual([
      'MAIL_FROM: is required with SMTP_URL: the address e-mails come from, like SaferHub <saferhub@council.example>',
    ]);
    expect(problemsOf({ SMTP_URL: 'http://mail.example', MAIL_FROM: 'x@y.z' })[0]).toMatch(
      /^SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
  });

  it('names each bad setting', () => {
    expect(problemsOf({ PORT: 'abc' }).join('\n')).toMatch(/^PORT: /m);
    expect(problemsOf({ PORT: '70000' }).join('\n')).toMatch(/^PORT: /m);
    expect(problemsOf({ DATABASE_URL: 'nonsense' })).toEqual(['DATABASE_URL: must be a postgres:// or postgresql:// URL']);
    expect(problemsOf({ LOG_LEVEL: 'loud' }).join('\n')).toMatch(/^LOG_LEVEL: /m);
    expect(problemsOf({ SESSION_SECRET: 'short' })).toEqual(['SESSION_SECRET: must be at least 32 characters']);
    const several = problemsOf({ PORT: 'abc', DATABASE_URL: 'nonsense' });
    expect(several).toHaveLength(2);
  });

  it('requires SESSION_SECRET in production and sends cookies over HTTPS only there', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['SESSION_SECRET: is required in production']);
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) });
    expect(config.cookieSecure).toBe(true);
  });

  it('explains the problem in a message that says SaferHub cannot start', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/SaferHub cannot start: invalid settings\n {2}- PORT: /);
  });
});

describe('sign-in settings', () => {
  const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) };
  it('requires a second factor of administrators and coordinators in production, of nobody elsewhere, as SECOND_FACTOR says', () => {
    expect(loadConfig(production).secondFactor).toBe('privileged');
    expect(loadConfig({}).secondFactor).toBe('off');
    expect(loadConfig({ SECOND_FACTOR: 'everyone' }).secondFactor).toBe('everyone');
    expect(loadConfig({ ...production, SECOND_FACTOR: 'off' }).secondFactor).toBe('off');
    expect(problemsOf({ SECOND_FACTOR: 'sometimes' })[0]).toMatch(/^SECOND_FACTOR: /);
    expect(signInSummary(loadConfig(production))).toBe(
      'Sign-in: second factor required for administrators and coordinators (SECOND_FACTOR=privileged); no single sign-on',
    );
  });

  it('sets up single sign-on only with an issuer, client id and secret, over https unless the issuer is on loopback', () => {
    const sso = { OIDC_ISSUER: 'https://login.example.gov.uk', OIDC_CLIENT_ID: 'saferhub', OIDC_CLIENT_SECRET: 's3cret' };
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(loadConfig({ ...sso, OIDC_BUTTON_LABEL: 'Sign in with Hampshire County Council' }).oidc).toEqual({
      issuer: 'https://login.example.gov.uk',
      clientId: 'saferhub',
      clientSecret: 's3cret',
      buttonLabel: 'Sign in with Hampshire County Council',
      allowHttp: false,
    });
    expect(problemsOf({ OIDC_ISSUER: sso.OIDC_ISSUER })).toEqual([
      'OIDC_CLIENT_ID: is required when single sign-on is set up (OIDC_*)',
      'OIDC_CLIENT_SECRET: is required when single sign-on is set up (OIDC_*)',
    ]);
    expect(problemsOf({ ...sso, OIDC_ISSUER: 'http://login.example.gov.uk' })).toEqual([
      'OIDC_ISSUER: must use https (plain http is allowed only on loopback)',
    ]);
    expect(loadConfig({ ...sso, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.allowHttp).toBe(true);
    expect(problemsOf({ ...production, ...sso })).toEqual([
      'PUBLIC_URL: is required in production with single sign-on (the provider redirects to it)',
    ]);
    expect(signInSummary(loadConfig(sso))).toContain('single sign-on with https://login.example.gov.uk');
  });
});

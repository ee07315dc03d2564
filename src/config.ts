import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** A proxy address as Fastify's trustProxy takes it: an IP address, a CIDR range, or a proxy-addr keyword. */
const isProxyAddress = (value: string) => {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(value)) return true;
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined || !address) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
};

/** Whether a URL names this machine (localhost, 127.0.0.0/8 or ::1). */
export const isLoopbackUrl = (value: string) => {
  const host = new URL(value).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
};

/** Every setting SaferHub reads, validated once. Nothing else reads process.env. */
/** Six years (2,192 days): the audit log's default retention, the longest limitation period for most claims. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 2192;

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATABASE_OWNER_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    SAFERHUB_DATA_DIR: z.string().min(1).default('./.data'),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    COOKIE_SECURE: z.enum(['true', 'false']).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SAFERHUB_DEMO: z.enum(['true', 'false']).optional(),
    SAFERHUB_SMALL_NUMBER_THRESHOLD: z.coerce.number().int().min(0).default(5),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(168).default(12),
    AUDIT_RETENTION_DAYS: z
      .string()
      .trim()
      .refine((v) => v === 'forever' || (/^\d{1,6}$/.test(v) && Number(v) >= 30), 'must be a number of days (30 or more) or forever')
      .default(String(DEFAULT_AUDIT_RETENTION_DAYS)),
    TRUST_PROXY: z
      .string()
      .trim()
      .refine(
        (v) => v === 'false' || /^\d{1,2}$/.test(v) || v.split(',').every((a) => isProxyAddress(a.trim())),
        'must be false, a number of proxy hops, or a comma-separated list of proxy addresses or CIDR ranges (not true: name the proxies)',
      )
      .default('false'),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be the address people use, like https://saferhub.example.org' })
      .refine((v) => {
        const u = new URL(v);
        return (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash && !u.username && !u.password;
      }, 'must be an origin only (https://host[:port]), without a path, query or user')
      .optional(),
    SECOND_FACTOR: z.enum(['privileged', 'everyone', 'off']).optional(),
    OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be the issuer URL, like https://login.example.gov.uk' }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_BUTTON_LABEL: z.string().trim().min(1).max(80).default('Sign in with your organisation’s account'),
    SMTP_URL: z
      .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL, like smtp://user:password@mail.example:587' })
      .optional(),
    MAIL_FROM: z.string().trim().min(3).max(320).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.SMTP_URL && !env.MAIL_FROM) {
      ctx.addIssue({
        code: 'custom',
        path: ['MAIL_FROM'],
        message: 'is required with SMTP_URL: the address e-mails come from, like SaferHub <saferhub@council.example>',
      });
    }
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
    // The demo accounts share a password published in the README: never on a real deployment.
    if (env.NODE_ENV === 'production' && env.SAFERHUB_DEMO === 'true') {
      ctx.addIssue({
        code: 'custom',
        path: ['SAFERHUB_DEMO'],
        message: 'cannot be true with NODE_ENV=production: the demo accounts share a published password. Leave SAFERHUB_DEMO unset',
      });
    }
    if (env.OIDC_ISSUER || env.OIDC_CLIENT_ID || env.OIDC_CLIENT_SECRET) {
      for (const key of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const)
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when single sign-on is set up (OIDC_*)' });
      // Plain http only to this machine (a provider on loopback, as the tests start): never across a network.
      if (env.OIDC_ISSUER && new URL(env.OIDC_ISSUER).protocol === 'http:' && !isLoopbackUrl(env.OIDC_ISSUER))
        ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'must use https (plain http is allowed only on loopback)' });
      if (env.NODE_ENV === 'production' && !env.PUBLIC_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['PUBLIC_URL'],
          message: 'is required in production with single sign-on (the provider redirects to it)',
        });
    }
    if (env.SESSION_IDLE_MINUTES > env.SESSION_MAX_HOURS * 60) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_IDLE_MINUTES'], message: 'must not be longer than SESSION_MAX_HOURS' });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** The owner role on a server, for migrations and restores (DATABASE_OWNER_URL); optional. */
  databaseOwnerUrl: string | undefined;
  dataDir: string;
  /** Secret for signing cookies; in demo mode a generated one is kept in the data folder. */
  sessionSecret: string | undefined;
  cookieSecure: boolean;
  logLevel: string;
  /** Load demo data and create demo users on first start (default: on with the embedded database, never in production). */
  demo: boolean;
  smallNumberThreshold: number;
  /** A session ends after this many minutes without a request… */
  sessionIdleMinutes: number;
  /** …and this many hours after signing in, however busy. */
  sessionMaxHours: number;
  /** Fastify's trustProxy: false (forwarded headers ignored), a hop count, or the proxies' addresses. */
  trustProxy: false | number | string[];
  /** The origin people reach SaferHub at (for addresses in calendar feeds), when set. */
  publicUrl: string | undefined;
  /**
   * Who must sign in with a second factor (SECOND_FACTOR): administrators and coordinators ('privileged',
   * the default in production), everyone, or nobody ('off', the default elsewhere, so the demo signs in with a
   * password). Anyone who has set one up is asked for it whatever this says.
   */
  secondFactor: SecondFactorMode;
  /** OpenID Connect single sign-on, when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. */
  oidc: OidcSettings | undefined;
  /** The SMTP server notifications are e-mailed through (SMTP_URL); without it, notifications stay in SaferHub. */
  smtpUrl: string | undefined;
  /** The From address of those e-mails (MAIL_FROM). */
  mailFrom: string | undefined;
  /** Audit entries older than this many days are removed by `saferhub audit prune`; null keeps them forever. */
  auditRetentionDays: number | null;
}

export type SecondFactorMode = 'privileged' | 'everyone' | 'off';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The sign-in page's button, e.g. "Sign in with Hampshire County Council". */
  buttonLabel: string;
  /** True when the issuer is plain http on loopback (test providers): openid-client must be told to allow it. */
  allowHttp: boolean;
}

/** What the start-up log says about signing in: who needs a second factor, and single sign-on. */
export function signInSummary(config: Pick<Config, 'secondFactor' | 'oidc'>): string {
  const who = {
    privileged: 'required for administrators and coordinators',
    everyone: 'required for everyone',
    off: 'optional (asked only of people who set one up)',
  }[config.secondFactor];
  const sso = config.oidc ? `single sign-on with ${config.oidc.issuer}` : 'no single sign-on';
  return `Sign-in: second factor ${who} (SECOND_FACTOR=${config.secondFactor}); ${sso}`;
}

function trustProxyOf(value: string): false | number | string[] {
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  return value.split(',').map((a) => a.trim());
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`SaferHub cannot start: invalid settings\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty setting counts as not set.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_URL ? e.DATABASE_OWNER_URL : undefined,
    dataDir: path.resolve(e.SAFERHUB_DATA_DIR),
    sessionSecret: e.SESSION_SECRET,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    demo: e.SAFERHUB_DEMO ? e.SAFERHUB_DEMO === 'true' : !e.DATABASE_URL && e.NODE_ENV !== 'production',
    smallNumberThreshold: e.SAFERHUB_SMALL_NUMBER_THRESHOLD,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined,
    secondFactor: e.SECOND_FACTOR ?? (e.NODE_ENV === 'production' ? 'privileged' : 'off'),
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            buttonLabel: e.OIDC_BUTTON_LABEL,
            allowHttp: new URL(e.OIDC_ISSUER).protocol === 'http:',
          }
        : undefined,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.SMTP_URL ? e.MAIL_FROM : undefined,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS === 'forever' ? null : Number(e.AUDIT_RETENTION_DAYS),
  };
}

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
  })
  .superRefine((env, ctx) => {
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
  /** Audit entries older than this many days are removed by `saferhub audit prune`; null keeps them forever. */
  auditRetentionDays: number | null;
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
    auditRetentionDays: e.AUDIT_RETENTION_DAYS === 'forever' ? null : Number(e.AUDIT_RETENTION_DAYS),
  };
}

import path from 'node:path';
import { z } from 'zod';

/** Every setting SaferHub reads, validated once. Nothing else reads process.env. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    SAFERHUB_DATA_DIR: z.string().min(1).default('./.data'),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    COOKIE_SECURE: z.enum(['true', 'false']).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SAFERHUB_DEMO: z.enum(['true', 'false']).optional(),
    SAFERHUB_SMALL_NUMBER_THRESHOLD: z.coerce.number().int().min(0).default(5),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Secret for signing cookies; in demo mode a generated one is kept in the data folder. */
  sessionSecret: string | undefined;
  cookieSecure: boolean;
  logLevel: string;
  /** Load demo data and create demo users on first start (default: on with the embedded database). */
  demo: boolean;
  smallNumberThreshold: number;
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
    dataDir: path.resolve(e.SAFERHUB_DATA_DIR),
    sessionSecret: e.SESSION_SECRET,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    demo: e.SAFERHUB_DEMO ? e.SAFERHUB_DEMO === 'true' : !e.DATABASE_URL,
    smallNumberThreshold: e.SAFERHUB_SMALL_NUMBER_THRESHOLD,
  };
}

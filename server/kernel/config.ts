import path from 'node:path';

/** Everything the app reads from the environment, typed and validated once at start-up. */
export interface Config {
  host: string;
  port: number;
  /** postgres://… → PostgreSQL; absent → embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Sessions last this long without activity. */
  sessionTtlHours: number;
  /** Cookies get the Secure flag when served over HTTPS (behind a TLS proxy). */
  secureCookies: boolean;
  logLevel: string;
  /** Seed the demo city on first start of an empty database. */
  seedDemo: boolean;
  /** Background jobs (escalation, bulletins) run in this process. */
  runJobs: boolean;
  webDir: string;
  /** Password and code sign-ins allowed per client address per minute. */
  signInRateLimitPerMinute: number;
  /** Expose the bare baseline endpoints that bench/ compares against. */
  benchEndpoints: boolean;
  /** Largest photo accepted on a repair request, reading or patrol round (PHOTO_MAX_BYTES). */
  photoMaxBytes: number;
  /** HMAC-SHA256 key of the development payment providers (dev-wechat, dev-alipay) and their cashier. */
  onlinePayDevSecret: string;
  /** Offer the development payment providers and their cashier page (DEV_PAYMENTS; false in production). */
  devPayments: boolean;
  /** Daily bulletin (每日互通): generated at, and reminded if unacknowledged at, local HH:MM. */
  bulletin: BulletinTimes;
}

export interface BulletinTimes {
  generateAt: string;
  remindAt: string;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function clockTime(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) throw new ConfigError(`${name} must be a time of day HH:MM, got "${raw}"`);
  return raw;
}

/** When bulletins are generated and reminded, in the rulebook city's local time (BULLETIN_AT, BULLETIN_REMIND_AT). */
export function bulletinTimes(env: NodeJS.ProcessEnv = process.env): BulletinTimes {
  const times = { generateAt: clockTime(env, 'BULLETIN_AT', '07:00'), remindAt: clockTime(env, 'BULLETIN_REMIND_AT', '12:00') };
  if (times.remindAt <= times.generateAt) throw new ConfigError(`BULLETIN_REMIND_AT (${times.remindAt}) must be after BULLETIN_AT (${times.generateAt})`);
  return times;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 8080, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
    secureCookies: bool(env, 'SECURE_COOKIES', false),
    logLevel: env.LOG_LEVEL || 'info',
    seedDemo: bool(env, 'SEED_DEMO', true),
    runJobs: bool(env, 'RUN_JOBS', true),
    webDir: path.resolve(env.WEB_DIR || 'dist/web'),
    benchEndpoints: bool(env, 'BENCH_ENDPOINTS', false),
    photoMaxBytes: int(env, 'PHOTO_MAX_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    onlinePayDevSecret: env.ONLINE_PAY_DEV_SECRET || 'heat-steward-dev-pay-secret',
    devPayments: bool(env, 'DEV_PAYMENTS', true),
    signInRateLimitPerMinute: int(env, 'SIGN_IN_RATE_LIMIT_PER_MINUTE', 10, 1, 100_000),
    bulletin: bulletinTimes(env),
  };
}

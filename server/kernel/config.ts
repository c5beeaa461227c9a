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
    signInRateLimitPerMinute: int(env, 'SIGN_IN_RATE_LIMIT_PER_MINUTE', 10, 1, 100_000),
  };
}

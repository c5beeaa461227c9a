import os from 'node:os';
import { loadConfig, ConfigError } from './kernel/config.ts';
import { systemClock } from './kernel/clock.ts';
import { DataDirLocked, migrateDatabase, openDatabase } from './kernel/db.ts';
import type { Deps } from './kernel/deps.ts';
import { startJobLoop } from './kernel/jobs.ts';
import { createLogger } from './kernel/logger.ts';
import { outboxNotifier } from './kernel/notify.ts';
import { buildApp } from './app.ts';
import { jobHandlers, jobSchedulers } from './jobs.ts';
import { ensureShippedRulebooks } from './modules/rulebook/index.ts';
import { demoLogins, describeLogins, isEmpty, seedDemo } from './seed/demo.ts';

/** config → db → migrate → seed → app → jobs → listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config);
  const where = database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  log.info(`database: ${where}`);
  await migrateDatabase(database);
  const deps: Deps = {
    db: database.db,
    dbKind: database.kind,
    clock: systemClock,
    notifier: outboxNotifier(systemClock, log),
    log,
  };
  await ensureShippedRulebooks(deps);
  let banner = '';
  if (config.seedDemo && (await isEmpty(deps))) {
    log.info('empty database: seeding the demo city');
    banner = describeLogins(await seedDemo(deps));
  }
  const app = await buildApp({ deps, sessionTtlHours: config.sessionTtlHours, webDir: config.webDir, benchEndpoints: config.benchEndpoints, signInPerMinute: config.signInRateLimitPerMinute, photoMaxBytes: config.photoMaxBytes });
  const stopJobs = config.runJobs
    ? startJobLoop(deps, { handlers: jobHandlers, schedulers: jobSchedulers, workerId: `${os.hostname()}:${process.pid}` })
    : async () => {};

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal}: shutting down`);
    await app.close();
    await stopJobs();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const url = `http://${config.host}:${config.port}`;
  console.log(`\n供暖管家 heat-steward is running at ${url}  (API docs ${url}/api/docs, database: ${where})`);
  // On a restart the demo accounts exist already; print them again unless they were changed.
  console.log(banner || describeLogins(demoLogins()));
  console.log('');
}

main().catch((err: unknown) => {
  if (err instanceof DataDirLocked || err instanceof ConfigError) {
    console.error(`heat-steward cannot start: ${err.message}`);
  } else {
    console.error('heat-steward failed to start:', err);
  }
  process.exit(1);
});

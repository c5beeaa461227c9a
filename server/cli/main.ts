import { loadConfig, ConfigError } from '../kernel/config.ts';
import { systemClock } from '../kernel/clock.ts';
import { DataDirLocked, migrateDatabase, openDatabase } from '../kernel/db.ts';
import { DomainError } from '../kernel/errors.ts';
import type { Deps } from '../kernel/deps.ts';
import { createLogger } from '../kernel/logger.ts';
import { outboxNotifier } from '../kernel/notify.ts';
import { ensureShippedRulebooks } from '../modules/rulebook/index.ts';
import { runCli, UsageError, USAGE } from './commands.ts';

/**
 * `npm run cli -- …`: the same database as the server (DATABASE_URL, or PGlite in DATA_DIR with
 * its lock: a CLI import while the server runs on the same PGlite directory is refused, because
 * two processes on one directory corrupt it).
 */
async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL || 'warn');
  const database = await openDatabase(config);
  try {
    await migrateDatabase(database);
    const deps: Deps = { db: database.db, dbKind: database.kind, clock: systemClock, notifier: outboxNotifier(systemClock, log), log };
    await ensureShippedRulebooks(deps);
    return await runCli(argv, { deps, print: (line) => console.log(line), progress: Boolean(process.stderr.isTTY) });
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof DataDirLocked || err instanceof ConfigError || err instanceof DomainError) {
      console.error(err.message);
    } else console.error('heat-steward cli failed:', err);
    process.exit(2);
  },
);

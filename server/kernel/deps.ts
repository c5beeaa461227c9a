import type { Clock } from './clock.ts';
import type { Db, DbKind } from './db.ts';
import type { Logger } from './logger.ts';
import type { Notifier } from './notify.ts';

/** What services are handed explicitly: no global singletons anywhere. */
export interface Deps {
  db: Db;
  dbKind: DbKind;
  clock: Clock;
  notifier: Notifier;
  log: Logger;
}

import { eq, sql } from 'drizzle-orm';
import type { BusinessDate } from '../../kernel/business-time.ts';
import type { Deps } from '../../kernel/deps.ts';
import { households } from '../registry/index.ts';
import { contactCardVersion } from './tenure.schema.ts';

/**
 * The public lookup's per-building answers ("contact cards"), kept in-process. A card is trusted
 * only while `contact_card_version` — bumped at commit by every write to what a card shows
 * (migration 0015) — still holds the number read before the card was built, and only for the
 * business date it was built for (assignments and tenures are dated). So each lookup costs one
 * small indexed query (account number → building, plus the version) instead of the twelve-join
 * one, and an edit made on any instance is seen by all of them on the very next request.
 *
 * Race-free by order: the version is read first, the card after, so a card is never labelled
 * newer than the data it holds; at worst it is rebuilt once more.
 */

/** Far above a city's buildings (≈ 14,000 for 1.3 M households); past it the cache starts over. */
const MAX_CARDS = 100_000;

export interface Card<Row> {
  version: number;
  date: BusinessDate;
  row: Row;
}

export function contactCards<Row>(deps: Deps) {
  const byAccount = deps.db
    .select({ buildingId: households.buildingId, version: contactCardVersion.n })
    .from(households)
    .innerJoin(contactCardVersion, eq(contactCardVersion.id, 1))
    .where(eq(households.accountNo, sql.placeholder('accountNo')))
    .prepare('public_steward_card_by_account');
  const current = deps.db.select({ version: contactCardVersion.n }).from(contactCardVersion).prepare('public_steward_card_version');
  const cards = new Map<number, Card<Row>>();

  return {
    /** The household's building and the version now, or undefined for an unknown account number. */
    async building(accountNo: string): Promise<{ buildingId: number; version: number } | undefined> {
      const [row] = await byAccount.execute({ accountNo });
      return row;
    },
    async version(): Promise<number> {
      const [row] = await current.execute();
      return row?.version ?? 0;
    },
    /** The building's card if it was built at this version; the caller checks the date. */
    get(buildingId: number, version: number): Card<Row> | undefined {
      const card = cards.get(buildingId);
      return card?.version === version ? card : undefined;
    },
    put(buildingId: number, card: Card<Row>): void {
      if (cards.size >= MAX_CARDS) cards.clear();
      cards.set(buildingId, card);
    },
  };
}

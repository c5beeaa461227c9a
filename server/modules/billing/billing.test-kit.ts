/**
 * Shared set-up for the billing tests: a test app with the shipped rulebooks seeded, a place to
 * put households, and a bill run driven to completion.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../../kernel/actor.ts';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { makeBranch, makeBuilding, makeCompound, makeHousehold } from '../../test/factories.ts';
import { ensureShippedRulebooks } from '../rulebook/index.ts';
import { runBillBatches, startBillRun } from './bill-run.service.ts';

export async function billingTestApp(now?: string): Promise<TestApp> {
  const t = await createTestApp(now ? { now } : {});
  await ensureShippedRulebooks(t.deps);
  return t;
}

/** A branch of a city with one compound and building, ready for households. */
export async function makePlace(t: TestApp, city = 'zhengzhou') {
  const branch = await makeBranch(t.deps.db, { city });
  const compound = await makeCompound(t.deps.db, { branchId: branch.id });
  const building = await makeBuilding(t.deps.db, { compoundId: compound.id });
  return {
    branch,
    compound,
    building,
    household: (over: Parameters<typeof makeHousehold>[1] = {}) => makeHousehold(t.deps.db, { buildingId: building.id, ...over }),
  };
}

/** Run the season's bills to the end as the system (no HTTP). */
export async function billSeason(t: TestApp, season: string, batchSize = 1000) {
  const { run } = await startBillRun(t.deps, systemActor, { season, batchSize });
  return runBillBatches(t.deps, systemActor, run.id);
}

export async function countRows(t: TestApp, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
  return row!.n;
}

/**
 * The demo's outgoing property company (郑州金港物业, whose tenure of 金色港湾小区 ended on
 * 2026-10-31) collected part of the 2026-27 fees as agent in September and October and handed
 * over only some of it, so its settlement statement has something still owed. Written through
 * the real services, each on the day it happened (a clock fixed at that instant), so the tenure
 * checks, the ledger and the audit log are as in production. Days still in the future of the
 * seeding clock are left out.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { postAgentPayment } from './agent-payments.service.ts';
import { recordRemittance } from './remittances.service.ts';

/** Amounts of a 80–110 m² flat's season fee, in fen. */
const COLLECTIONS = [182_400, 228_000, 205_200, 250_800, 228_000, 182_400];
const fixedAt = (iso: string): Clock => ({ now: () => new Date(iso) });

export async function seedDemoAgentCollections(
  deps: { db: Db; clock: Clock },
  ids: { compoundId: number; skipHouseholdId: number },
): Promise<{ collected: number; remitted: number }> {
  const [tenure] = await queryRows<{ companyId: number; endsOn: string }>(
    deps.db,
    sql`SELECT property_company_id AS "companyId", ends_on::text AS "endsOn" FROM tenures
         WHERE compound_id = ${ids.compoundId} AND collects_as_agent AND property_company_id IS NOT NULL AND ends_on IS NOT NULL
         ORDER BY ends_on LIMIT 1`,
  );
  if (!tenure) return { collected: 0, remitted: 0 };
  const households = await queryRows<{ id: number }>(
    deps.db,
    sql`SELECT h.id FROM households h JOIN buildings b ON b.id = h.building_id
         WHERE b.compound_id = ${ids.compoundId} AND h.id <> ${ids.skipHouseholdId} ORDER BY h.id LIMIT ${COLLECTIONS.length}`,
  );
  const manager: Actor = { userId: null, role: 'property_manager', name: 'seed (郑州金港物业)', scopes: [{ kind: 'property_company', refId: tenure.companyId }] };
  const office: Actor = { userId: null, role: 'admin', name: 'seed', scopes: [] };
  const now = deps.clock.now().getTime();
  let collected = 0;
  for (const [i, hh] of households.entries()) {
    const at = `2026-09-${String(10 + i * 3).padStart(2, '0')}T02:00:00.000Z`;
    if (new Date(at).getTime() > now) continue;
    const input = { householdId: hh.id, amountFen: COLLECTIONS[i]!, currency: 'CNY' as const };
    await postAgentPayment({ db: deps.db, clock: fixedAt(at) }, manager, input, `demo-agent-${tenure.companyId}-${hh.id}`);
    collected += input.amountFen;
  }
  // Half of the first three collections was handed over in October; the rest is still owed.
  const remittedOn = '2026-10-20';
  const remitted = Math.floor(COLLECTIONS.slice(0, 3).reduce((a, b) => a + b, 0) / 2);
  if (collected >= remitted && new Date(`${remittedOn}T02:00:00.000Z`).getTime() <= now) {
    await recordRemittance({ db: deps.db, clock: fixedAt(`${remittedOn}T02:00:00.000Z`) }, office, {
      propertyCompanyId: tenure.companyId,
      amountFen: remitted,
      currency: 'CNY',
      method: 'bank_transfer',
      remittedOn,
      reference: 'ICBC-20261020-0381',
    }, `demo-remittance-${tenure.companyId}`);
    return { collected, remitted };
  }
  return { collected, remitted: 0 };
}

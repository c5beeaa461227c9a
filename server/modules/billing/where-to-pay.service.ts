/**
 * "Where to pay" (到哪里缴费) for one household today, following its compound's service mode:
 * in `agent` mode the property company that collects comes first; in `direct` mode (a vacuum) the
 * temporary collection points opened for the compound come first. The branch counter and online
 * payment are always there — whatever happens to the property company, the resident can pay.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { todayIn } from '../rulebook/index.ts';
import { serviceMode } from '../tenure/index.ts';
import { householdForReading } from './household-access.ts';
import type { PayChannel, WhereToPay } from './points.contract.ts';

export async function whereToPay(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor, householdId: number): Promise<WhereToPay> {
  const household = await householdForReading(deps.db, actor, householdId);
  const today = await todayIn(deps.db, deps.clock, household.city);
  const mode = await serviceMode(deps.db, household.compoundId, today);
  const points = await queryRows<Extract<PayChannel, { kind: 'temp_point' }>>(
    deps.db,
    sql`SELECT 'temp_point' AS kind, p.id AS "pointId", p.name, p.address, p.hours, p.from_date::text AS "fromDate", p.to_date::text AS "toDate",
               (p.from_date <= ${today}::date) AS "openToday"
          FROM collection_points p JOIN collection_point_compounds pc ON pc.point_id = p.id
         WHERE pc.compound_id = ${household.compoundId} AND p.status = 'open' AND p.to_date >= ${today}::date
         ORDER BY p.from_date, p.id`,
  );
  const [branch] = await queryRows<{ name: string; address: string | null; phone: string | null }>(
    deps.db,
    sql`SELECT name, address, phone FROM branches WHERE id = ${household.branchId}`,
  );
  const counter: PayChannel = { kind: 'counter', name: branch!.name, address: branch!.address, phone: branch!.phone };
  const online: PayChannel = { kind: 'online' };
  const company = mode.mode === 'agent' ? mode.tenure?.propertyCompany : null;
  const channels: PayChannel[] = company
    ? [{ kind: 'agent', propertyCompanyId: company.id, name: company.name, phone: company.contactPhone }, ...points, counter, online]
    : [...points, counter, online];
  return { householdId: household.id, compoundId: household.compoundId, date: today, serviceMode: mode.mode, reason: mode.reason, channels };
}

/**
 * May a property company collect as agent (代收) for a household today? Only while its tenure of
 * the household's compound covers today AND that tenure says it collects as agent — outside it the
 * money must go to the heating company directly, so the post is refused with the reason. Tenure
 * dates are business dates of the household's city.
 */
import { sql } from 'drizzle-orm';
import type { BusinessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Invalid } from '../../kernel/errors.ts';
import type { BillingHousehold } from './household-access.ts';

/** A tenure of the company in the household's compound, as `tenuresOf` (or the payment batch) reads it. */
export interface TenureRow {
  starts_on: string;
  ends_on: string | null;
  collects_as_agent: boolean;
}

/** The company's tenures of the household's compound, newest first. */
export function tenuresOf(tx: Db, companyId: number, compoundId: number): Promise<TenureRow[]> {
  return queryRows<TenureRow>(
    tx,
    sql`SELECT starts_on::text, ends_on::text, collects_as_agent FROM tenures
         WHERE property_company_id = ${companyId} AND compound_id = ${compoundId}
         ORDER BY starts_on DESC`,
  );
}

/** The refusal, or null when the company's tenure (newest first in `rows`) covers `today` and collects as agent. */
export function tenureRefusal(companyId: number, household: BillingHousehold, today: BusinessDate, rows: TenureRow[]): Invalid | null {
  const current = rows.find((r) => r.starts_on <= today && (r.ends_on === null || r.ends_on > today));
  if (!current) {
    const ended = rows.find((r) => r.ends_on !== null && r.ends_on <= today);
    const upcoming = rows.filter((r) => r.starts_on > today).pop();
    const why = ended
      ? `its tenure of compound ${household.compoundId} ended on ${ended.ends_on}`
      : upcoming
        ? `its tenure of compound ${household.compoundId} starts on ${upcoming.starts_on}`
        : `it has no tenure of compound ${household.compoundId}`;
    return new Invalid(`Property company ${companyId} may not collect for household ${household.id} on ${today}: ${why}; the resident pays the heating company directly`, [
      { field: 'householdId', message: 'outside your tenure', rule: 'outside_tenure' },
    ], 'agent_outside_tenure', { companyId, householdId: household.id, compoundId: household.compoundId, today });
  }
  if (!current.collects_as_agent) {
    return new Invalid(`Property company ${companyId} manages compound ${household.compoundId} but does not collect heating fees as agent`, [
      { field: 'householdId', message: 'not collected by your company', rule: 'not_collecting' },
    ], 'agent_not_collecting', { companyId, compoundId: household.compoundId });
  }
  return null;
}

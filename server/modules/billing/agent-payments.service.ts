/**
 * Agent collection (代收): a property company posts a payment it took from a household. Allowed
 * only while the company's tenure of the household's compound covers today AND that tenure says
 * it collects as agent — outside it the money must go to the heating company directly, so the
 * post is refused with the reason. The money lands on the company's agent receivable: it owes
 * it to the heating company until it remits (remittance is a later step of issue 5).
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import type { BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import { todayIn } from '../rulebook/index.ts';
import type { AgentPayment, PaymentView } from './billing.contract.ts';
import { findHousehold, type BillingHousehold } from './household-access.ts';
import { onceForKey, type Stored } from './idempotency.ts';
import { checkAmount, lockBillsQuery, lockedFrom, recordPayment, type LockedRow, type WaitingPayment } from './payments.service.ts';
import { withNumberedReceipt } from './receipts.ts';

export const AGENT_ROUTE = 'POST /api/billing/payments/agent';

/** The company the actor acts for: the one named, or its only one. */
function actingCompany(actor: Actor, named: number | undefined): number {
  if (!hasRole(actor, 'property_manager')) throw new Forbidden('Agent payments are posted by property companies');
  const companies = scopeIds(actor, 'property_company');
  if (named !== undefined) {
    if (!companies.includes(named)) throw new Forbidden(`You do not act for property company ${named}`, 'not_your_company');
    return named;
  }
  if (companies.length !== 1) {
    throw new Invalid('Name the property company you are posting for', [{ field: 'propertyCompanyId', message: 'is required', rule: 'required' }], 'property_company_required');
  }
  return companies[0]!;
}

interface TenureRow {
  starts_on: string;
  ends_on: string | null;
  collects_as_agent: boolean;
}

/** Refuse unless the company's tenure of the compound covers `today` and collects as agent. */
async function assertCollectsAsAgent(tx: Db, companyId: number, household: BillingHousehold, today: BusinessDate): Promise<void> {
  const rows = await queryRows<TenureRow>(
    tx,
    sql`SELECT starts_on::text, ends_on::text, collects_as_agent FROM tenures
         WHERE property_company_id = ${companyId} AND compound_id = ${household.compoundId}
         ORDER BY starts_on DESC`,
  );
  const current = rows.find((r) => r.starts_on <= today && (r.ends_on === null || r.ends_on > today));
  if (!current) {
    const ended = rows.find((r) => r.ends_on !== null && r.ends_on <= today);
    const upcoming = rows.filter((r) => r.starts_on > today).pop();
    const why = ended
      ? `its tenure of compound ${household.compoundId} ended on ${ended.ends_on}`
      : upcoming
        ? `its tenure of compound ${household.compoundId} starts on ${upcoming.starts_on}`
        : `it has no tenure of compound ${household.compoundId}`;
    throw new Invalid(`Property company ${companyId} may not collect for household ${household.id} on ${today}: ${why}; the resident pays the heating company directly`, [
      { field: 'householdId', message: 'outside your tenure', rule: 'outside_tenure' },
    ], 'agent_outside_tenure', { companyId, householdId: household.id, compoundId: household.compoundId, today });
  }
  if (!current.collects_as_agent) {
    throw new Invalid(`Property company ${companyId} manages compound ${household.compoundId} but does not collect heating fees as agent`, [
      { field: 'householdId', message: 'not collected by your company', rule: 'not_collecting' },
    ], 'agent_not_collecting', { companyId, compoundId: household.compoundId });
  }
}

export async function postAgentPayment(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: AgentPayment,
  idempotencyKey: string,
): Promise<Stored<PaymentView>> {
  checkAmount(input);
  const companyId = actingCompany(actor, input.propertyCompanyId);
  // Read before the transaction: the household's place does not move with money, and the city's
  // time zone then comes from the rulebook cache of deps.db (a read inside would miss the cache).
  const household = await findHousehold(deps.db, input.householdId);
  const today = await todayIn(deps.db, deps.clock, household.city);
  const into = { kind: 'agent_receivable' as const, ownerId: companyId };
  const stored = await onceForKey<WaitingPayment, LockedRow>(deps, actor, { key: idempotencyKey, route: AGENT_ROUTE, body: input }, async (tx, rows) => {
    // Tenure dates are business dates of the household's city.
    await assertCollectsAsAgent(tx, companyId, household, today);
    const { locked } = lockedFrom(rows);
    const view = await recordPayment(tx, deps.clock, actor, household, input, { channel: 'agent', propertyCompanyId: companyId }, { respondTo: idempotencyKey, locked });
    return { statusCode: 201, body: view, stored: true };
  }, lockBillsQuery(household.id, into));
  return { ...stored, body: await withNumberedReceipt(deps.db, stored.body) };
}

/**
 * Agent collection (代收): a property company posts a payment it took from a household. Allowed
 * only while the company's tenure of the household's compound covers today and collects as agent
 * (agent-tenure.ts). The money lands on the company's agent receivable: it owes it to the heating
 * company until it remits. Taken in a batch with the payments arriving meanwhile
 * (payment-batch.ts), or alone — under its Idempotency-Key — when the batch leaves it out.
 */
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { businessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../kernel/db.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { knownCities, todayIn } from '../rulebook/index.ts';
import type { AgentPayment, PaymentView } from './billing.contract.ts';
import { tenureRefusal, tenuresOf } from './agent-tenure.ts';
import { findHousehold } from './household-access.ts';
import { onceForKey, type Stored } from './idempotency.ts';
import { submitPayment } from './payment-batch.ts';
import { checkAmount, lockBillsQuery, lockedFrom, recordPayment, type LockedRow, type WaitingPayment } from './payments.service.ts';
import { withNumberedReceipt } from './receipts.ts';

export const AGENT_ROUTE = 'POST /api/billing/payments/agent';

/** The company the actor acts for: the one named, or its only one. */
function actingCompany(actor: Actor, named: number | undefined): number {
  if (!hasRole(actor, 'property_manager')) throw new Forbidden('Agent payments are posted by property companies', 'role_not_allowed', { role: actor.role });
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

export async function postAgentPayment(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: AgentPayment,
  idempotencyKey: string,
): Promise<Stored<PaymentView>> {
  checkAmount(input);
  const companyId = actingCompany(actor, input.propertyCompanyId);
  const source = { channel: 'agent' as const, propertyCompanyId: companyId };
  // Today in the household's city, known inside the batch's transaction without a query: the
  // zones come from the rulebook cache of deps.db (on PGlite a read of deps.db there would wait
  // for the transaction it is in).
  const zones = new Map((await knownCities(deps.db)).map((v) => [v.city, v.rules.city.timeZone]));
  const batched = await submitPayment(deps, {
    actor,
    key: idempotencyKey,
    route: AGENT_ROUTE,
    input,
    source,
    admit: (household, tenures) => {
      const zone = zones.get(household.city);
      if (zone === undefined) throw new NotFound('rulebook of city', household.city);
      const refused = tenureRefusal(companyId, household, businessDate(deps.clock.now(), zone), tenures);
      if (refused) throw refused;
    },
  });
  if (batched) return { statusCode: 201, body: await withNumberedReceipt(deps.db, batched), replayed: false };

  // Read before the transaction: the household's place does not move with money, and the city's
  // time zone then comes from the rulebook cache of deps.db (a read inside would miss the cache).
  const household = await findHousehold(deps.db, input.householdId);
  const today = await todayIn(deps.db, deps.clock, household.city);
  const into = { kind: 'agent_receivable' as const, ownerId: companyId };
  const stored = await onceForKey<WaitingPayment, LockedRow>(deps, actor, { key: idempotencyKey, route: AGENT_ROUTE, body: input }, async (tx, rows) => {
    const refused = tenureRefusal(companyId, household, today, await tenuresOf(tx, companyId, household.compoundId));
    if (refused) throw refused;
    const { locked } = lockedFrom(rows);
    const view = await recordPayment(tx, deps.clock, actor, household, input, source, { respondTo: idempotencyKey, locked });
    return { statusCode: 201, body: view, stored: true };
  }, lockBillsQuery(household.id, into));
  return { ...stored, body: await withNumberedReceipt(deps.db, stored.body) };
}

/**
 * Counter payments (柜台): a clerk of the household's branch (or an admin) takes the money into
 * the branch's counter cash. Taken in a batch with the payments arriving meanwhile
 * (payment-batch.ts), or alone — under its Idempotency-Key — when the batch leaves it out.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../kernel/db.ts';
import { NotFound } from '../../kernel/errors.ts';
import type { CounterPayment, PaymentView } from './billing.contract.ts';
import { assertCounterRole, assertCounterScope } from './household-access.ts';
import { onceForKey, type Stored } from './idempotency.ts';
import { submitPayment } from './payment-batch.ts';
import { checkAmount, lockBillsQuery, lockedFrom, recordPayment, type LockedRow, type WaitingPayment } from './payments.service.ts';
import { withNumberedReceipt } from './receipts.ts';

export const COUNTER_ROUTE = 'POST /api/billing/payments/counter';

export async function postCounterPayment(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: CounterPayment,
  idempotencyKey: string,
): Promise<Stored<PaymentView>> {
  checkAmount(input);
  assertCounterRole(actor);
  const batched = await submitPayment(deps, {
    actor,
    key: idempotencyKey,
    route: COUNTER_ROUTE,
    input,
    source: { channel: 'counter' },
    admit: (household) => assertCounterScope(actor, household),
  });
  if (batched) return { statusCode: 201, body: await withNumberedReceipt(deps.db, batched), replayed: false };

  const into = { kind: 'cash_counter' as const, ownerId: sql`hh.household_branch_id` };
  const stored = await onceForKey<WaitingPayment, LockedRow>(deps, actor, { key: idempotencyKey, route: COUNTER_ROUTE, body: input }, async (tx, rows) => {
    const { household, locked } = lockedFrom(rows);
    if (!household) throw new NotFound('household', input.householdId);
    assertCounterScope(actor, household);
    return { statusCode: 201, body: await recordPayment(tx, deps.clock, actor, household, input, { channel: 'counter' }, { respondTo: idempotencyKey, locked }), stored: true };
  }, lockBillsQuery(input.householdId, into));
  return { ...stored, body: await withNumberedReceipt(deps.db, stored.body) };
}

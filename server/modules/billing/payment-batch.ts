/**
 * Counter and agent payments that arrive together share ONE transaction: claim every
 * Idempotency-Key and lock every household's bills (one statement), write every payment
 * (payments.write.ts), number their receipts (one statement for all their branches), commit — one
 * WAL flush for the batch instead of two per payment (kernel/coalesce.ts says how batches form).
 * At the counter's rush the round trips and commits, not the work, were the cost
 * (docs/benchmarks.md).
 *
 * The batch takes only what it can take as it is. A payment whose key is already known (a retry),
 * whose household is unknown or out of the actor's reach, whose bill or season is wrong — anything
 * the payer must be told — is left out, its freshly claimed key released in the same transaction,
 * and goes alone after the batch commits (`onceForKey`, the one place that says why), so a refusal
 * reads exactly as it always did. So does a second payment of a household, or of a key, already
 * in the batch: it waits for the first's commit like any concurrent payment.
 *
 * Locks are taken in household order, so two batches in flight never wait on each other in a circle.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { Coalescer } from '../../kernel/coalesce.ts';
import { QueryShape, type Db } from '../../kernel/db.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { TenureRow } from './agent-tenure.ts';
import type { PaymentInput } from './billing.contract.ts';
import type { BillingHousehold } from './household-access.ts';
import { requestHash } from './idempotency.ts';
import { afterPayment, INTO_KIND, lockBillsQuery, lockedFrom, planPayment, type LockedRow, type PaymentSource, type PlannedPayment } from './payments.service.ts';
import { writePayments, type WaitingPayment } from './payments.write.ts';
import { numberInBatch } from './receipts.ts';

export interface BatchedPayment {
  actor: Actor;
  key: string;
  /** The route and body the key is claimed for (as `onceForKey` hashes them). */
  route: string;
  input: PaymentInput & { householdId: number };
  source: Extract<PaymentSource, { channel: 'counter' } | { channel: 'agent' }>;
  /**
   * Throws when this actor may not take this household's money (the alone path then says why).
   * Synchronous: it runs inside the batch's transaction, where it must not query.
   */
  admit: (household: BillingHousehold, tenures: TenureRow[]) => void;
}

type ClaimedRow = LockedRow & { ord: number; claimed: boolean; tenures: TenureRow[] };

/**
 * Keys claimed and bills locked for the whole batch; each row names its payment (`ord`). Every key
 * is claimed before any bill is locked (the lock reads the claimed keys), and only a payment whose
 * key it claimed locks bills: a batch never holds a household's bills while it waits for a key —
 * the order the alone path takes them in too — so the two cannot wait on each other in a circle.
 */
const CLAIM_AND_LOCK = new QueryShape<ClaimedRow>(() => sql`
  WITH items AS (
    SELECT * FROM jsonb_to_recordset(${sql.placeholder('items')}::jsonb)
      AS x(ord int, key text, actor_id int, route text, request_hash text, household_id int, into_kind text, company_id int, created_at timestamptz)
  ), claimed AS (
    INSERT INTO idempotency_keys (key, actor_id, route, request_hash, created_at)
    SELECT key, actor_id, route, request_hash, created_at FROM items ORDER BY ord
    ON CONFLICT (key) DO NOTHING RETURNING key
  ), keys AS (
    SELECT coalesce(array_agg(key), '{}') AS claimed FROM claimed
  )
  SELECT i.ord, i.key = ANY(k.claimed) AS claimed, l.*,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('starts_on', t.starts_on::text, 'ends_on', t.ends_on::text, 'collects_as_agent', t.collects_as_agent)
                                    ORDER BY t.starts_on DESC), '[]'::jsonb)
            FROM tenures t WHERE t.property_company_id = i.company_id AND t.compound_id = l.compound_id) AS tenures
    FROM items i CROSS JOIN keys k
    LEFT JOIN LATERAL (${lockBillsQuery(sql`(CASE WHEN i.key = ANY(k.claimed) THEN i.household_id END)`, {
      kind: sql`i.into_kind`,
      ownerId: sql`coalesce(i.company_id, hh.household_branch_id)`,
    })}) l ON true
   ORDER BY i.ord`);

/** Null: not taken by the batch — the caller posts it alone. */
type Outcome = WaitingPayment | null;

async function writeBatch(deps: { db: Db; clock: Clock }, batch: BatchedPayment[]): Promise<Outcome[]> {
  const out: Outcome[] = batch.map(() => null);
  const households = new Set<number>();
  const keys = new Set<string>();
  const taken = batch
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.input.householdId - b.item.input.householdId)
    .filter(({ item }) => {
      if (households.has(item.input.householdId) || keys.has(item.key)) return false;
      households.add(item.input.householdId);
      keys.add(item.key);
      return true;
    });
  if (taken.length === 0) return out;
  const at = deps.clock.now().toISOString();
  await deps.db.transaction(async (tx) => {
    const items = taken.map(({ item }, ord) => ({
      ord,
      key: item.key,
      actor_id: item.actor.userId,
      route: item.route,
      request_hash: requestHash(item.route, item.input),
      household_id: item.input.householdId,
      into_kind: INTO_KIND[item.source.channel],
      company_id: item.source.channel === 'agent' ? item.source.propertyCompanyId : null,
      created_at: at,
    }));
    const rows = await CLAIM_AND_LOCK.run(tx, { items: JSON.stringify(items) });
    const planned: { index: number; plan: PlannedPayment }[] = [];
    const release: string[] = [];
    for (const [ord, { item, index }] of taken.entries()) {
      const mine = rows.filter((r) => r.ord === ord);
      if (!mine[0]?.claimed) continue;
      try {
        const { household, locked } = lockedFrom(mine);
        if (!household) {
          release.push(item.key);
          continue;
        }
        item.admit(household, mine[0].tenures);
        const plan = await planPayment(tx, deps.clock, item.actor, { household, input: item.input, source: item.source, locked, respondTo: item.key });
        planned.push({ index, plan });
      } catch (err) {
        // The payer's problem: said by the alone path. Anything else fails the batch (retried item by item).
        if (!(err instanceof DomainError)) throw err;
        release.push(item.key);
      }
    }
    const views = await writePayments(tx, planned.map((p) => p.plan.row), release);
    for (const p of planned) await afterPayment(tx, deps.clock, batch[p.index]!.actor, p.plan);
    const numbers = await numberInBatch(tx, planned.map((p) => p.plan.row.branch_id));
    planned.forEach((p, i) => {
      const view = views[i]!;
      out[p.index] = { ...view, receipt: { ...view.receipt, receiptNo: numbers.get(view.receipt.id) ?? null } };
    });
  });
  return out;
}

/** One coalescer per database (per app instance) and clock: a batch's payments share their instant's clock. */
const batches = new WeakMap<Db, WeakMap<Clock, Coalescer<BatchedPayment, Outcome>>>();

/**
 * The payment as the batch wrote and committed it (its receipt numbered in the batch), or null
 * when the batch left it to be posted alone.
 */
export function submitPayment(deps: { db: Db; clock: Clock }, payment: BatchedPayment): Promise<Outcome> {
  let byClock = batches.get(deps.db);
  if (!byClock) batches.set(deps.db, (byClock = new WeakMap()));
  let batch = byClock.get(deps.clock);
  if (!batch) byClock.set(deps.clock, (batch = new Coalescer((items) => writeBatch({ db: deps.db, clock: deps.clock }, items))));
  return batch.submit(payment);
}

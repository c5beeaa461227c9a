/**
 * A branch's payment rate (收费率) by compound for a season: billed vs paid fen, net of credit
 * notes, with each compound's service mode today so vacuum compounds (direct mode: no property
 * company collecting) stand out — they are where temporary collection points are needed.
 *   billed = Σ bill amount − Σ credit notes on it
 *   paid   = Σ min(paid_fen − credit notes that settled it, billed)   (credit notes are not payments)
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { todayIn } from '../rulebook/index.ts';
import { vacuumNow } from '../tenure/index.ts';
import type { CompoundRate, PaymentRateQuery, PaymentRateView } from './online.contract.ts';

/** Clerks, crew leads and admins see the branches in their scope; an admin without a branch scope sees any. */
export function rateBranch(actor: Actor, branchId: number | undefined): number {
  if (!hasRole(actor, 'clerk', 'admin', 'crew_lead')) throw new Forbidden('Payment rates are for clerks, crew leads and admins', 'role_not_allowed', { role: actor.role });
  const mine = scopeIds(actor, 'branch');
  const branch = branchId ?? (mine.length === 1 ? mine[0] : undefined);
  if (branch === undefined) throw new Invalid('Name the branch', [{ field: 'branchId', message: 'is required (you work for several branches, or none)', rule: 'required' }], 'branch_required');
  if (!mine.includes(branch) && !(hasRole(actor, 'admin') && mine.length === 0)) throw new Forbidden('This branch is not in your scope', 'other_branch');
  return branch;
}

export const rate = (paid: number, billed: number): number | null => (billed > 0 ? Math.round((paid / billed) * 10_000) / 10_000 : null);

export async function paymentRate(deps: { db: Db; clock: Clock }, actor: Actor, query: PaymentRateQuery): Promise<PaymentRateView> {
  const branchId = rateBranch(actor, query.branchId);
  const rows = await queryRows<{ id: number; name: string; households: number; billed: string; paid: string }>(
    deps.db,
    sql`WITH cn AS (
          SELECT bill_id, sum(amount_fen) AS total, sum(to_bill_fen) AS to_bill FROM credit_notes
           WHERE branch_id = ${branchId} AND season = ${query.season} GROUP BY bill_id)
        SELECT c.id, c.name, count(b.id)::int AS households,
               coalesce(sum(b.amount_fen - coalesce(cn.total, 0)), 0)::text AS billed,
               coalesce(sum(least(b.paid_fen - coalesce(cn.to_bill, 0), b.amount_fen - coalesce(cn.total, 0))), 0)::text AS paid
          FROM compounds c
          LEFT JOIN buildings bu ON bu.compound_id = c.id
          LEFT JOIN households h ON h.building_id = bu.id
          LEFT JOIN bills b ON b.household_id = h.id AND b.season = ${query.season}
          LEFT JOIN cn ON cn.bill_id = b.id
         WHERE c.branch_id = ${branchId}
         GROUP BY c.id, c.name
         ORDER BY c.name, c.id`,
  );
  // "Today" of the branch's city, in the zone its rulebook names.
  const [branch] = await queryRows<{ city: string }>(deps.db, sql`SELECT city FROM branches WHERE id = ${branchId}`);
  if (!branch) throw new NotFound('branch', branchId);
  const date = await todayIn(deps.db, deps.clock, branch.city);
  // One set-based answer for the branch's vacuum compounds, not one service-mode query per compound.
  const vacuum = new Set((await vacuumNow(deps, { today: date, branchIds: [branchId] })).map((v) => v.compoundId));
  const compounds: CompoundRate[] = rows.map((r) => {
    const billedFen = Number(r.billed);
    const paidFen = Number(r.paid);
    const direct = vacuum.has(r.id);
    return { compoundId: r.id, compoundName: r.name, households: r.households, billedFen, paidFen, rate: rate(paidFen, billedFen), serviceMode: direct ? 'direct' : 'agent', vacuum: direct };
  });
  const billedFen = compounds.reduce((s, c) => s + c.billedFen, 0);
  const paidFen = compounds.reduce((s, c) => s + c.paidFen, 0);
  return { season: query.season, branchId, date, billedFen, paidFen, rate: rate(paidFen, billedFen), compounds };
}

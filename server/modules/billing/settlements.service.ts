/**
 * Settlement statements (交接结算单): when a tenure ends, what the outgoing property company
 * collected during it, remitted for it and still owes, by household. The daily job draws one up
 * for every agent tenure whose end has passed; a clerk may draw one up early for a tenure with an
 * end date. One per tenure (unique index), so the job and a clerk never make two. The clerk
 * closes it when the money has arrived: only when nothing is owed any more.
 */
import { sql, type SQL } from 'drizzle-orm';
import { hasRole, scopeIds, systemActor, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import type { BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import type { StatementDetail, StatementSummary } from './agent.contract.ts';
import { householdCollections, remittanceLines, tenureTotals } from './agent-ledger.sql.ts';
import { branchIn, officeBranches } from './agent-scope.ts';

interface StatementRow {
  id: number;
  tenureId: number;
  propertyCompanyId: number;
  propertyCompanyName: string;
  branchId: number;
  status: 'open' | 'closed';
  origin: string;
  createdAt: Date | string;
  closedAt: Date | string | null;
  collectedFen: string | null;
  remittedFen: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** Statements the actor may read: clerks their branches, admins all, managers their company's. */
function visibleStatements(actor: Actor): SQL {
  if (hasRole(actor, 'property_manager')) {
    const ids = scopeIds(actor, 'property_company');
    return ids.length ? sql`s.property_company_id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`false`;
  }
  return sql`true ${branchIn(sql`s.branch_id`, officeBranches(actor, 'Settlement statements'))}`;
}

async function summaries(db: Db, where: SQL): Promise<StatementSummary[]> {
  const rows = await queryRows<StatementRow>(
    db,
    sql`SELECT s.id, s.tenure_id AS "tenureId", s.property_company_id AS "propertyCompanyId", pc.name AS "propertyCompanyName",
               s.branch_id AS "branchId", s.status, s.origin, s.created_at AS "createdAt", s.closed_at AS "closedAt",
               s.collected_fen::text AS "collectedFen", s.remitted_fen::text AS "remittedFen"
          FROM settlement_statements s JOIN property_companies pc ON pc.id = s.property_company_id
         WHERE ${where} ORDER BY s.status DESC, s.created_at DESC, s.id DESC`,
  );
  if (rows.length === 0) return [];
  const totals = new Map(
    (await tenureTotals(db, sql`t.id IN (${sql.join(rows.map((r) => sql`${r.tenureId}`), sql`, `)})`)).map((t) => [t.tenureId, t]),
  );
  return rows.map((r) => {
    const t = totals.get(r.tenureId)!;
    // A closed statement shows the numbers it was closed on; an open one the live numbers.
    const collectedFen = r.status === 'closed' ? Number(r.collectedFen) : t.collectedFen;
    const remittedFen = r.status === 'closed' ? Number(r.remittedFen) : t.remittedFen;
    return {
      id: r.id,
      tenureId: r.tenureId,
      propertyCompanyId: r.propertyCompanyId,
      propertyCompanyName: r.propertyCompanyName,
      compoundId: t.compoundId,
      compoundName: t.compoundName,
      startsOn: t.startsOn,
      endsOn: t.endsOn,
      status: r.status,
      origin: r.origin,
      createdAt: iso(r.createdAt),
      closedAt: r.closedAt ? iso(r.closedAt) : null,
      collectedFen,
      remittedFen,
      owedFen: collectedFen - remittedFen,
    };
  });
}

export async function listStatements(db: Db, actor: Actor, status?: 'open' | 'closed'): Promise<{ items: StatementSummary[] }> {
  const where = sql`${visibleStatements(actor)} ${status ? sql`AND s.status = ${status}` : sql``}`;
  return { items: await summaries(db, where) };
}

export async function getStatement(db: Db, actor: Actor, id: number): Promise<StatementDetail> {
  const [summary] = await summaries(db, sql`s.id = ${id}`);
  if (!summary) throw new NotFound('settlement statement', id);
  const [visible] = await summaries(db, sql`s.id = ${id} AND ${visibleStatements(actor)}`);
  if (!visible) throw new Forbidden('This settlement statement is of another branch or company', 'outside_scope');
  const households = await householdCollections(db, {
    companyId: summary.propertyCompanyId,
    compoundId: summary.compoundId,
    branchIds: null,
    from: summary.startsOn,
    before: summary.endsOn,
  });
  const remittances = await remittanceLines(db, { companyId: summary.propertyCompanyId, tenureId: summary.tenureId, branchIds: null, from: null, before: null });
  return { ...summary, households, remittances };
}

/** A clerk draws up the statement of an ended or ending tenure; the existing one if there is one. */
export async function drawUpStatement(deps: { db: Db; clock: Clock }, actor: Actor, tenureId: number): Promise<{ created: boolean; statement: StatementDetail }> {
  const branchIds = officeBranches(actor, 'Settlement statements');
  const [tenure] = await queryRows<{ id: number; companyId: number | null; endsOn: string | null; branchId: number; compoundId: number }>(
    deps.db,
    sql`SELECT t.id, t.property_company_id AS "companyId", t.ends_on::text AS "endsOn", c.branch_id AS "branchId", c.id AS "compoundId"
          FROM tenures t JOIN compounds c ON c.id = t.compound_id WHERE t.id = ${tenureId}`,
  );
  if (!tenure) throw new NotFound('tenure', tenureId);
  if (branchIds && !branchIds.includes(tenure.branchId)) throw new Forbidden('This tenure is of a compound in another branch', 'other_branch');
  if (tenure.companyId === null) throw new Invalid('A tenure without a property company collected nothing to settle', [{ field: 'tenureId', message: 'has no property company', rule: 'no_property_company' }], 'tenure_without_company');
  if (tenure.endsOn === null) {
    throw new Invalid('Only a tenure with an end date is settled: set the end of the tenure first', [{ field: 'tenureId', message: 'has no end date', rule: 'no_end_date' }], 'tenure_not_ending');
  }
  const created = await deps.db.transaction(async (tx) => {
    const ids = await insertStatements(tx, deps.clock, actor, sql`t.id = ${tenureId}`, 'clerk');
    return ids.length > 0;
  });
  const [row] = await queryRows<{ id: number }>(deps.db, sql`SELECT id FROM settlement_statements WHERE tenure_id = ${tenureId}`);
  return { created, statement: await getStatement(deps.db, actor, row!.id) };
}

/** Insert the missing statements of the tenures `where` selects (alias t); returns the new ids. */
async function insertStatements(tx: Db, clock: Clock, actor: Actor, where: SQL, origin: 'clerk' | 'tenure_ended'): Promise<number[]> {
  const rows = await queryRows<{ id: number; tenureId: number; propertyCompanyId: number }>(
    tx,
    sql`INSERT INTO settlement_statements (tenure_id, property_company_id, compound_id, branch_id, status, origin, created_at, created_by)
        SELECT t.id, t.property_company_id, t.compound_id, c.branch_id, 'open', ${origin}, ${clock.now().toISOString()}::timestamptz, ${actor.userId}
          FROM tenures t JOIN compounds c ON c.id = t.compound_id JOIN branches br ON br.id = c.branch_id
         WHERE t.property_company_id IS NOT NULL AND ${where}
        ON CONFLICT (tenure_id) DO NOTHING
        RETURNING id, tenure_id AS "tenureId", property_company_id AS "propertyCompanyId"`,
  );
  for (const r of rows) {
    await writeAudit(tx, clock, actor, { action: 'billing.settlement.draw_up', entity: 'settlement_statement', entityId: r.id, after: { ...r, origin } });
  }
  return rows.map((r) => r.id);
}

/**
 * The daily job's part: every agent-collecting tenure of the city whose end has passed gets its
 * statement. Idempotent (ON CONFLICT on the tenure), so reruns and other instances add nothing.
 */
export async function drawUpEndedTenures(db: Db, clock: Clock, city: string, today: BusinessDate): Promise<number> {
  return db.transaction(async (tx) => {
    const ids = await insertStatements(
      tx,
      clock,
      systemActor,
      sql`br.city = ${city} AND t.ends_on IS NOT NULL AND t.ends_on <= ${today}::date
          AND (t.collects_as_agent OR EXISTS (SELECT 1 FROM payments p WHERE p.property_company_id = t.property_company_id AND p.channel = 'agent'))`,
      'tenure_ended',
    );
    return ids.length;
  });
}

/** Close the statement: only when everything collected has been remitted (else 422 with the amount). */
export async function closeStatement(deps: { db: Db; clock: Clock }, actor: Actor, id: number): Promise<StatementDetail> {
  if (!hasRole(actor, 'clerk', 'admin')) throw new Forbidden('Settlement statements are closed by the business office', 'office_only');
  const before = await getStatement(deps.db, actor, id);
  await deps.db.transaction(async (tx) => {
    // Lock the statement and the company: no remittance of the company commits between check and close.
    const [row] = await queryRows<{ status: string }>(tx, sql`SELECT status FROM settlement_statements WHERE id = ${id} FOR UPDATE`);
    if (row!.status === 'closed') throw new Conflict(`Settlement statement ${id} is already closed`, undefined, 'settlement_closed');
    await tx.execute(sql`SELECT id FROM property_companies WHERE id = ${before.propertyCompanyId} FOR UPDATE`);
    const [t] = await tenureTotals(tx, sql`t.id = ${before.tenureId}`);
    const owed = t!.collectedFen - t!.remittedFen;
    if (owed !== 0) {
      throw new Invalid(`${before.propertyCompanyName} still owes ¥${(owed / 100).toFixed(2)} (${owed} fen) on this tenure; record its remittance first`, [
        { field: 'owedFen', message: `${owed} fen still owed`, rule: 'still_owed', params: { owedFen: owed } },
      ], 'settlement_still_owed', { company: before.propertyCompanyName, owedFen: owed });
    }
    await tx.execute(
      sql`UPDATE settlement_statements SET status = 'closed', closed_at = ${deps.clock.now().toISOString()}::timestamptz, closed_by = ${actor.userId},
                 collected_fen = ${t!.collectedFen}, remitted_fen = ${t!.remittedFen}, closing = ${JSON.stringify(before.households)}::jsonb
           WHERE id = ${id}`,
    );
    await writeAudit(tx, deps.clock, actor, {
      action: 'billing.settlement.close',
      entity: 'settlement_statement',
      entityId: id,
      before: { status: 'open' },
      after: { status: 'closed', collectedFen: t!.collectedFen, remittedFen: t!.remittedFen },
    });
  });
  return getStatement(deps.db, actor, id);
}

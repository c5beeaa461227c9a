/**
 * The read queries behind positions, reconciliation and settlement statements. An agent payment
 * belongs to the tenure of its company and compound that covers its business date (agent posts
 * are refused outside a tenure, so there is exactly one); a remittance names its tenure.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { BusinessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { knownCities } from '../rulebook/index.ts';
import type { HouseholdCollection, RemittanceLine } from './agent.contract.ts';

/** `(VALUES (city, zone)…) AS z(city, zone)`: business dates of payments in their branch's zone. */
export async function zonesSql(db: Db): Promise<SQL> {
  const cities = await knownCities(db);
  const rows = cities.map((c) => sql`(${c.city}, ${c.rules.city.timeZone})`);
  return sql`(VALUES ${sql.join(rows, sql`, `)}) AS z(city, zone)`;
}

export interface TenureTotalsRow {
  tenureId: number;
  propertyCompanyId: number;
  compoundId: number;
  compoundName: string;
  branchId: number;
  startsOn: string;
  endsOn: string | null;
  collectsAsAgent: boolean;
  settlementId: number | null;
  settlementStatus: 'open' | 'closed' | null;
  collectedFen: number;
  remittedFen: number;
}

/** Collected and remitted per tenure, for the tenures `where` selects (alias t, compound c). */
export async function tenureTotals(db: Db, where: SQL): Promise<TenureTotalsRow[]> {
  const zones = await zonesSql(db);
  const rows = await queryRows<Omit<TenureTotalsRow, 'collectedFen' | 'remittedFen'> & { collected: string; remitted: string }>(
    db,
    sql`SELECT t.id AS "tenureId", t.property_company_id AS "propertyCompanyId", c.id AS "compoundId", c.name AS "compoundName",
               c.branch_id AS "branchId", t.starts_on::text AS "startsOn", t.ends_on::text AS "endsOn", t.collects_as_agent AS "collectsAsAgent",
               s.id AS "settlementId", s.status AS "settlementStatus",
               coalesce(col.fen, 0)::text AS collected, coalesce(rem.fen, 0)::text AS remitted
          FROM tenures t
          JOIN compounds c ON c.id = t.compound_id
          JOIN branches br ON br.id = c.branch_id
          JOIN ${zones} ON z.city = br.city
          LEFT JOIN settlement_statements s ON s.tenure_id = t.id
          LEFT JOIN LATERAL (
            SELECT sum(p.amount_fen) AS fen FROM payments p
              JOIN households h ON h.id = p.household_id JOIN buildings bu ON bu.id = h.building_id
             WHERE p.property_company_id = t.property_company_id AND p.channel = 'agent' AND bu.compound_id = t.compound_id
               AND (p.created_at AT TIME ZONE z.zone)::date >= t.starts_on
               AND (t.ends_on IS NULL OR (p.created_at AT TIME ZONE z.zone)::date < t.ends_on)) col ON true
          LEFT JOIN LATERAL (SELECT sum(r.amount_fen) AS fen FROM remittances r WHERE r.tenure_id = t.id) rem ON true
         WHERE t.property_company_id IS NOT NULL AND ${where}
         ORDER BY t.starts_on, t.id`,
  );
  return rows.map(({ collected, remitted, ...r }) => ({ ...r, collectedFen: Number(collected), remittedFen: Number(remitted) }));
}

export interface CollectionFilter {
  companyId: number;
  compoundId?: number;
  branchIds: number[] | null;
  /** Business dates: from inclusive, before exclusive (null = open). */
  from: BusinessDate | null;
  before: BusinessDate | null;
}

function collectionWhere(f: CollectionFilter, day: SQL): SQL {
  const parts = [sql`p.property_company_id = ${f.companyId}`, sql`p.channel = 'agent'`];
  if (f.compoundId !== undefined) parts.push(sql`bu.compound_id = ${f.compoundId}`);
  if (f.branchIds) parts.push(sql`p.branch_id IN (${sql.join(f.branchIds.map((b) => sql`${b}`), sql`, `)})`);
  if (f.from) parts.push(sql`${day} >= ${f.from}::date`);
  if (f.before) parts.push(sql`${day} < ${f.before}::date`);
  return sql.join(parts, sql` AND `);
}

/** What the company collected per household in the filter's dates, by account number. */
export async function householdCollections(db: Db, f: CollectionFilter): Promise<HouseholdCollection[]> {
  const zones = await zonesSql(db);
  const day = sql`(p.created_at AT TIME ZONE z.zone)::date`;
  const rows = await queryRows<Omit<HouseholdCollection, 'collectedFen'> & { collected: string }>(
    db,
    sql`SELECT h.id AS "householdId", h.account_no AS "accountNo", h.holder_name AS "holderName",
               c.name || ' ' || bu.name || ' ' || e.name || ' ' || h.room AS address,
               count(*)::int AS payments, sum(p.amount_fen)::text AS collected
          FROM payments p
          JOIN branches br ON br.id = p.branch_id
          JOIN ${zones} ON z.city = br.city
          JOIN households h ON h.id = p.household_id
          JOIN entrances e ON e.id = h.entrance_id
          JOIN buildings bu ON bu.id = h.building_id
          JOIN compounds c ON c.id = bu.compound_id
         WHERE ${collectionWhere(f, day)}
         GROUP BY h.id, h.account_no, h.holder_name, c.name, bu.name, e.name, h.room
         ORDER BY h.account_no`,
  );
  return rows.map(({ collected, ...r }) => ({ ...r, collectedFen: Number(collected) }));
}

/** Total collected (no household breakdown), e.g. before a reconciliation period. */
export async function collectedTotal(db: Db, f: CollectionFilter): Promise<number> {
  const zones = await zonesSql(db);
  const day = sql`(p.created_at AT TIME ZONE z.zone)::date`;
  const [row] = await queryRows<{ fen: string }>(
    db,
    sql`SELECT coalesce(sum(p.amount_fen), 0)::text AS fen FROM payments p
          JOIN branches br ON br.id = p.branch_id JOIN ${zones} ON z.city = br.city
          JOIN households h ON h.id = p.household_id JOIN buildings bu ON bu.id = h.building_id
         WHERE ${collectionWhere(f, day)}`,
  );
  return Number(row!.fen);
}

export interface RemittanceFilter {
  companyId: number;
  tenureId?: number;
  branchIds: number[] | null;
  from: BusinessDate | null;
  before: BusinessDate | null;
}

export async function remittanceLines(db: Db, f: RemittanceFilter): Promise<RemittanceLine[]> {
  const parts = [sql`r.property_company_id = ${f.companyId}`];
  if (f.tenureId !== undefined) parts.push(sql`r.tenure_id = ${f.tenureId}`);
  if (f.branchIds) parts.push(sql`r.branch_id IN (${sql.join(f.branchIds.map((b) => sql`${b}`), sql`, `)})`);
  if (f.from) parts.push(sql`r.remitted_on >= ${f.from}::date`);
  if (f.before) parts.push(sql`r.remitted_on < ${f.before}::date`);
  const rows = await queryRows<Omit<RemittanceLine, 'amountFen'> & { amount: string }>(
    db,
    sql`SELECT r.id, r.tenure_id AS "tenureId", r.amount_fen::text AS amount, r.method, r.remitted_on::text AS "remittedOn", r.reference
          FROM remittances r WHERE ${sql.join(parts, sql` AND `)} ORDER BY r.remitted_on, r.id`,
  );
  return rows.map(({ amount, ...r }) => ({ ...r, amountFen: Number(amount) }));
}

export const sumFen = (rows: readonly { amountFen?: number; collectedFen?: number }[]): number =>
  rows.reduce((s, r) => s + (r.amountFen ?? r.collectedFen ?? 0), 0);

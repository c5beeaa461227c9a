/**
 * Who may see or act on a property company's agent money: clerks of a branch where the company
 * has (or had) a tenure, admins, and — read-only — the company's own property managers, who must
 * see what they still owe even after their tenure ended (the statement is addressed to them).
 */
import { sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Forbidden, NotFound } from '../../kernel/errors.ts';

export interface CompanyReach {
  id: number;
  name: string;
  /** Branches whose compounds' money the actor sees; null = all of the company's. */
  branchIds: number[] | null;
}

/** Branches a clerk works in; admins see every branch (null). Others get a 403. */
export function officeBranches(actor: Actor, what: string): number[] | null {
  if (hasRole(actor, 'admin')) return null;
  if (!hasRole(actor, 'clerk')) throw new Forbidden(`${what} is for the business office`, 'office_only');
  const branches = scopeIds(actor, 'branch');
  if (branches.length === 0) throw new Forbidden('Your account has no branch', 'no_branch');
  return branches;
}

export async function companyReach(db: Db, actor: Actor, companyId: number, mode: 'read' | 'write'): Promise<CompanyReach> {
  if (hasRole(actor, 'property_manager')) {
    if (mode === 'write') throw new Forbidden('Remittances are recorded by the heating company when the money arrives', 'office_only');
    if (!scopeIds(actor, 'property_company').includes(companyId)) throw new Forbidden('You see only your own company’s position', 'not_your_company');
    return { ...(await loadCompany(db, companyId)), branchIds: null };
  }
  const branchIds = officeBranches(actor, 'Agent money');
  const company = await loadCompany(db, companyId);
  if (branchIds) {
    const [hit] = await queryRows<{ id: number }>(
      db,
      sql`SELECT t.id FROM tenures t JOIN compounds c ON c.id = t.compound_id
           WHERE t.property_company_id = ${companyId} AND c.branch_id IN (${sql.join(branchIds.map((b) => sql`${b}`), sql`, `)}) LIMIT 1`,
    );
    if (!hit) throw new Forbidden('This property company has no tenure in your branch', 'other_branch');
  }
  return { ...company, branchIds };
}

async function loadCompany(db: Db, id: number): Promise<{ id: number; name: string }> {
  const [row] = await queryRows<{ id: number; name: string }>(db, sql`SELECT id, name FROM property_companies WHERE id = ${id}`);
  if (!row) throw new NotFound('property company', id);
  return row;
}

/** `AND <column> IN (…)` for a branch filter, or nothing when the actor sees all branches. */
export function branchIn(column: ReturnType<typeof sql>, branchIds: number[] | null) {
  if (branchIds === null) return sql``;
  return sql`AND ${column} IN (${sql.join(branchIds.map((b) => sql`${b}`), sql`, `)})`;
}

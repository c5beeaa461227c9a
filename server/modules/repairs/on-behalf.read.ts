/**
 * The on-behalf desk's one search box (代报): a dispatcher on a hotline or 12345 call, or a
 * community liaison beside an elderly resident, types whatever the caller gives — account
 * number, phone, or address — and sees each matching household with the person a request would
 * go to now and the requests it already has open. The registry's own search and scope do the
 * finding (a dispatcher sees their branch, a liaison their community), so this desk can never
 * show a household its user could not open a request for.
 */
import { sql } from 'drizzle-orm';
import { hasRole, type Actor } from '../../kernel/actor.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden } from '../../kernel/errors.ts';
import { householdContext, listHouseholds } from '../registry/index.ts';
import type { OnBehalfHit, OnBehalfHits } from './on-behalf.contract.ts';
import { routeRequest } from './routing.ts';
import { OPEN } from './states.ts';

/** A search box, not a list: the caller narrows the words when there are more. */
const HITS = 8;

export async function searchForReport(deps: Deps, actor: Actor, q: string): Promise<OnBehalfHits> {
  if (!hasRole(actor, 'dispatcher', 'liaison')) throw new Forbidden('Reporting on behalf is for dispatchers and community liaisons', 'role_not_allowed', { role: actor.role });
  const found = await listHouseholds(deps, actor, { q, page: 1, pageSize: HITS });
  const now = deps.clock.now();
  const items: OnBehalfHit[] = [];
  for (const h of found.items) {
    const place = (await householdContext(deps.db, h.id))!;
    items.push({
      householdId: h.id,
      accountNo: h.accountNo,
      holderName: h.holderName,
      phone: h.phone,
      address: h.address,
      communityName: h.communityName,
      gridCode: h.gridCode,
      assignee: await assigneeNow(deps, place, now),
      openRequests: await openRequestsOf(deps, h.id),
    });
  }
  return { items, total: found.total };
}

/** The routing a request opened now would take, with the person's name and published phone. */
async function assigneeNow(deps: Deps, place: { gridId: number; city: string }, now: Date): Promise<OnBehalfHit['assignee']> {
  try {
    const routing = await routeRequest(deps.db, place, now);
    const [user] = await queryRows<{ name: string; phone: string | null }>(deps.db, sql`SELECT name, phone FROM users WHERE id = ${routing.assigneeUserId}`);
    return { userId: routing.assigneeUserId, name: user!.name, phone: user!.phone, via: routing.via };
  } catch (err) {
    // Nobody on duty: the desk shows it (and opening the request says so with a 409).
    if (err instanceof Conflict) return null;
    throw err;
  }
}

async function openRequestsOf(deps: Deps, householdId: number): Promise<OnBehalfHit['openRequests']> {
  const rows = await queryRows<{ id: number; category: OnBehalfHit['openRequests'][number]['category']; status: OnBehalfHit['openRequests'][number]['status']; createdAt: Date }>(
    deps.db,
    sql`SELECT id, category, status, created_at AS "createdAt" FROM repair_requests
        WHERE household_id = ${householdId} AND status IN (${sql.join(OPEN.map((s) => sql`${s}`), sql`, `)})
        ORDER BY created_at DESC, id DESC LIMIT 5`,
  );
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
}

/**
 * Notices: a broadcast (outage, Q&A session, where to pay) to the households of a compound,
 * community, station or grid — by SMS to each household's phone and in-app to each resident
 * account of those households — through the notifier, in one transaction with its audit row and
 * its delivery counts. An audience without a single household is refused (422): a notice sent to
 * nobody must not look sent.
 */
import { sql, type SQL } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { isBranchStaff } from './groups.service.ts';
import type { NoticeView, SendNotice } from './linkage.contract.ts';
import { notices } from './outreach.schema.ts';

/** The households of the audience as a filter on `bu` (buildings) and `c` (compounds). */
function audienceFilter(kind: SendNotice['scopeKind'], id: number): SQL {
  switch (kind) {
    case 'compound': return sql`c.id = ${id}`;
    case 'community': return sql`c.community_id = ${id}`;
    case 'station': return sql`bu.station_id = ${id}`;
    case 'grid': return sql`bu.grid_id = ${id}`;
  }
}

/** The branch and community (when there is one) the scope belongs to; 404 for an unknown scope. */
async function scopeOwner(db: Db, kind: SendNotice['scopeKind'], id: number): Promise<{ branchId: number; communityIds: number[] }> {
  const query = {
    compound: sql`SELECT c.branch_id AS "branchId", array_agg(c.community_id) AS "communityIds" FROM compounds c WHERE c.id = ${id} GROUP BY c.branch_id`,
    community: sql`SELECT min(c.branch_id) AS "branchId", array[${id}::int] AS "communityIds" FROM communities cm LEFT JOIN compounds c ON c.community_id = cm.id WHERE cm.id = ${id} GROUP BY cm.id`,
    station: sql`SELECT s.branch_id AS "branchId", array[]::int[] AS "communityIds" FROM stations s WHERE s.id = ${id}`,
    grid: sql`SELECT se.branch_id AS "branchId", array[]::int[] AS "communityIds" FROM grids g JOIN crews cr ON cr.id = g.crew_id JOIN sections se ON se.id = cr.section_id WHERE g.id = ${id}`,
  }[kind];
  const [row] = await queryRows<{ branchId: number | null; communityIds: number[] }>(db, query);
  if (!row) throw new NotFound(kind, id);
  if (row.branchId === null) throw new Invalid('Nobody lives there yet', [{ field: 'scopeId', message: `${kind} ${id} has no compound, so no households`, rule: 'no_households' }], 'no_households');
  return { branchId: row.branchId, communityIds: row.communityIds };
}

/** Office staff of the branch; a liaison for a compound or the whole of their own community. */
function assertMaySend(actor: Actor, kind: SendNotice['scopeKind'], owner: { branchId: number; communityIds: number[] }): void {
  if (isBranchStaff(actor, owner.branchId)) return;
  if (hasRole(actor, 'liaison') && (kind === 'compound' || kind === 'community') && owner.communityIds.every((c) => scopeIds(actor, 'community').includes(c))) return;
  throw new Forbidden('Notices go out from the branch office, or from a liaison to their own community', 'liaison_or_office');
}

export async function sendNotice(deps: Deps, actor: Actor, input: SendNotice, tx?: Db): Promise<NoticeView> {
  const db = tx ?? deps.db;
  const owner = await scopeOwner(db, input.scopeKind, input.scopeId);
  assertMaySend(actor, input.scopeKind, owner);
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title || !body) throw new Invalid('The notice is empty', [
    ...(!title ? [{ field: 'title', message: 'must not be blank', rule: 'required' }] : []),
    ...(!body ? [{ field: 'body', message: 'must not be blank', rule: 'required' }] : []),
  ], 'notice_empty');
  const send = async (t: Db): Promise<NoticeView> => {
    const audience = await queryRows<{ householdId: number; phone: string | null; residentIds: number[] }>(
      t,
      sql`SELECT h.id AS "householdId", h.phone,
                 coalesce((SELECT array_agg(s.user_id ORDER BY s.user_id) FROM user_scopes s JOIN users u ON u.id = s.user_id
                           WHERE s.kind = 'household' AND s.ref_id = h.id AND u.active AND u.role = 'resident'), '{}') AS "residentIds"
          FROM households h JOIN buildings bu ON bu.id = h.building_id JOIN compounds c ON c.id = bu.compound_id
          WHERE ${audienceFilter(input.scopeKind, input.scopeId)} ORDER BY h.id`,
    );
    if (!audience.length) throw new Invalid('The audience is empty', [{ field: 'scopeId', message: `${input.scopeKind} ${input.scopeId} has no households to notify`, rule: 'no_households' }], 'no_households');
    const text = `【${title}】${body}`;
    const phones = [...new Set(audience.map((a) => a.phone).filter((p): p is string => !!p))];
    const residents = [...new Set(audience.flatMap((a) => a.residentIds))];
    for (const phone of phones) await deps.notifier.send(t, { channel: 'sms', recipient: phone, template: 'notice', body: text });
    for (const userId of residents) await deps.notifier.send(t, { channel: 'inapp', recipient: String(userId), template: 'notice', body: text, data: { title } });
    const [row] = await t
      .insert(notices)
      .values({ branchId: owner.branchId, scopeKind: input.scopeKind, scopeId: input.scopeId, title, body, households: audience.length, smsSent: phones.length, inappSent: residents.length, createdBy: actor.userId, createdAt: deps.clock.now() })
      .returning();
    await writeAudit(t, deps.clock, actor, { action: 'linkage.notice.send', entity: 'notice', entityId: row!.id, after: row });
    return noticeView(row!);
  };
  return tx ? send(tx) : deps.db.transaction(send);
}

export function noticeView(n: typeof notices.$inferSelect): NoticeView {
  return { id: n.id, scopeKind: n.scopeKind, scopeId: n.scopeId, title: n.title, body: n.body, households: n.households, smsSent: n.smsSent, inappSent: n.inappSent, createdAt: n.createdAt.toISOString() };
}

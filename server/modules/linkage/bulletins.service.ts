/**
 * 每日互通: generating bulletins (set-based, in batches of groups, exactly once per group and
 * date), each side acknowledging its own copy, and the noon reminder for copies nobody
 * acknowledged. A bulletin of date D covers [D−1 at the bulletin time, D at the bulletin time)
 * in the city's zone; one issued by hand for a new group covers the 24 hours before it.
 */
import { sql } from 'drizzle-orm';
import { systemActor, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { addDays, startOfBusinessDay, type BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, NotFound } from '../../kernel/errors.ts';
import type { Notifier } from '../../kernel/notify.ts';
import { rulesOn, seasonCodeFor, seasonOf, timeZoneOf, todayIn } from '../rulebook/index.ts';
import { bulletinContents, type BulletinWindow } from './bulletins.sql.ts';
import { assertMember, groupMembers, isBranchStaff, loadGroup } from './groups.service.ts';
import { LINKAGE_SIDES, type LinkageSide } from './linkage.contract.ts';
import { linkageBulletinCopies, linkageBulletins } from './linkage.schema.ts';
import { publishGroupEvent } from './live.ts';

/** Groups per batch: big enough that 2,000 communities are a few batches, small enough to keep each statement short. */
const BATCH = 250;

/** 'HH:MM' local on a business date, as an instant. */
export function atLocalTime(date: BusinessDate, hhmm: string, timeZone: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(startOfBusinessDay(date, timeZone).getTime() + (h! * 60 + m!) * 60_000);
}

/** The season whose fees the bulletin follows: the one running, else the one coming (the vacuum threatens it). */
async function seasonFor(db: Db, city: string, date: BusinessDate): Promise<string> {
  const { rules } = await rulesOn(db, city, date);
  const running = seasonOf(rules, date);
  if (running) return running.code;
  const year = Number(date.slice(0, 4));
  return seasonCodeFor(Number(date.slice(5, 7)) >= 7 ? year : year - 1);
}

/**
 * Generate the bulletins of `date` for the given groups; returns the ids created. ON CONFLICT on
 * (group, date) is the exactly-once guarantee: a second instance, a retried job or a stale
 * reclaim inserts nothing and creates no copies.
 */
export async function generateBulletins(
  db: Db,
  clock: Clock,
  input: { city: string; groupIds: number[]; date: BusinessDate; from: Date; to: Date },
): Promise<number[]> {
  const created: number[] = [];
  const season = await seasonFor(db, input.city, input.date);
  for (let i = 0; i < input.groupIds.length; i += BATCH) {
    const batch = input.groupIds.slice(i, i + BATCH);
    const window: BulletinWindow = { date: input.date, from: input.from, to: input.to, season };
    const contents = await bulletinContents(db, batch, window);
    const now = clock.now();
    const ids = await db.transaction(async (tx) => {
      const rows = await tx
        .insert(linkageBulletins)
        .values(batch.map((groupId) => ({ groupId, bulletinDate: input.date, windowFrom: input.from, windowTo: input.to, generatedAt: now, content: contents.get(groupId)! })))
        .onConflictDoNothing({ target: [linkageBulletins.groupId, linkageBulletins.bulletinDate] })
        .returning({ id: linkageBulletins.id, groupId: linkageBulletins.groupId });
      if (!rows.length) return [];
      await tx.insert(linkageBulletinCopies).values(rows.flatMap((r) => LINKAGE_SIDES.map((side) => ({ bulletinId: r.id, side }))));
      await writeAudit(tx, clock, systemActor, { action: 'linkage.bulletin.generate', entity: 'linkage_bulletin', after: { date: input.date, window: [input.from, input.to], bulletins: rows } });
      for (const r of rows) await publishGroupEvent(tx, r.groupId, { kind: 'bulletin', bulletinId: r.id });
      return rows.map((r) => r.id);
    });
    created.push(...ids);
  }
  return created;
}

/**
 * The daily run for one city: every active group that existed at the bulletin time and has no
 * bulletin of the date yet. A group opened later in the day gets its first one tomorrow (or by hand).
 */
export async function generateDailyBulletins(db: Db, clock: Clock, city: string, date: BusinessDate, generateAt: string): Promise<number> {
  const timeZone = await timeZoneOf(db, city);
  const to = atLocalTime(date, generateAt, timeZone);
  const from = atLocalTime(addDays(date, -1), generateAt, timeZone);
  const groups = await queryRows<{ id: number }>(
    db,
    sql`SELECT g.id FROM linkage_groups g JOIN branches b ON b.id = g.branch_id
        WHERE b.city = ${city} AND g.status = 'active' AND g.created_at <= ${to.toISOString()}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM linkage_bulletins x WHERE x.group_id = g.id AND x.bulletin_date = ${date}::date)
        ORDER BY g.id`,
  );
  if (!groups.length) return 0;
  return (await generateBulletins(db, clock, { city, groupIds: groups.map((g) => g.id), date, from, to })).length;
}

/** An admin issues today's bulletin for a group that has none yet (a group opened after the morning run). */
export async function issueBulletinNow(deps: Deps, actor: Actor, groupId: number): Promise<number> {
  const group = await loadGroup(deps.db, groupId);
  if (actor.role !== 'admin') throw new Forbidden('Only an admin issues a bulletin by hand', 'admin_only');
  if (!isBranchStaff(actor, group.branchId)) throw new Forbidden('This group belongs to another branch', 'other_branch');
  const date = await todayIn(deps.db, deps.clock, group.city);
  const to = deps.clock.now();
  const [id] = await generateBulletins(deps.db, deps.clock, { city: group.city, groupIds: [groupId], date, from: new Date(to.getTime() - 24 * 3_600_000), to });
  if (id === undefined) throw new Conflict(`The group has its bulletin of ${date} already`, undefined, 'bulletin_exists', { date });
  await writeAudit(deps.db, deps.clock, actor, { action: 'linkage.bulletin.issue', entity: 'linkage_bulletin', entityId: id, after: { groupId, date } });
  return id;
}

/** One side acknowledges its own copy; the other side's copy is theirs to acknowledge (403). */
export async function acknowledgeBulletin(deps: Deps, actor: Actor, bulletinId: number, side: LinkageSide): Promise<void> {
  const [b] = await deps.db.select({ groupId: linkageBulletins.groupId }).from(linkageBulletins).where(sql`${linkageBulletins.id} = ${bulletinId}`);
  if (!b) throw new NotFound('bulletin', bulletinId);
  const group = await loadGroup(deps.db, b.groupId);
  const mySide = await assertMember(deps.db, deps.clock, actor, group);
  if (mySide !== side) throw new Forbidden(`You are on the ${mySide} side; the ${side} side acknowledges its own copy`, 'other_side_copy');
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(linkageBulletinCopies)
      .set({ acknowledgedBy: actor.userId, acknowledgedAt: deps.clock.now() })
      .where(sql`${linkageBulletinCopies.bulletinId} = ${bulletinId} AND ${linkageBulletinCopies.side} = ${side} AND ${linkageBulletinCopies.acknowledgedAt} IS NULL`)
      .returning();
    if (!row) throw new Conflict(`The ${side} side's copy is acknowledged already`, undefined, 'already_acknowledged');
    await writeAudit(tx, deps.clock, actor, { action: 'linkage.bulletin.acknowledge', entity: 'linkage_bulletin', entityId: bulletinId, after: row });
    await publishGroupEvent(tx, b.groupId, { kind: 'ack', bulletinId });
  });
}

/**
 * Noon: every copy of the date's bulletins still unacknowledged reminds its side's members
 * (in-app), once — the UPDATE … RETURNING claims the copies, so two instances never remind twice.
 */
export async function remindUnacknowledged(db: Db, clock: Clock, notifier: Notifier, city: string, date: BusinessDate): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await queryRows<{ bulletinId: number; side: LinkageSide; groupId: number; communityId: number; groupName: string }>(
      tx,
      sql`UPDATE linkage_bulletin_copies k SET reminded_at = ${clock.now().toISOString()}::timestamptz
          FROM linkage_bulletins x JOIN linkage_groups g ON g.id = x.group_id JOIN branches b ON b.id = g.branch_id
          WHERE k.bulletin_id = x.id AND x.bulletin_date = ${date}::date AND b.city = ${city}
            AND k.acknowledged_at IS NULL AND k.reminded_at IS NULL
          RETURNING k.bulletin_id AS "bulletinId", k.side, g.id AS "groupId", g.community_id AS "communityId", g.name AS "groupName"`,
    );
    for (const c of claimed) {
      const members = (await groupMembers(tx, c.communityId, date)).filter((m) => m.side === c.side);
      for (const m of members) {
        await notifier.send(tx, {
          channel: 'inapp',
          recipient: String(m.userId),
          template: 'linkage_bulletin_unacknowledged',
          body: `${c.groupName} ${date} 每日互通尚未确认，请尽快查阅并确认`,
          data: { bulletinId: c.bulletinId, groupId: c.groupId, side: c.side },
        });
      }
    }
    if (claimed.length) await writeAudit(tx, clock, systemActor, { action: 'linkage.bulletin.remind', entity: 'linkage_bulletin', after: { date, copies: claimed.map(({ bulletinId, side }) => ({ bulletinId, side })) } });
    return claimed.length;
  });
}

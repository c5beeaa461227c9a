/**
 * 特殊时期: the branch office declares a special period for a compound or a whole community;
 * requests opened in it run on the rulebook's `special` SLA profile (the repairs module reads
 * `special_periods` when it opens a request). Periods are half-open business-date ranges
 * [startsOn, endsOn) in the city's time zone.
 *
 * Two periods covering the same compound never overlap: a compound's period clashes with the
 * compound's other periods and with its community's, a community's with the community's and any
 * of its compounds'. The check runs under a lock on the community row, so two office clerks
 * declaring at once cannot both pass it.
 */
import { sql } from 'drizzle-orm';
import { scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { addDays, type BusinessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, type FieldProblem } from '../../kernel/errors.ts';
import { seasonContaining, todayIn } from '../rulebook/index.ts';
import { vacuumIntervals } from '../tenure/index.ts';
import type { DeclarePeriod, EndPeriod, PeriodView } from './emergency.contract.ts';
import { isBranchStaff } from './groups.service.ts';
import { specialPeriods } from './outreach.schema.ts';

interface Place {
  kind: 'compound' | 'community';
  id: number;
  name: string;
  communityId: number;
  branchId: number;
  city: string;
}

async function placeOf(db: Db, input: Pick<DeclarePeriod, 'compoundId' | 'communityId'>): Promise<Place> {
  if ((input.compoundId === undefined) === (input.communityId === undefined)) {
    const message = 'give exactly one of compoundId and communityId';
    const rule = 'compound_or_community';
    throw new Invalid('Say where the special period applies', [{ field: 'compoundId', message, rule }, { field: 'communityId', message, rule }], 'compound_or_community');
  }
  const rows = input.compoundId !== undefined
    ? await queryRows<Place>(db, sql`SELECT 'compound' AS kind, c.id, c.name, c.community_id AS "communityId", c.branch_id AS "branchId", b.city
                                     FROM compounds c JOIN branches b ON b.id = c.branch_id WHERE c.id = ${input.compoundId}`)
    : await queryRows<Place>(db, sql`SELECT 'community' AS kind, cm.id, cm.name, cm.id AS "communityId", min(c.branch_id) AS "branchId", min(b.city) AS city
                                     FROM communities cm LEFT JOIN compounds c ON c.community_id = cm.id LEFT JOIN branches b ON b.id = c.branch_id
                                     WHERE cm.id = ${input.communityId} GROUP BY cm.id`);
  const place = rows[0];
  if (!place) throw new NotFound(input.compoundId !== undefined ? 'compound' : 'community', input.compoundId ?? input.communityId);
  if (place.branchId === null) throw new Invalid('The community has no compound yet', [{ field: 'communityId', message: 'has no compound, so no branch serves it', rule: 'community_without_compound' }], 'community_without_compound');
  return place;
}

function assertOffice(actor: Actor, branchId: number): void {
  if (!isBranchStaff(actor, branchId)) throw new Forbidden('Special periods are declared by the office staff of the branch', 'branch_office_only');
}

/**
 * The vacuum in force today: the compound's own, or for a community the span of its compounds'
 * current vacuums. An open-ended vacuum (no next tenure yet) runs to the end of the season.
 */
async function defaultDates(db: Db, place: Place, today: BusinessDate): Promise<{ startsOn: BusinessDate; endsOn: BusinessDate } | null> {
  const ids = place.kind === 'compound'
    ? [place.id]
    : (await queryRows<{ id: number }>(db, sql`SELECT id FROM compounds WHERE community_id = ${place.id} ORDER BY id`)).map((r) => r.id);
  const horizon = addDays(today, 366);
  let seasonEnd: BusinessDate | null = null;
  const spans: { startsOn: BusinessDate; endsOn: BusinessDate }[] = [];
  for (const id of ids) {
    const { intervals } = await vacuumIntervals(db, id, addDays(today, -366), horizon);
    const now = intervals.find((i) => i.start <= today && today < i.end);
    if (!now) continue;
    let end = now.end;
    if (end === horizon) {
      seasonEnd ??= await seasonContaining(db, place.city, today).then((s) => s.end, () => null);
      if (seasonEnd === null) return null;
      end = seasonEnd;
    }
    spans.push({ startsOn: now.start, endsOn: end });
  }
  if (!spans.length) return null;
  return { startsOn: spans.map((s) => s.startsOn).sort()[0]!, endsOn: spans.map((s) => s.endsOn).sort().at(-1)! };
}

/** Periods that would cover one of the place's compounds on a day of [startsOn, endsOn). */
async function clashes(tx: Db, place: Place, startsOn: BusinessDate, endsOn: BusinessDate, exceptId = 0): Promise<{ id: number; startsOn: string; endsOn: string }[]> {
  const same = place.kind === 'compound'
    ? sql`(sp.compound_id = ${place.id} OR sp.community_id = ${place.communityId})`
    : sql`(sp.community_id = ${place.id} OR sp.compound_id IN (SELECT id FROM compounds WHERE community_id = ${place.id}))`;
  return queryRows(
    tx,
    sql`SELECT sp.id, to_char(sp.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(sp.ends_on, 'YYYY-MM-DD') AS "endsOn" FROM special_periods sp
        WHERE ${same} AND sp.starts_on < ${endsOn}::date AND sp.ends_on > ${startsOn}::date AND sp.id <> ${exceptId} ORDER BY sp.starts_on`,
  );
}

export async function declarePeriod(deps: Deps, actor: Actor, input: DeclarePeriod): Promise<number> {
  const place = await placeOf(deps.db, input);
  assertOffice(actor, place.branchId);
  const today = await todayIn(deps.db, deps.clock, place.city);
  const reason = input.reason.trim();
  const problems: FieldProblem[] = [];
  if (!reason) problems.push({ field: 'reason', message: 'must not be blank', rule: 'required' });
  const vacuum = input.startsOn === undefined || input.endsOn === undefined ? await defaultDates(deps.db, place, today) : null;
  // A declaration cannot change the SLA of requests already opened: it starts today at the earliest.
  const startsOn = input.startsOn ?? (vacuum ? (vacuum.startsOn > today ? vacuum.startsOn : today) : undefined);
  const endsOn = input.endsOn ?? vacuum?.endsOn;
  if (startsOn === undefined) problems.push({ field: 'startsOn', message: `${place.kind} ${place.id} is not in a vacuum today: give the dates`, rule: 'dates_required' });
  if (endsOn === undefined) problems.push({ field: 'endsOn', message: `${place.kind} ${place.id} is not in a vacuum today: give the dates`, rule: 'dates_required' });
  if (startsOn !== undefined && startsOn < today) problems.push({ field: 'startsOn', message: `must not be before today (${today})`, rule: 'in_past', params: { today } });
  if (startsOn !== undefined && endsOn !== undefined && endsOn <= startsOn) problems.push({ field: 'endsOn', message: `must be after startsOn (${startsOn}); endsOn is exclusive`, rule: 'after_start', params: { start: startsOn } });
  if (problems.length) throw new Invalid('The special period cannot be declared', problems, 'invalid_special_period');
  return deps.db.transaction(async (tx) => {
    await queryRows(tx, sql`SELECT id FROM communities WHERE id = ${place.communityId} FOR UPDATE`);
    const clash = await clashes(tx, place, startsOn!, endsOn!);
    if (clash.length) {
      const list = clash.map((c) => `#${c.id} ${c.startsOn}–${c.endsOn}`).join(', ');
      throw new Invalid('Special periods of the same place may not overlap', [
        { field: 'startsOn', message: `overlaps special period ${list}`, rule: 'overlap', params: { periodIds: clash.map((c) => c.id) } },
      ], 'special_period_overlap', { periods: list });
    }
    const [row] = await tx
      .insert(specialPeriods)
      .values({
        branchId: place.branchId,
        communityId: place.kind === 'community' ? place.id : null,
        compoundId: place.kind === 'compound' ? place.id : null,
        startsOn: startsOn!,
        endsOn: endsOn!,
        reason,
        createdBy: actor.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    await writeAudit(tx, deps.clock, actor, { action: 'linkage.special_period.declare', entity: 'special_period', entityId: row!.id, after: row });
    return row!.id;
  });
}

/** End a period early: by default it no longer covers today (or, if it began today, ends tonight). */
export async function endPeriod(deps: Deps, actor: Actor, id: number, input: EndPeriod): Promise<void> {
  const period = await loadPeriod(deps, actor, id);
  const today = await todayIn(deps.db, deps.clock, period.city);
  if (period.endsOn <= today) throw new Conflict('The special period is over already', { endsOn: period.endsOn }, 'period_over', { endsOn: period.endsOn });
  const endsOn = input.endsOn ?? (today > period.startsOn ? today : addDays(period.startsOn, 1));
  const problems: FieldProblem[] = [];
  if (endsOn < today) problems.push({ field: 'endsOn', message: `must not be before today (${today})`, rule: 'in_past', params: { today } });
  if (endsOn <= period.startsOn) problems.push({ field: 'endsOn', message: `must be after the start (${period.startsOn})`, rule: 'after_start', params: { start: period.startsOn } });
  if (endsOn >= period.endsOn) problems.push({ field: 'endsOn', message: `must be before the planned end (${period.endsOn}) to end it early`, rule: 'before_planned_end', params: { endsOn: period.endsOn } });
  if (problems.length) throw new Invalid('The special period cannot end then', problems, 'invalid_special_period');
  await deps.db.transaction(async (tx) => {
    const [after] = await queryRows(tx, sql`UPDATE special_periods SET ends_on = ${endsOn}::date WHERE id = ${id} AND ends_on = ${period.endsOn}::date RETURNING *`);
    if (!after) throw new Conflict('The special period changed meanwhile; reload and try again', undefined, 'stale');
    await writeAudit(tx, deps.clock, actor, { action: 'linkage.special_period.end', entity: 'special_period', entityId: id, before: { endsOn: period.endsOn }, after: { endsOn } });
  });
}

const periodSelect = sql`
  SELECT sp.id, sp.branch_id AS "branchId", CASE WHEN sp.compound_id IS NULL THEN 'community' ELSE 'compound' END AS "placeKind",
         coalesce(sp.compound_id, sp.community_id) AS "placeId", coalesce(c.name, cm.name) AS "placeName",
         to_char(sp.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(sp.ends_on, 'YYYY-MM-DD') AS "endsOn", sp.reason, sp.created_at AS "createdAt", b.city
  FROM special_periods sp JOIN branches b ON b.id = sp.branch_id
  LEFT JOIN compounds c ON c.id = sp.compound_id LEFT JOIN communities cm ON cm.id = sp.community_id`;

export type PeriodRow = Omit<PeriodView, 'state' | 'createdAt'> & { createdAt: Date | string; city: string };

export function view(p: PeriodRow, today: BusinessDate): PeriodView {
  const state = today < p.startsOn ? 'upcoming' : today < p.endsOn ? 'active' : 'ended';
  const { city: _city, ...rest } = p;
  return { ...rest, state, createdAt: new Date(p.createdAt).toISOString() };
}

export async function loadPeriod(deps: Deps, actor: Actor, id: number): Promise<PeriodRow> {
  const [p] = await queryRows<PeriodRow>(deps.db, sql`${periodSelect} WHERE sp.id = ${id}`);
  if (!p) throw new NotFound('special period', id);
  assertOffice(actor, p.branchId);
  return p;
}

export async function periodView(deps: Deps, actor: Actor, id: number): Promise<PeriodView> {
  const p = await loadPeriod(deps, actor, id);
  return view(p, await todayIn(deps.db, deps.clock, p.city));
}

/** The branch's periods (office staff), newest first. */
export async function listPeriods(deps: Deps, actor: Actor, q: { branchId?: number | undefined }): Promise<PeriodView[]> {
  const scoped = scopeIds(actor, 'branch');
  if (q.branchId !== undefined) assertOffice(actor, q.branchId);
  const where = q.branchId !== undefined ? sql`sp.branch_id = ${q.branchId}` : scoped.length ? sql`sp.branch_id IN (${sql.join(scoped.map((b) => sql`${b}`), sql`, `)})` : sql`true`;
  const rows = await queryRows<PeriodRow>(deps.db, sql`${periodSelect} WHERE ${where} ORDER BY sp.starts_on DESC, sp.id DESC LIMIT 500`);
  if (!rows.length) return [];
  const today = await todayIn(deps.db, deps.clock, rows[0]!.city);
  return rows.map((r) => view(r, today));
}

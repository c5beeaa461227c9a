/**
 * Suspension and resumption applications (报停 / 复热). A resident applies for their own household,
 * a clerk for a household of their branch; only inside the rulebook's change window, and always
 * for the next season to start (recorded on the application). A clerk of the branch approves or
 * rejects; approval sets the household's registry status going forward, and the bill run of the
 * application's season bills what was approved (suspension.status.ts) — even if it runs later.
 * Once that season's bill exists nothing can change it here (a credit note would, not this).
 */
import { sql, type SQL } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { businessDate } from '../../kernel/business-time.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, sqlState } from '../../kernel/errors.ts';
import { changeWindowOf, inChangeWindowOn, rulesFor } from '../rulebook/index.ts';
import { householdForReading, type BillingHousehold } from './household-access.ts';
import type { ApplySuspension, DecideSuspension, SuspensionListQuery, SuspensionOutlook, SuspensionView } from './suspension.contract.ts';
import { suspensionApplications } from './suspension.schema.ts';
import { householdStatusForSeason, seasonAfter } from './suspension.status.ts';

type SuspensionDeps = Pick<Deps, 'db' | 'clock' | 'notifier'>;

/** Today in the household's city, the change window of this year, and the season it would change. */
async function changeContext(db: Db, clock: Deps['clock'], household: BillingHousehold) {
  const { rules } = await rulesFor(db, household.city, clock.now());
  const today = businessDate(clock.now(), rules.city.timeZone);
  const window = changeWindowOf(rules, Number(today.slice(0, 4)));
  const inWindow = await inChangeWindowOn(db, household.city, today);
  return { today, window, inWindow, season: seasonAfter(rules, today).code };
}

async function seasonBilled(db: Db, householdId: number, season: string): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(db, sql`SELECT id FROM bills WHERE household_id = ${householdId} AND season = ${season}`);
  return rows.length > 0;
}

const billedProblem = (season: string) =>
  new Invalid(`The bill of season ${season} is already issued; a change now needs a credit note, not an application`, [
    { field: 'householdId', message: `season ${season} is already billed`, rule: 'season_already_billed', params: { season } },
  ], 'season_already_billed', { season });

const selectViews = sql`
  SELECT a.id, a.household_id AS "householdId", h.account_no AS "accountNo",
         concat_ws(' ', c.name, bu.name, e.name, h.room) AS address, h.holder_name AS "holderName", c.branch_id AS "branchId",
         a.season, a.kind, a.status, a.to_status AS "toStatus", a.reason,
         to_char(a.applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "appliedAt", ua.name AS "appliedByName",
         to_char(a.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "decidedAt", ud.name AS "decidedByName",
         a.decision_note AS "decisionNote"
    FROM suspension_applications a
    JOIN households h ON h.id = a.household_id
    JOIN entrances e ON e.id = h.entrance_id
    JOIN buildings bu ON bu.id = h.building_id
    JOIN compounds c ON c.id = bu.compound_id
    LEFT JOIN users ua ON ua.id = a.applied_by
    LEFT JOIN users ud ON ud.id = a.decided_by`;

async function viewOf(db: Db, id: number): Promise<SuspensionView> {
  const [row] = await queryRows<SuspensionView>(db, sql`${selectViews} WHERE a.id = ${id}`);
  if (!row) throw new NotFound('suspension application', id);
  return row;
}

export async function applyForSuspension(deps: SuspensionDeps, actor: Actor, input: ApplySuspension): Promise<SuspensionView> {
  const household = await householdForReading(deps.db, actor, input.householdId);
  const ctx = await changeContext(deps.db, deps.clock, household);
  if (!ctx.inWindow) {
    throw new Invalid(
      `Suspension and resumption are accepted only in the change window ${ctx.window.start} – ${ctx.window.end}; today is ${ctx.today}`,
      [{ field: 'kind', message: `outside the change window ${ctx.window.start} – ${ctx.window.end}`, rule: 'outside_change_window', params: { start: ctx.window.start, end: ctx.window.end } }],
      'outside_change_window',
      { start: ctx.window.start, end: ctx.window.end, today: ctx.today },
    );
  }
  const toStatus = input.kind === 'suspend' ? 'suspended' : 'heating';
  try {
    return await deps.db.transaction(async (tx) => {
      // One application at a time per household: its row lock orders concurrent ones.
      await tx.execute(sql`SELECT id FROM households WHERE id = ${household.id} FOR UPDATE`);
      const status = await householdStatusForSeason(tx, household.id, ctx.season);
      if (status === 'disconnected') {
        throw new Invalid('The household is disconnected from the network; ask the branch office', [{ field: 'householdId', message: 'is disconnected', rule: 'disconnected' }], 'household_disconnected');
      }
      if (status === toStatus) {
        const already = input.kind === 'suspend' ? 'already suspended' : 'not suspended';
        throw new Invalid(`Household ${household.id} is ${already} for season ${ctx.season}`, [{ field: 'kind', message: `${already} for ${ctx.season}`, rule: input.kind === 'suspend' ? 'already_suspended' : 'not_suspended', params: { season: ctx.season } }], input.kind === 'suspend' ? 'already_suspended' : 'not_suspended', { season: ctx.season });
      }
      if (await seasonBilled(tx, household.id, ctx.season)) throw billedProblem(ctx.season);
      const [row] = await tx
        .insert(suspensionApplications)
        .values({
          householdId: household.id,
          season: ctx.season,
          kind: input.kind,
          status: 'pending',
          toStatus,
          reason: input.reason?.trim() || null,
          appliedBy: actor.userId,
          appliedAt: deps.clock.now(),
        })
        .returning();
      await writeAudit(tx, deps.clock, actor, { action: `billing.suspension.apply`, entity: 'suspension_application', entityId: row!.id, after: row });
      return viewOf(tx, row!.id);
    });
  } catch (err) {
    if (sqlState(err) === '23505') {
      throw new Conflict(`Household ${household.id} already has an application waiting for a decision for season ${ctx.season}`, [
        { field: 'householdId', message: 'an application is pending', rule: 'application_pending' },
      ], 'application_pending', { season: ctx.season });
    }
    throw err;
  }
}

function mayDecide(actor: Actor, branchId: number): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'clerk') && scopeIds(actor, 'branch').includes(branchId));
}

export async function decideSuspension(
  deps: SuspensionDeps,
  actor: Actor,
  id: number,
  decision: 'approve' | 'reject',
  input: DecideSuspension,
): Promise<SuspensionView> {
  if (!hasRole(actor, 'clerk', 'admin')) throw new Forbidden('Applications are decided by the branch office', 'office_only');
  return deps.db.transaction(async (tx) => {
    const [app] = await tx.select().from(suspensionApplications).where(sql`id = ${id}`).for('update');
    if (!app) throw new NotFound('suspension application', id);
    const before = await viewOf(tx, id);
    if (!mayDecide(actor, before.branchId)) throw new Forbidden('This household belongs to another branch', 'other_branch');
    if (app.status !== 'pending') throw new Conflict(`Application ${id} was already ${app.status}`, [], 'already_decided', { status: app.status });
    const now = deps.clock.now();
    const note = input.note?.trim() || null;
    if (decision === 'approve') {
      await tx.execute(sql`SELECT id FROM households WHERE id = ${app.householdId} FOR UPDATE`);
      if (await seasonBilled(tx, app.householdId, app.season)) throw billedProblem(app.season);
      // An earlier approval for the same season is replaced; the status before both is kept.
      const [prior] = await queryRows<{ id: number; status_before: string }>(
        tx,
        sql`UPDATE suspension_applications SET status = 'superseded'
             WHERE household_id = ${app.householdId} AND season = ${app.season} AND status = 'approved'
             RETURNING id, status_before`,
      );
      const current = prior ? prior.status_before : await householdStatusForSeason(tx, app.householdId, app.season);
      if (current === 'disconnected') {
        throw new Invalid('The household is disconnected from the network', [{ field: 'householdId', message: 'is disconnected', rule: 'disconnected' }], 'household_disconnected');
      }
      await tx.execute(sql`UPDATE suspension_applications
                              SET status = 'approved', status_before = ${current}, decided_by = ${actor.userId}, decided_at = ${now.toISOString()}::timestamptz, decision_note = ${note}
                            WHERE id = ${id}`);
      await tx.execute(sql`UPDATE households SET status = ${app.toStatus}, updated_at = ${now.toISOString()}::timestamptz WHERE id = ${app.householdId}`);
    } else {
      await tx.execute(sql`UPDATE suspension_applications
                              SET status = 'rejected', decided_by = ${actor.userId}, decided_at = ${now.toISOString()}::timestamptz, decision_note = ${note}
                            WHERE id = ${id}`);
    }
    const after = await viewOf(tx, id);
    await writeAudit(tx, deps.clock, actor, { action: `billing.suspension.${decision}`, entity: 'suspension_application', entityId: id, before, after });
    await notifyApplicant(deps, tx, app.householdId, after);
    return after;
  });
}

/** The household's phone hears the decision (through the outbox, never silently nowhere). */
async function notifyApplicant(deps: SuspensionDeps, tx: Db, householdId: number, view: SuspensionView): Promise<void> {
  const [h] = await queryRows<{ phone: string | null }>(tx, sql`SELECT phone FROM households WHERE id = ${householdId}`);
  if (!h?.phone) return;
  const what = view.kind === 'suspend' ? '报停' : '复热';
  const result = view.status === 'approved' ? '已批准' : '未获批准';
  await deps.notifier.send(tx, {
    channel: 'sms',
    recipient: h.phone,
    template: 'suspension_decided',
    body: `您户号 ${view.accountNo} 的 ${view.season} 采暖期${what}申请${result}${view.decisionNote ? `：${view.decisionNote}` : '。'}`,
    data: { applicationId: view.id, status: view.status, season: view.season },
  });
}

/** Residents see their households' applications; clerks their branches'; admins all. */
export async function listSuspensions(db: Db, actor: Actor, query: SuspensionListQuery): Promise<{ items: SuspensionView[] }> {
  const where = [sql`true`];
  if (hasRole(actor, 'resident')) where.push(sql`a.household_id IN (${sql.join([0, ...scopeIds(actor, 'household')].map((i) => sql`${i}`), sql`, `)})`);
  else if (hasRole(actor, 'clerk')) where.push(sql`c.branch_id IN (${sql.join([0, ...scopeIds(actor, 'branch')].map((i) => sql`${i}`), sql`, `)})`);
  else if (!hasRole(actor, 'admin')) throw new Forbidden('Suspension applications are shown to the household and the branch office', 'role_not_allowed', { role: actor.role });
  if (query.status) where.push(sql`a.status = ${query.status}`);
  if (query.householdId) where.push(sql`a.household_id = ${query.householdId}`);
  return { items: await viewsWhere(db, where) };
}

function viewsWhere(db: Db, where: SQL[]): Promise<SuspensionView[]> {
  return queryRows<SuspensionView>(db, sql`${selectViews} WHERE ${sql.join(where, sql` AND `)} ORDER BY a.applied_at DESC, a.id DESC LIMIT 500`);
}

/** What the resident's page needs: may they apply today, for which season, and what they asked before. */
export async function suspensionOutlook(deps: SuspensionDeps, actor: Actor, householdId: number): Promise<SuspensionOutlook> {
  const household = await householdForReading(deps.db, actor, householdId);
  const ctx = await changeContext(deps.db, deps.clock, household);
  const items = await viewsWhere(deps.db, [sql`a.household_id = ${household.id}`]);
  return {
    householdId: household.id,
    today: ctx.today,
    window: ctx.window,
    inWindow: ctx.inWindow,
    season: ctx.season,
    statusForSeason: await householdStatusForSeason(deps.db, household.id, ctx.season),
    applications: items,
  };
}

/**
 * 解答会: schedule a session in a community (never in the past), tell its households by a notice,
 * mark it held, record what was asked with the answer and, where something is still to do, who
 * follows it up by when; published answers make the public FAQ (no sign-in), by topic, zh/en.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { writeAudit } from '../../kernel/audit.ts';
import { businessDate } from '../../kernel/business-time.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound, type FieldProblem } from '../../kernel/errors.ts';
import { timeZoneOf, todayIn } from '../rulebook/index.ts';
import { users } from '../accounts/index.ts';
import { communities } from '../registry/index.ts';
import { isBranchStaff } from './groups.service.ts';
import type { FaqEntry, FaqTopic, QuestionView, RecordQuestion, ScheduleSession, SessionView } from './linkage.contract.ts';
import { noticeView, sendNotice } from './notices.service.ts';
import { notices, qaQuestions, qaSessions } from './outreach.schema.ts';

async function communityPlace(deps: Deps, communityId: number): Promise<{ branchId: number; city: string; name: string }> {
  const [row] = await queryRows<{ branchId: number | null; city: string | null; name: string }>(
    deps.db,
    sql`SELECT cm.name, min(c.branch_id) AS "branchId", min(b.city) AS city FROM communities cm
        LEFT JOIN compounds c ON c.community_id = cm.id LEFT JOIN branches b ON b.id = c.branch_id WHERE cm.id = ${communityId} GROUP BY cm.id`,
  );
  if (!row) throw new NotFound('community', communityId);
  if (row.branchId === null) throw new Invalid('The community has no compound yet', [{ field: 'communityId', message: 'has no households to invite', rule: 'no_households' }], 'no_households');
  return { branchId: row.branchId, city: row.city!, name: row.name };
}

function assertOrganiser(actor: Actor, communityId: number, branchId: number): void {
  if (isBranchStaff(actor, branchId)) return;
  if (hasRole(actor, 'liaison') && scopeIds(actor, 'community').includes(communityId)) return;
  throw new Forbidden('Q&A sessions are organised by the branch office or the community’s liaison', 'liaison_or_office');
}

export async function scheduleSession(deps: Deps, actor: Actor, input: ScheduleSession): Promise<number> {
  const place = await communityPlace(deps, input.communityId);
  assertOrganiser(actor, input.communityId, place.branchId);
  const startsAt = new Date(input.startsAt);
  const problems: FieldProblem[] = [];
  if (startsAt.getTime() <= deps.clock.now().getTime()) problems.push({ field: 'startsAt', message: `is in the past (now ${deps.clock.now().toISOString()})`, rule: 'in_past_time' });
  if (!input.place.trim()) problems.push({ field: 'place', message: 'must not be blank', rule: 'required' });
  const staff = input.staff.map((s) => s.trim()).filter(Boolean);
  if (!staff.length) problems.push({ field: 'staff', message: 'name at least one member of staff', rule: 'minItems', params: { limit: 1 } });
  if (problems.length) throw new Invalid('The session cannot be scheduled', problems, 'invalid_qa_session');
  const tz = await timeZoneOf(deps.db, place.city);
  const when = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(startsAt);
  return deps.db.transaction(async (tx) => {
    // The invitation goes to every household of the community; an empty community is refused there.
    const notice = await sendNotice(deps, actor, { scopeKind: 'community', scopeId: input.communityId, title: '供暖解答会', body: `${when} 在${input.place.trim()}召开供暖解答会（缴费、室温、报修、物业交接），欢迎居民参加。` }, tx);
    const [row] = await tx
      .insert(qaSessions)
      .values({ communityId: input.communityId, branchId: place.branchId, place: input.place.trim(), startsAt, staff, noticeId: notice.id, createdBy: actor.userId, createdAt: deps.clock.now() })
      .returning();
    await writeAudit(tx, deps.clock, actor, { action: 'linkage.qa.schedule', entity: 'qa_session', entityId: row!.id, after: row });
    return row!.id;
  });
}

async function loadSession(deps: Deps, actor: Actor, id: number) {
  const [s] = await deps.db.select().from(qaSessions).where(eq(qaSessions.id, id));
  if (!s) throw new NotFound('Q&A session', id);
  assertOrganiser(actor, s.communityId, s.branchId);
  return s;
}

/** Held on (or after) its day: staff often write it up the same evening. */
export async function markHeld(deps: Deps, actor: Actor, id: number): Promise<void> {
  const s = await loadSession(deps, actor, id);
  if (s.heldAt) throw new Conflict('The session is marked held already', undefined, 'already_held');
  const [b] = await queryRows<{ city: string }>(deps.db, sql`SELECT city FROM branches WHERE id = ${s.branchId}`);
  const tz = await timeZoneOf(deps.db, b!.city);
  if (businessDate(s.startsAt, tz) > businessDate(deps.clock.now(), tz)) {
    throw new Invalid('The session has not taken place yet', [{ field: 'heldAt', message: `the session is on ${businessDate(s.startsAt, tz)}`, rule: 'session_later', params: { date: businessDate(s.startsAt, tz) } }], 'session_not_held_yet', { date: businessDate(s.startsAt, tz) });
  }
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.update(qaSessions).set({ heldAt: deps.clock.now() }).where(eq(qaSessions.id, id)).returning();
    await writeAudit(tx, deps.clock, actor, { action: 'linkage.qa.held', entity: 'qa_session', entityId: id, before: s, after: row });
  });
}

export async function recordQuestion(deps: Deps, actor: Actor, sessionId: number, input: RecordQuestion): Promise<QuestionView> {
  const s = await loadSession(deps, actor, sessionId);
  const problems: FieldProblem[] = [];
  if (!s.heldAt) problems.push({ field: 'sessionId', message: 'mark the session held before recording its questions', rule: 'session_not_held' });
  if ((input.followUpUserId === undefined) !== (input.followUpDueOn === undefined)) {
    problems.push({ field: input.followUpUserId === undefined ? 'followUpUserId' : 'followUpDueOn', message: 'a follow-up needs both an owner and a due date', rule: 'follow_up_pair' });
  }
  const [b] = await queryRows<{ city: string }>(deps.db, sql`SELECT city FROM branches WHERE id = ${s.branchId}`);
  const today = await todayIn(deps.db, deps.clock, b!.city);
  if (input.followUpDueOn !== undefined && input.followUpDueOn < today) problems.push({ field: 'followUpDueOn', message: `is in the past (today ${today})`, rule: 'in_past', params: { today } });
  if (input.followUpUserId !== undefined) {
    const [u] = await deps.db.select({ role: users.role, active: users.active }).from(users).where(eq(users.id, input.followUpUserId));
    if (!u || !u.active || u.role === 'resident') problems.push({ field: 'followUpUserId', message: 'must be an active member of staff', rule: 'not_active_staff' });
  }
  for (const k of ['questionZh', 'answerZh', 'questionEn', 'answerEn'] as const) if (!input[k].trim()) problems.push({ field: k, message: 'must not be blank', rule: 'required' });
  if (problems.length) throw new Invalid('The question cannot be recorded', problems, 'invalid_qa_entry');
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx
      .insert(qaQuestions)
      .values({
        sessionId,
        topic: input.topic,
        questionZh: input.questionZh.trim(),
        answerZh: input.answerZh.trim(),
        questionEn: input.questionEn.trim(),
        answerEn: input.answerEn.trim(),
        followUpUserId: input.followUpUserId ?? null,
        followUpDueOn: input.followUpDueOn ?? null,
        published: input.publish ?? false,
        publishedAt: input.publish ? now : null,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    await writeAudit(tx, deps.clock, actor, { action: 'linkage.qa.question', entity: 'qa_question', entityId: row!.id, after: row });
    if (row!.followUpUserId) {
      await deps.notifier.send(tx, { channel: 'inapp', recipient: String(row!.followUpUserId), template: 'qa_follow_up', body: `解答会问题待跟进（${row!.followUpDueOn} 前）：${row!.questionZh}`, data: { questionId: row!.id, sessionId } });
    }
    return questionView(row!);
  });
}

export async function publishQuestion(deps: Deps, actor: Actor, questionId: number, published: boolean): Promise<QuestionView> {
  const [q] = await deps.db.select().from(qaQuestions).where(eq(qaQuestions.id, questionId));
  if (!q) throw new NotFound('question', questionId);
  await loadSession(deps, actor, q.sessionId);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.update(qaQuestions).set({ published, publishedAt: published ? deps.clock.now() : null }).where(eq(qaQuestions.id, questionId)).returning();
    await writeAudit(tx, deps.clock, actor, { action: published ? 'linkage.qa.publish' : 'linkage.qa.unpublish', entity: 'qa_question', entityId: questionId, before: q, after: row });
    return questionView(row!);
  });
}

function questionView(q: typeof qaQuestions.$inferSelect): QuestionView {
  return { id: q.id, sessionId: q.sessionId, topic: q.topic, questionZh: q.questionZh, answerZh: q.answerZh, questionEn: q.questionEn, answerEn: q.answerEn, followUpUserId: q.followUpUserId, followUpDueOn: q.followUpDueOn, published: q.published };
}

/** Sessions the actor organises: the branch's (office staff) or the community's (liaison), newest first. */
export async function listSessions(deps: Deps, actor: Actor): Promise<SessionView[]> {
  const branchIds = scopeIds(actor, 'branch');
  const where = hasRole(actor, 'liaison')
    ? inArray(qaSessions.communityId, [0, ...scopeIds(actor, 'community')])
    : hasRole(actor, 'admin', 'clerk', 'dispatcher') ? (branchIds.length ? inArray(qaSessions.branchId, branchIds) : undefined) : inArray(qaSessions.id, [0]);
  const rows = await deps.db
    .select({ s: qaSessions, communityName: communities.name, n: notices })
    .from(qaSessions)
    .innerJoin(communities, eq(communities.id, qaSessions.communityId))
    .leftJoin(notices, eq(notices.id, qaSessions.noticeId))
    .where(where)
    .orderBy(desc(qaSessions.startsAt))
    .limit(200);
  const ids = rows.map((r) => r.s.id);
  const qs = ids.length ? await deps.db.select().from(qaQuestions).where(inArray(qaQuestions.sessionId, ids)).orderBy(asc(qaQuestions.id)) : [];
  return rows.map(({ s, communityName, n }) => ({
    id: s.id,
    communityId: s.communityId,
    communityName,
    place: s.place,
    startsAt: s.startsAt.toISOString(),
    staff: s.staff,
    heldAt: s.heldAt?.toISOString() ?? null,
    notice: n ? noticeView(n) : null,
    questions: qs.filter((q) => q.sessionId === s.id).map(questionView),
  }));
}

/** The public FAQ: published answers, by topic, searched in either language. */
export async function publicFaq(deps: Deps, q: { topic?: FaqTopic; q?: string }): Promise<FaqEntry[]> {
  const conds = [eq(qaQuestions.published, true)];
  if (q.topic) conds.push(eq(qaQuestions.topic, q.topic));
  const term = q.q?.trim();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${qaQuestions.questionZh} ILIKE ${like} OR ${qaQuestions.answerZh} ILIKE ${like} OR ${qaQuestions.questionEn} ILIKE ${like} OR ${qaQuestions.answerEn} ILIKE ${like})`);
  }
  const rows = await deps.db
    .select({ q: qaQuestions, community: communities.name, startsAt: qaSessions.startsAt })
    .from(qaQuestions)
    .innerJoin(qaSessions, eq(qaSessions.id, qaQuestions.sessionId))
    .innerJoin(communities, eq(communities.id, qaSessions.communityId))
    .where(and(...conds))
    .orderBy(asc(qaQuestions.topic), desc(qaQuestions.publishedAt))
    .limit(500);
  return rows.map(({ q: x, community, startsAt }) => ({ id: x.id, topic: x.topic, questionZh: x.questionZh, answerZh: x.answerZh, questionEn: x.questionEn, answerEn: x.answerEn, community, askedOn: businessDate(startsAt, 'Asia/Shanghai') }));
}

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { makeCompound } from '../../test/factories.ts';
import { auditCount, makeLinkageCity, runModeChanges, type LinkageCity } from './linkage.test-kit.ts';

describe('notices, Q&A sessions, the public FAQ and the roll-out board', () => {
  let t: TestApp;
  let city: LinkageCity;
  let sessionId: number;

  beforeAll(async () => {
    t = await createTestApp(); // 10:00 Shanghai, 20 Nov 2026
    city = await makeLinkageCity(t);
    await t.loginAs('resident', [{ kind: 'household', refId: city.householdId }]);
    await runModeChanges(t, '2026-11-20');
  }, 240_000);
  afterAll(async () => t.close());

  it('broadcasts a notice by SMS and in-app and counts delivery', async () => {
    const res = await city.admin.post('/api/notices', { scopeKind: 'compound', scopeId: city.vacuumCompoundId, title: '缴费地点', body: '临时缴费点设在社区服务站' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ households: 1, smsSent: 1, inappSent: 1 });
    const sent = await queryRows<{ channel: string }>(t.deps.db, sql`SELECT channel FROM outbox WHERE template = 'notice' ORDER BY channel`);
    expect(sent.map((s) => s.channel)).toEqual(['inapp', 'sms']);
  });

  it('refuses a notice to an empty audience (422) and sends nothing', async () => {
    const empty = await makeCompound(t.deps.db, { branchId: city.branchId, communityId: city.communityId });
    const before = await auditCount(t, 'linkage.notice.send');
    const res = await city.admin.post('/api/notices', { scopeKind: 'compound', scopeId: empty.id, title: '停热通知', body: '明日检修' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'no_households', details: [{ field: 'scopeId', message: expect.stringContaining('no households'), rule: 'no_households' }] });
    expect(await auditCount(t, 'linkage.notice.send')).toBe(before);
    // A liaison may not broadcast to another community.
    expect((await city.liaison.post('/api/notices', { scopeKind: 'community', scopeId: city.otherCommunityId, title: 'x', body: 'y' })).json().error.code).toBe('liaison_or_office');
  });

  it('refuses a Q&A session in the past (422), schedules one in the future and invites the households', async () => {
    const past = await city.liaison.post('/api/qa-sessions', { communityId: city.communityId, place: '社区活动室', startsAt: '2026-11-19T10:00:00.000Z', staff: ['张伟'] });
    expect(past.statusCode).toBe(422);
    expect(past.json().error.details[0].field).toBe('startsAt');
    const res = await city.liaison.post('/api/qa-sessions', { communityId: city.communityId, place: '社区活动室', startsAt: '2026-11-20T11:00:00.000Z', staff: ['张伟', '刘芳'] });
    expect(res.statusCode).toBe(201);
    sessionId = res.json().id;
    expect(res.json()).toMatchObject({ heldAt: null, notice: { scopeKind: 'community', households: 1 } });
    expect((await city.otherLiaison.post(`/api/qa-sessions/${sessionId}/held`)).statusCode).toBe(403);
  });

  it('records questions once held, with follow-ups, and publishes answers to the public FAQ', async () => {
    const q = { topic: 'payment', questionZh: '物业撤场后去哪里缴费？', answerZh: '到社区临时缴费点或线上缴费，直接缴给热力公司。', questionEn: 'Where do we pay after the property company left?', answerEn: 'At the temporary collection point or online, directly to the heating company.' };
    const early = await city.liaison.post(`/api/qa-sessions/${sessionId}/questions`, q);
    expect(early.statusCode).toBe(422);
    expect((await city.liaison.post(`/api/qa-sessions/${sessionId}/held`)).statusCode).toBe(200);
    const half = await city.liaison.post(`/api/qa-sessions/${sessionId}/questions`, { ...q, followUpUserId: city.steward.actorId });
    expect(half.statusCode).toBe(422);
    expect(half.json().error.details[0].field).toBe('followUpDueOn');
    const recorded = await city.liaison.post(`/api/qa-sessions/${sessionId}/questions`, { ...q, followUpUserId: city.steward.actorId, followUpDueOn: '2026-11-25', publish: true });
    expect(recorded.statusCode).toBe(201);
    const hidden = await city.liaison.post(`/api/qa-sessions/${sessionId}/questions`, { topic: 'temperature', questionZh: '室温多少算达标？', answerZh: '卧室、起居室不低于18℃。', questionEn: 'What indoor temperature is the standard?', answerEn: 'At least 18 °C in bedrooms and living rooms.' });
    expect(hidden.statusCode).toBe(201);

    const faq = await t.anon.get('/api/public/faq');
    expect(faq.statusCode).toBe(200);
    expect(faq.json().items.map((e: { questionZh: string }) => e.questionZh)).toEqual(['物业撤场后去哪里缴费？']);
    expect((await city.liaison.put(`/api/qa-questions/${hidden.json().id}/published`, { published: true })).statusCode).toBe(200);
    expect((await t.anon.get('/api/public/faq?topic=temperature')).json().items.map((e: { answerEn: string }) => e.answerEn)).toEqual(['At least 18 °C in bedrooms and living rooms.']);
    expect((await t.anon.get(`/api/public/faq?q=${encodeURIComponent('缴费')}`)).json().items).toHaveLength(1);
    expect((await t.anon.get('/api/public/faq?q=online')).json().items).toHaveLength(1);
    expect((await t.anon.get('/api/public/faq?topic=nonsense')).statusCode).toBe(400);
  });

  it("computes the roll-out board's checklist from the data", async () => {
    const res = await city.admin.get('/api/linkage/rollout');
    expect(res.statusCode).toBe(200);
    const board = res.json();
    expect(board.compounds.map((c: { compoundId: number }) => c.compoundId)).toContain(city.vacuumCompoundId);
    const vacuum = board.compounds.find((c: { compoundId: number }) => c.compoundId === city.vacuumCompoundId);
    expect(vacuum.checklist).toEqual({ stewardPublished: true, collectionPointOpen: false, groupActive: true, qaHeld: true, noticePosted: true });
    expect(vacuum.done).toBe(4);
    expect(board.progress.byItem.groupActive).toBeGreaterThanOrEqual(1);
    expect((await city.liaison.get('/api/linkage/rollout')).statusCode).toBe(403);
    // A company-wide admin names the branch.
    expect((await (await t.loginAs('admin')).get('/api/linkage/rollout')).json().error.code).toBe('no_branch');
  });
});

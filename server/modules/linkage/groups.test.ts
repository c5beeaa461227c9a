import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { auditCount, makeLinkageCity, runModeChanges, type LinkageCity } from './linkage.test-kit.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 1)]);

describe('linkage groups and their thread', () => {
  let t: TestApp;
  let city: LinkageCity;
  let groupId: number;

  beforeAll(async () => {
    t = await createTestApp();
    city = await makeLinkageCity(t);
    await runModeChanges(t, '2026-11-20');
    groupId = await city.groupId();
  }, 240_000);
  afterAll(async () => t.close());

  it('opens one group for the community holding a direct-mode compound, none for the managed one, idempotently', async () => {
    const again = (await runModeChanges(t, '2026-11-20')) as { linkageGroupsCreated: number };
    expect(again.linkageGroupsCreated).toBe(0);
    const rows = await queryRows<{ community_id: number; origin: string }>(t.deps.db, sql`SELECT community_id, origin FROM linkage_groups`);
    expect(rows).toEqual([{ community_id: city.communityId, origin: 'auto' }]);
    expect(await auditCount(t, 'linkage.group.create')).toBe(1);
  });

  it('derives members of both sides and shows the vacuum compound', async () => {
    const res = await city.liaison.get(`/api/linkage/groups/${groupId}`);
    expect(res.statusCode).toBe(200);
    const g = res.json();
    expect(g.mySide).toBe('community');
    expect(g.vacuumCompounds.map((c: { id: number }) => c.id)).toEqual([city.vacuumCompoundId]);
    const sides = Object.fromEntries(g.members.map((m: { userId: number; side: string }) => [m.userId, m.side]));
    expect(sides).toEqual({
      [city.steward.actorId]: 'heating',
      [city.deputy.actorId]: 'heating',
      [city.crewLead.actorId]: 'heating',
      [city.liaison.actorId]: 'community',
    });
    expect((await city.otherLiaison.get(`/api/linkage/groups/${groupId}`)).statusCode).toBe(403);
    expect((await city.admin.get(`/api/linkage/groups/${groupId}`)).json().mySide).toBeNull();
  });

  it('lets members post (audited) and refuses a non-member with 403', async () => {
    const before = await auditCount(t, 'linkage.message.post');
    const posted = await city.steward.post(`/api/linkage/groups/${groupId}/messages`, { body: '3号楼今日巡检正常' });
    expect(posted.statusCode).toBe(201);
    expect(posted.json()).toMatchObject({ side: 'heating', body: '3号楼今日巡检正常', authorName: '网格员 张伟' });
    expect(await auditCount(t, 'linkage.message.post')).toBe(before + 1);

    for (const outsider of [city.otherSteward, city.otherLiaison, city.admin]) {
      const res = await outsider.post(`/api/linkage/groups/${groupId}/messages`, { body: '我不在群里' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('not_a_member');
    }
    expect(await auditCount(t, 'linkage.message.post')).toBe(before + 1);
    const thread = (await city.liaison.get(`/api/linkage/groups/${groupId}/messages`)).json().items;
    expect(thread.map((m: { body: string }) => m.body)).toEqual(['3号楼今日巡检正常']);
    expect((await city.liaison.get(`/api/linkage/groups/${groupId}/messages?afterId=${thread[0].id}`)).json().items).toEqual([]);
  });

  it('takes a small checked attachment and serves it only to readers of the group', async () => {
    const res = await city.liaison.post(`/api/linkage/groups/${groupId}/messages`, {
      body: '住户拍的暖气片照片',
      attachment: { fileName: '暖气片.png', contentType: 'image/png', dataBase64: PNG.toString('base64') },
    });
    expect(res.statusCode).toBe(201);
    const [file] = res.json().attachments;
    expect(file).toMatchObject({ fileName: '暖气片.png', contentType: 'image/png', sizeBytes: PNG.length });
    const download = await city.steward.get(`/api/linkage/attachments/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.rawPayload.equals(PNG)).toBe(true);
    expect((await city.otherLiaison.get(`/api/linkage/attachments/${file.id}`)).statusCode).toBe(403);
  });

  it.each([
    ['a type not allowed', { fileName: 'a.exe', contentType: 'application/x-msdownload', dataBase64: PNG.toString('base64') }, 'attachment.contentType'],
    ['content that is not the declared type', { fileName: 'a.png', contentType: 'image/png', dataBase64: Buffer.from('%PDF-1.4 x').toString('base64') }, 'attachment.dataBase64'],
    ['a file over the size limit', { fileName: 'big.txt', contentType: 'text/plain', dataBase64: Buffer.alloc(512 * 1024 + 3, 65).toString('base64') }, 'attachment.dataBase64'],
    ['broken base64', { fileName: 'a.txt', contentType: 'text/plain', dataBase64: 'not base64!' }, 'attachment.dataBase64'],
    ['a path as file name', { fileName: '../etc/passwd', contentType: 'text/plain', dataBase64: Buffer.from('hi').toString('base64') }, 'attachment.fileName'],
  ])('refuses an attachment with %s (422, nothing written)', async (_what, attachment, field) => {
    const before = (await city.liaison.get(`/api/linkage/groups/${groupId}/messages`)).json().items.length;
    const res = await city.liaison.post(`/api/linkage/groups/${groupId}/messages`, { body: '附件', attachment });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.map((p: { field: string }) => p.field)).toContain(field);
    expect((await city.liaison.get(`/api/linkage/groups/${groupId}/messages`)).json().items.length).toBe(before);
  });

  it('lets the liaison raise a request for a resident; the steward is told and the thread links it', async () => {
    const res = await city.liaison.post(`/api/linkage/groups/${groupId}/requests`, { householdId: city.householdId, category: 'not_warm', note: '独居老人，家中偏冷', callerName: '刘芳' });
    expect(res.statusCode).toBe(201);
    const { requestId, message } = res.json();
    expect(message).toMatchObject({ side: 'community', repairRequestId: requestId });
    const [r] = await queryRows<{ channel: string; assignee_user_id: number }>(t.deps.db, sql`SELECT channel, assignee_user_id FROM repair_requests WHERE id = ${requestId}`);
    expect(r).toEqual({ channel: 'liaison', assignee_user_id: city.steward.actorId });
    // Outside the community: repairs refuses, nothing is posted.
    const outside = await city.liaison.post(`/api/linkage/groups/${groupId}/requests`, { householdId: city.otherHouseholdId, category: 'leak' });
    expect(outside.statusCode).toBe(403);
    // The heating side opens requests in its own queue, not here.
    expect((await city.steward.post(`/api/linkage/groups/${groupId}/requests`, { householdId: city.householdId, category: 'leak' })).statusCode).toBe(403);
  });

  it('lets an admin open a group for another community once (409 the second time), not a steward', async () => {
    expect((await city.steward.post('/api/linkage/groups', { communityId: city.otherCommunityId })).statusCode).toBe(403);
    const res = await city.admin.post('/api/linkage/groups', { communityId: city.otherCommunityId });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ origin: 'admin', communityId: city.otherCommunityId, vacuumCompounds: [] });
    expect((await city.admin.post('/api/linkage/groups', { communityId: city.otherCommunityId })).statusCode).toBe(409);
    const mine = (await city.otherLiaison.get('/api/linkage/groups')).json().items;
    expect(mine.map((g: { communityId: number }) => g.communityId)).toEqual([city.otherCommunityId]);
  });
});

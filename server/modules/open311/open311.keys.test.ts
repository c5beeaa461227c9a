import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { households } from '../registry/index.ts';
import { makeRepairsCity, type RepairsCity } from '../repairs/repairs.test-kit.ts';
import { errorsOf, postForm } from './open311.test-kit.ts';

let t: TestApp;
let city: RepairsCity;
let admin: Client;
let accountNo: string;

beforeAll(async () => {
  t = await createTestApp();
  city = await makeRepairsCity(t);
  admin = await t.loginAs('admin');
  const [h] = await t.deps.db.select({ accountNo: households.accountNo }).from(households).where(eq(households.id, city.householdId));
  accountNo = h!.accountNo;
});
afterAll(async () => t.close());

const issue = async (clientName: string) => (await admin.post('/api/open311/keys', { clientName })).json<{ id: number; apiKey: string }>();
const post = (apiKey: string, extra: Record<string, string> = {}) =>
  postForm(t, '/open311/v2/requests.xml', { api_key: apiKey, service_code: 'no_heat', address_id: accountNo, ...extra });
const counts = async () =>
  (await queryRows<{ requests: number; details: number; opened: number; told: number }>(
    t.deps.db,
    sql`SELECT (SELECT count(*)::int FROM repair_requests) AS requests, (SELECT count(*)::int FROM open311_requests) AS details,
               (SELECT count(*)::int FROM audit_log WHERE action = 'repair.open') AS opened,
               (SELECT count(*)::int FROM outbox WHERE template = 'repair_new') AS told`,
  ))[0]!;

describe('revoking an Open311 API key', () => {
  it('an admin revokes a key: audited, and its next post gets Open311\'s 403 while other keys still work', async () => {
    const leaked = await issue('旧热线平台');
    const current = await issue('市12345热线');
    expect((await post(leaked.apiKey)).statusCode).toBe(200);
    const res = await admin.delete(`/api/open311/keys/${leaked.id}`);
    expect(res.statusCode).toBe(204);
    const refused = await post(leaked.apiKey);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^text\/xml/);
    expect(errorsOf(refused)).toEqual([{ code: '403', description: 'api_key is not valid or has been revoked' }]);
    expect((await post(current.apiKey)).statusCode).toBe(200);
    const [audit] = await queryRows<{ actor_id: number; before: { active: boolean; clientName: string }; after: { active: boolean } }>(
      t.deps.db,
      sql`SELECT actor_id, before, after FROM audit_log WHERE action = 'open311.key.revoke' AND entity_id = ${String(leaked.id)}`,
    );
    expect(audit).toMatchObject({ actor_id: admin.actorId, before: { active: true, clientName: '旧热线平台' }, after: { active: false } });
    expect(JSON.stringify(audit)).not.toContain(leaked.apiKey.slice(12));
  });

  it('refuses others (403), unknown keys (404) and a second revocation (409), changing nothing', async () => {
    const key = await issue('测试平台');
    expect((await city.steward.delete(`/api/open311/keys/${key.id}`)).statusCode).toBe(403);
    expect((await t.anon.delete(`/api/open311/keys/${key.id}`)).statusCode).toBe(401);
    expect((await post(key.apiKey)).statusCode).toBe(200); // still valid after the refusals
    expect((await admin.delete('/api/open311/keys/999999')).json().error.code).toBe('not_found');
    expect((await admin.delete(`/api/open311/keys/${key.id}`)).statusCode).toBe(204);
    const again = await admin.delete(`/api/open311/keys/${key.id}`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_revoked');
    expect((await admin.delete('/api/open311/keys/abc')).statusCode).toBe(400);
  });
});

describe('an Open311 post is all or nothing', () => {
  it('when its hotline details cannot be saved, no request, audit row or steward message is left behind', async () => {
    const key = await issue('原子性测试');
    // Make the details insert fail, as a full disk or a constraint would, after the request was written.
    // One statement per call: PGlite's extended protocol takes no multi-statement strings.
    await t.deps.db.execute(sql.raw(`CREATE FUNCTION test_refuse_details() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'details refused for the test'; END $$`));
    await t.deps.db.execute(sql.raw(`CREATE TRIGGER test_refuse_details BEFORE INSERT ON open311_requests
        FOR EACH ROW WHEN (NEW.first_name = 'boom') EXECUTE FUNCTION test_refuse_details()`));
    const before = await counts();
    const failed = await post(key.apiKey, { first_name: 'boom' });
    expect(failed.statusCode).toBe(500);
    expect(errorsOf(failed)[0]!.code).toBe('500');
    expect(await counts()).toEqual(before);

    const ok = await post(key.apiKey, { first_name: '张' });
    expect(ok.statusCode).toBe(200);
    expect(await counts()).toEqual({ requests: before.requests + 1, details: before.details + 1, opened: before.opened + 1, told: before.told + 2 }); // in-app + SMS to the steward
  });
});

import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../kernel/kernel.schema.ts';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { households } from '../registry/index.ts';
import { repairRequests } from '../repairs/index.ts';
import { makeRepairsCity, walk, type RepairsCity } from '../repairs/repairs.test-kit.ts';
import { open311ApiKeys } from './open311.schema.ts';
import { child, errorsOf, names, parseXml, postForm, textOf } from './open311.test-kit.ts';

let t: TestApp;
let city: RepairsCity;
let admin: Client;
let apiKey: string;
let accountNo: string;

const get = (url: string) => t.app.inject({ method: 'GET', url });
const post = (fields: Record<string, string>, fmt = 'xml') => postForm(t, `/open311/v2/requests.${fmt}`, fields);
const shanghai = (d: Date) => `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
const OFFSET_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

async function openOne(fields: Record<string, string> = {}): Promise<number> {
  const res = await post({ api_key: apiKey, service_code: 'no_heat', address_id: accountNo, ...fields }, 'json');
  if (res.statusCode !== 200) throw new Error(`post failed: ${res.statusCode} ${res.body}`);
  return Number(res.json()[0].service_request_id);
}

beforeAll(async () => {
  t = await createTestApp();
  city = await makeRepairsCity(t);
  admin = await t.loginAs('admin');
  const res = await admin.post('/api/open311/keys', { clientName: '市12345热线' });
  expect(res.statusCode).toBe(201);
  apiKey = res.json().apiKey;
  const [h] = await t.deps.db.select({ accountNo: households.accountNo }).from(households).where(eq(households.id, city.householdId));
  accountNo = h!.accountNo;
});
afterAll(async () => t.close());

describe('Open311 API keys', () => {
  it('are issued by admins only, shown once, and audited without the key', async () => {
    expect((await city.steward.post('/api/open311/keys', { clientName: 'x' })).statusCode).toBe(403);
    expect((await t.anon.post('/api/open311/keys', { clientName: 'x' })).statusCode).toBe(401);
    expect(apiKey).toMatch(/^o311_[\w-]{32}$/);
    const rows = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, 'open311.key.create'));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(rows[0])).not.toContain(apiKey.slice(12));
    const [stored] = await queryRows<{ key_hash: string }>(t.deps.db, sql`SELECT key_hash FROM open311_api_keys`);
    expect(stored!.key_hash).not.toContain(apiKey);
  });
});

describe('POST requests', () => {
  it('refuses a post without a key, or with a wrong or revoked one, with 403 Open311 errors', async () => {
    const noKey = await post({ service_code: 'no_heat', address_id: accountNo });
    expect(noKey.statusCode).toBe(403);
    expect(errorsOf(noKey)).toEqual([{ code: '403', description: 'api_key is required' }]);
    const wrong = await post({ api_key: 'o311_not-a-real-key', service_code: 'no_heat', address_id: accountNo }, 'json');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()[0].code).toBe(403);
    const other = (await admin.post('/api/open311/keys', { clientName: '旧平台' })).json();
    await t.deps.db.update(open311ApiKeys).set({ active: false }).where(eq(open311ApiKeys.id, other.id));
    const revoked = await post({ api_key: other.apiKey, service_code: 'no_heat', address_id: accountNo });
    expect(revoked.statusCode).toBe(403);
    expect(errorsOf(revoked)[0]!.description).toMatch(/not valid or has been revoked/);
  });

  it('refuses unknown service codes, missing locations and unknown account numbers with 400', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ service_code: 'heat_pump', address_id: accountNo }, /service_code heat_pump is not a known service/],
      [{ address_id: accountNo }, /service_code is required/],
      [{ service_code: 'no_heat', lat: '34.75', long: '113.62' }, /address_id .* lat\/long or address_string alone cannot be routed/],
      [{ service_code: 'no_heat', address_string: '金水路1号' }, /cannot be routed/],
      [{ service_code: 'no_heat' }, /A location is required/],
      [{ service_code: 'no_heat', address_id: 'NOPE-000' }, /not a known household account number/],
      [{ service_code: 'no_heat', address_id: accountNo, description: 'x'.repeat(4001) }, /description is longer than 4000/],
      [{ service_code: 'no_heat', address_id: accountNo, lat: 'north' }, /lat must be a number/],
      [{ service_code: 'leak', address_id: accountNo, 'attribute[leak_where]': 'roof' }, /must be one of/],
      [{ service_code: 'no_heat', address_id: accountNo, 'attribute[leak_where]': 'indoor' }, /not an attribute of service no_heat/],
      [{ service_code: 'no_heat', address_id: accountNo, media_url: 'javascript:alert(1)' }, /media_url/],
    ];
    const before = await t.deps.db.$count(repairRequests);
    for (const [fields, message] of cases) {
      const res = await post({ api_key: apiKey, ...fields });
      expect(res.statusCode, JSON.stringify(fields)).toBe(400);
      expect(errorsOf(res)[0]!.description).toMatch(message);
    }
    expect(await t.deps.db.$count(repairRequests)).toBe(before);
  });

  it('opens a request routed to the household’s steward, on channel 12345, as the client', async () => {
    const res = await post({
      api_key: apiKey,
      service_code: 'leak',
      address_id: accountNo,
      description: '暖气片接口滴水',
      'attribute[leak_where]': 'indoor',
      first_name: '三',
      last_name: '张',
      phone: '13912345678',
      email: 'caller@example.com',
      account_id: 'hotline-user-7',
      device_id: 'dev-1',
      media_url: 'https://img.example.com/a.jpg',
      lat: '34.75',
      long: '113.62',
    });
    expect(res.statusCode).toBe(200);
    const root = parseXml(res.body);
    expect(root.name).toBe('service_requests');
    const request = root.children[0]!;
    expect(root.children.map((c) => c.name)).toEqual(['request']);
    expect(names(request)).toEqual(['service_request_id', 'service_notice', 'account_id']);
    expect(textOf(request, 'account_id')).toBe('hotline-user-7');
    expect(textOf(request, 'service_notice')).toContain('网格员 王');
    const id = Number(textOf(request, 'service_request_id'));
    const [row] = await t.deps.db.select().from(repairRequests).where(eq(repairRequests.id, id));
    expect(row).toMatchObject({ householdId: city.householdId, category: 'leak', channel: '12345', assigneeUserId: city.steward.actorId, note: '暖气片接口滴水\n漏水位置：户内' });
    const [reporter] = await queryRows<{ name: string; role: string }>(t.deps.db, sql`SELECT name, role FROM users WHERE id = ${row!.reportedBy}`);
    expect(reporter).toEqual({ name: '12345 · 市12345热线', role: 'dispatcher' });
    const audits = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.entity, 'repair_request'), eq(auditLog.entityId, String(id))));
    expect(audits.map((a) => a.action).sort()).toEqual(['open311.request.create', 'repair.open']);
    // The request records who called (代报): the platform holding the key, with the phone it gave.
    expect((await city.steward.get(`/api/repairs/${id}`)).json().caller).toEqual({ name: '市12345热线', phone: '13912345678', caseRef: null });
    // The steward hears of it like any other request.
    const [notice] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM outbox WHERE template = 'repair_new' AND body LIKE ${`%#${id}%`}`);
    expect(notice!.n).toBeGreaterThan(0);

    // Reading it back: the specification's fields, no personal data of the resident or the caller.
    const one = await get(`/open311/v2/requests/${id}.xml`);
    expect(one.statusCode).toBe(200);
    const list = parseXml(one.body);
    expect(list.name).toBe('service_requests');
    expect(list.children).toHaveLength(1);
    const r = list.children[0]!;
    expect(names(r)).toEqual([
      'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
      'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
    ]);
    expect(textOf(r, 'status')).toBe('open');
    expect(textOf(r, 'service_name')).toBe('漏水');
    expect(textOf(r, 'address_id')).toBe(accountNo);
    expect(textOf(r, 'agency_responsible')).toContain('网格员 王');
    expect(textOf(r, 'media_url')).toBe('https://img.example.com/a.jpg');
    expect(textOf(r, 'lat')).toBe('34.75');
    expect(textOf(r, 'requested_datetime')).toBe(shanghai(row!.createdAt));
    expect(textOf(r, 'requested_datetime')).toMatch(/^2026-11-20T10:\d{2}:\d{2}\+08:00$/);
    expect(textOf(r, 'expected_datetime')).toBe(shanghai(row!.resolveDueAt));
    const [holder] = await t.deps.db.select().from(households).where(eq(households.id, city.householdId));
    for (const secret of [holder!.holderName, holder!.phone!, '13912345678', 'caller@example.com', '张', holder!.room]) {
      expect(one.body).not.toContain(secret);
    }
    const json = (await get(`/open311/v2/requests/${id}.json`)).json();
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'leak', zipcode: null, address_id: accountNo });
    expect(json[0].updated_datetime).toMatch(OFFSET_ISO);
  });

  it('takes JSON bodies too, and answers an oversize form with a 413 Open311 error', async () => {
    const json = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: apiKey, service_code: 'valve', address_id: accountNo } });
    expect(json.statusCode).toBe(200);
    expect(json.json()[0].service_request_id).toBeGreaterThan(0);
    const big = await post({ api_key: apiKey, service_code: 'valve', address_id: accountNo, description: 'x'.repeat(70_000) });
    expect(big.statusCode).toBe(413);
    expect(errorsOf(big)[0]!.code).toBe('413');
  });

  it('escapes <&>"\' in a description, and JSON carries it verbatim', async () => {
    const nasty = `<b>暖气</b> & "pipe" 'valve' ]]> <!-- x -->`;
    const id = await openOne({ description: nasty });
    const xml = await get(`/open311/v2/requests/${id}.xml`);
    expect(xml.body).toContain('&lt;b&gt;暖气&lt;/b&gt; &amp; &quot;pipe&quot; &apos;valve&apos; ]]&gt; &lt;!-- x --&gt;');
    expect(textOf(parseXml(xml.body).children[0]!, 'description')).toBe(nasty);
    expect((await get(`/open311/v2/requests/${id}.json`)).json()[0].description).toBe(nasty);
  });
});

describe('GET requests', () => {
  it('carries the steward’s latest note and maps the states to open/closed', async () => {
    const id = await openOne();
    const accepted = await city.steward.post(`/api/repairs/${id}/transitions`, { to: 'accepted', note: '已电话联系，下午上门' });
    expect(accepted.statusCode).toBe(200);
    let r = (await get(`/open311/v2/requests/${id}.json`)).json()[0];
    expect(r).toMatchObject({ status: 'open', status_notes: '已电话联系，下午上门' });
    await walk(city.steward, id, 'on_site', 'resolved');
    expect((await get(`/open311/v2/requests/${id}.json`)).json()[0].status).toBe('open');
    const confirmed = await city.resident.post(`/api/repairs/${id}/transitions`, { to: 'confirmed' });
    expect(confirmed.statusCode).toBe(200);
    r = (await get(`/open311/v2/requests/${id}.json`)).json()[0];
    expect(r.status).toBe('closed');
    expect(r.service_notice).toBeNull();

    const closed = (await get('/open311/v2/requests.json?status=closed')).json();
    expect(closed.map((x: { service_request_id: number }) => x.service_request_id)).toContain(id);
    expect(closed.every((x: { status: string }) => x.status === 'closed')).toBe(true);
    const open = (await get('/open311/v2/requests.json?status=open')).json();
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((x: { status: string }) => x.status === 'open')).toBe(true);
  });

  it('filters by an id list (overriding the rest), service code and dates', async () => {
    const a = await openOne();
    const b = await openOne({ service_code: 'noise' });
    const byIds = await get(`/open311/v2/requests.xml?service_request_id=${a},${b}&service_code=leak&status=closed`);
    expect(byIds.statusCode).toBe(200);
    const ids = parseXml(byIds.body).children.map((r) => Number(textOf(r, 'service_request_id')));
    expect(ids.sort()).toEqual([a, b].sort());
    const noise = (await get('/open311/v2/requests.json?service_code=noise')).json();
    expect(noise.map((r: { service_request_id: number }) => r.service_request_id)).toEqual([b]);
    const inWindow = (await get('/open311/v2/requests.json?start_date=2026-11-20T09:00:00%2B08:00&end_date=2026-11-20T11:00:00%2B08:00')).json();
    expect(inWindow.length).toBeGreaterThanOrEqual(2);
    const before = (await get('/open311/v2/requests.json?start_date=2026-10-01&end_date=2026-11-01')).json();
    expect(before).toEqual([]);
  });

  it('refuses spans over 90 days and malformed filters with 400', async () => {
    for (const q of ['start_date=2026-01-01&end_date=2026-11-20', 'start_date=yesterday', 'status=pending', 'service_request_id=1,abc', 'service_code=heat_pump', 'start_date=2026-11-20&end_date=2026-11-01']) {
      const res = await get(`/open311/v2/requests.xml?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(errorsOf(res)[0]!.code).toBe('400');
    }
  });

  it('shows only requests that came in through Open311', async () => {
    const app = await city.resident.post('/api/repairs', { category: 'noise' });
    expect(app.statusCode).toBe(201);
    const id = app.json().id as number;
    expect((await get(`/open311/v2/requests/${id}.json`)).statusCode).toBe(404);
    expect((await get(`/open311/v2/requests.json?service_request_id=${id}`)).json()).toEqual([]);
  });

  it('answers unknown or malformed request ids with 404', async () => {
    expect((await get('/open311/v2/requests/999999.xml')).statusCode).toBe(404);
    expect(errorsOf(await get('/open311/v2/requests/abc.json'))[0]!.code).toBe('404');
  });
});

describe('tokens', () => {
  it('map 1:1 to request ids', async () => {
    const id = await openOne();
    const xml = parseXml((await get(`/open311/v2/tokens/${id}.xml`)).body);
    expect(xml.name).toBe('service_requests');
    const r = child(xml, 'request')!;
    expect([textOf(r, 'service_request_id'), textOf(r, 'token')]).toEqual([String(id), String(id)]);
    expect((await get(`/open311/v2/tokens/${id}.json`)).json()).toEqual([{ service_request_id: id, token: String(id) }]);
    expect((await get('/open311/v2/tokens/987654.json')).statusCode).toBe(404);
  });
});

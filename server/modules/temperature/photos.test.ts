import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { grids } from '../registry/index.ts';
import { count } from '../repairs/repairs.test-kit.ts';
import { makeTemperatureCity, type TemperatureCity } from './temperature.test-kit.ts';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(300, 2)]);
const ALL_FINE = { noLeaks: true, noAbnormalNoise: true, pumpsRunning: true, valvesInPosition: true };
const IN_BAND = { primarySupplyC: 95, primaryReturnC: 50, secondarySupplyC: 50, secondaryReturnC: 40, primaryPressureMpa: 1, secondaryPressureMpa: 0.4 };

function upload(by: Client, path: string, content: Buffer, opts: { type?: string } = {}) {
  const boundary = `----hs${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: ${opts.type ?? 'image/jpeg'}\r\n\r\n`);
  const body = Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return by.post(path, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

let t: TestApp;
let c: TemperatureCity;
let readingId: number;
let roundId: number;
const photos = () => count(t, sql`SELECT count(*)::int AS n FROM temperature_photos`);
beforeAll(async () => {
  t = await createTestApp();
  c = await makeTemperatureCity(t);
  readingId = (await c.resident.post('/api/temperature/readings', { room: 'bedroom', celsius: 16 })).json().id;
  const crewId = (await t.deps.db.select().from(grids).where(eq(grids.id, c.gridId)))[0]!.crewId;
  expect((await c.crewLead.post('/api/patrols/plans', { targetKind: 'station', stationId: c.stationId, crewId })).statusCode).toBe(201);
  roundId = (await c.steward.post('/api/patrols/rounds', { stationId: c.stationId, checklist: ALL_FINE, readings: IN_BAND })).json().id;
});
afterAll(() => t.close());

describe('photos on a resident\'s reading', () => {
  it('the resident adds a photo; it is listed, served back to the grid\'s steward with its type, and audited', async () => {
    const res = await upload(c.resident, `/api/temperature/readings/${readingId}/photos`, PNG, { type: 'application/octet-stream' });
    expect(res.statusCode, res.body).toBe(201);
    const photo = res.json();
    expect(photo).toMatchObject({ readingId, roundId: null, contentType: 'image/png', bytes: PNG.length, uploadedBy: c.resident.actorId });
    expect((await c.resident.get(`/api/temperature/readings/${readingId}/photos`)).json().items.map((p: { id: number }) => p.id)).toEqual([photo.id]);
    for (const who of [c.resident, c.steward, c.crewLead, c.clerk]) {
      const image = await who.get(photo.url);
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.headers['cache-control']).toBe('private, max-age=86400, immutable');
      expect(image.rawPayload.equals(PNG)).toBe(true);
    }
    expect(await count(t, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'temperature.reading.photo.add' AND entity_id = ${String(readingId)}`)).toBe(1);
  });

  it('refuses a non-image (even labelled image/jpeg) with 415, an oversize photo with 413, and saves nothing', async () => {
    const before = await photos();
    const fake = await upload(c.resident, `/api/temperature/readings/${readingId}/photos`, Buffer.from('<html>not a photo</html>'));
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error).toMatchObject({ code: 'not_an_image', details: [{ field: 'file', message: 'must be a JPEG, PNG or WebP image' }] });
    const big = await upload(c.resident, `/api/temperature/readings/${readingId}/photos`, Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('photo_too_large');
    expect(await photos()).toBe(before);
  });

  it('keeps photos within the household: another resident or grid neither adds nor sees them; unknown readings are 404', async () => {
    expect((await upload(c.otherResident, `/api/temperature/readings/${readingId}/photos`, JPEG)).statusCode).toBe(403);
    expect((await upload(c.steward, `/api/temperature/readings/${readingId}/photos`, JPEG)).json().error.code).toBe('photo_not_yours');
    expect((await c.otherResident.get(`/api/temperature/readings/${readingId}/photos`)).statusCode).toBe(403);
    expect((await c.otherSteward.get(`/api/temperature/readings/${readingId}/photos`)).statusCode).toBe(403);
    const [first] = (await c.resident.get(`/api/temperature/readings/${readingId}/photos`)).json().items;
    expect((await c.otherResident.get(first.url)).statusCode).toBe(404);
    expect((await c.otherSteward.get(first.url)).statusCode).toBe(404);
    expect((await t.anon.get(first.url)).statusCode).toBe(401);
    expect((await upload(c.resident, '/api/temperature/readings/99999999/photos', JPEG)).statusCode).toBe(404);
    expect((await c.resident.get('/api/temperature/photos/99999999')).statusCode).toBe(404);
  });

  it("shows the photos in the resident's own readings and nowhere else: another resident neither lists nor fetches them", async () => {
    const mine = (await c.resident.get('/api/temperature/readings/mine')).json().items as { id: number; photoUrls: string[] }[];
    const listed = (await c.resident.get(`/api/temperature/readings/${readingId}/photos`)).json().items.map((p: { url: string }) => p.url);
    expect(listed).toHaveLength(1);
    expect(mine.find((r) => r.id === readingId)!.photoUrls).toEqual(listed);
    expect((await c.resident.get(listed[0])).statusCode).toBe(200);
    const theirs = (await c.otherResident.post('/api/temperature/readings', { room: 'bedroom', celsius: 19 })).json();
    expect(theirs.photoUrls).toEqual([]);
    const their = (await c.otherResident.get('/api/temperature/readings/mine')).json().items as { id: number; photoUrls: string[] }[];
    expect(their).toEqual([expect.objectContaining({ id: theirs.id, photoUrls: [] })]);
    expect((await c.otherResident.get(listed[0])).statusCode).toBe(404);
  });

  it(`takes at most 3 photos per reading (409), and none a day after the reading`, async () => {
    expect((await upload(c.resident, `/api/temperature/readings/${readingId}/photos`, JPEG)).statusCode).toBe(201);
    expect((await upload(c.resident, `/api/temperature/readings/${readingId}/photos`, WEBP)).statusCode).toBe(201);
    const fourth = await upload(c.resident, `/api/temperature/readings/${readingId}/photos`, JPEG);
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error).toMatchObject({ code: 'too_many_photos', details: { limit: 3 } });
    const fresh = (await c.resident.post('/api/temperature/readings', { room: 'kitchen', celsius: 17 })).json().id;
    t.clock.advance(25 * 60 * 60 * 1000);
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: c.householdId }]);
    const late = await upload(resident, `/api/temperature/readings/${fresh}/photos`, JPEG);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('reading_closed');
  });
});

describe('photos on a patrol round', () => {
  it('the steward who may record rounds adds photos, up to 6 (409 after); patrol staff see them, the clerk and residents do not', async () => {
    const steward = await t.loginAs('steward', [{ kind: 'grid', refId: c.gridId }]);
    const first = await upload(steward, `/api/patrols/rounds/${roundId}/photos`, JPEG);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ roundId, readingId: null, contentType: 'image/jpeg' });
    for (let i = 0; i < 5; i += 1) expect((await upload(steward, `/api/patrols/rounds/${roundId}/photos`, PNG)).statusCode).toBe(201);
    const seventh = await upload(steward, `/api/patrols/rounds/${roundId}/photos`, JPEG);
    expect(seventh.statusCode).toBe(409);
    expect(seventh.json().error).toMatchObject({ code: 'too_many_photos', details: { limit: 6 } });
    expect(await count(t, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'temperature.round.photo.add' AND entity_id = ${String(roundId)}`)).toBe(6);
    const items = (await steward.get(`/api/patrols/rounds/${roundId}/photos`)).json().items;
    expect(items).toHaveLength(6);
    const image = await steward.get(items[0].url);
    expect(image.statusCode).toBe(200);
    expect(image.rawPayload.equals(JPEG)).toBe(true);
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: c.householdId }]);
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: c.branchId }]);
    expect((await resident.get(items[0].url)).statusCode).toBe(404);
    expect((await clerk.get(items[0].url)).statusCode).toBe(404);
    expect((await resident.get(`/api/patrols/rounds/${roundId}/photos`)).json().error.code).toBe('field_staff_only');
  });

  it('refuses residents, the office and other branches (403), a non-image (415), and unknown rounds (404)', async () => {
    const resident = await t.loginAs('resident', [{ kind: 'household', refId: c.householdId }]);
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: c.branchId }]);
    const elsewhere = await t.loginAs('crew_lead', [{ kind: 'branch', refId: c.branchId + 1_000_000 }]);
    for (const who of [resident, clerk, elsewhere]) expect((await upload(who, `/api/patrols/rounds/${roundId}/photos`, JPEG)).statusCode).toBe(403);
    const steward = await t.loginAs('steward', [{ kind: 'grid', refId: c.gridId }]);
    expect((await upload(steward, `/api/patrols/rounds/${roundId}/photos`, Buffer.from('GIF89a'))).statusCode).toBe(415);
    expect((await upload(steward, '/api/patrols/rounds/99999999/photos', JPEG)).statusCode).toBe(404);
    expect((await steward.get('/api/patrols/rounds/99999999/photos')).statusCode).toBe(404);
  });
});

describe('the temperature_photos table', () => {
  it('holds a photo of exactly one reading or one round (CHECK)', async () => {
    const insert = (reading: number | null, round: number | null) =>
      t.deps.db.execute(sql`INSERT INTO temperature_photos (reading_id, round_id, content_type, bytes, sha256, data, uploaded_by, uploaded_at)
        VALUES (${reading}, ${round}, 'image/jpeg', 4, 'x', decode('ffd8ffe0', 'hex'), ${c.resident.actorId}, now())`);
    for (const [reading, round] of [[null, null], [readingId, roundId]] as const) {
      const err = await insert(reading, round).then(() => null, (e: unknown) => e as { cause?: { code?: string } });
      expect(err?.cause?.code).toBe('23514');
    }
  });
});

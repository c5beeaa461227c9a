import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { imageTypeOf } from './photos.service.ts';
import { count, makeRepairsCity, walk, type RepairsCity } from './repairs.test-kit.ts';

let t: TestApp;
let c: RepairsCity;
let id: number;
beforeAll(async () => {
  t = await createTestApp();
  c = await makeRepairsCity(t);
  id = (await c.resident.post('/api/repairs', { category: 'leak' })).json().id;
});
afterAll(() => t.close());

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(300, 2)]);

function upload(by: Client, requestId: number, kind: string, content: Buffer, opts: { type?: string; field?: string } = {}) {
  const boundary = `----hs${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${opts.field ?? 'file'}"; filename="p.jpg"\r\nContent-Type: ${opts.type ?? 'image/jpeg'}\r\n\r\n`,
  );
  const body = Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return by.post(`/api/repairs/${requestId}/photos?kind=${kind}`, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}
const photos = () => count(t, sql`SELECT count(*)::int AS n FROM request_photos WHERE request_id = ${id}`);

describe('photos on a request', () => {
  it('recognises JPEG, PNG and WebP by their first bytes only', () => {
    expect([imageTypeOf(JPEG), imageTypeOf(PNG), imageTypeOf(WEBP)]).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect(imageTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(imageTypeOf(Buffer.from('GIF89a'))).toBeNull();
  });

  it('the resident adds a report photo; it is listed, served back with its type, and audited', async () => {
    const res = await upload(c.resident, id, 'report', PNG, { type: 'application/octet-stream' });
    expect(res.statusCode).toBe(201);
    const photo = res.json();
    expect(photo).toMatchObject({ requestId: id, kind: 'report', contentType: 'image/png', bytes: PNG.length, uploadedBy: c.resident.actorId });
    expect((await c.steward.get(`/api/repairs/${id}/photos`)).json().items.map((p: { id: number }) => p.id)).toEqual([photo.id]);
    const image = await c.steward.get(photo.url);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(PNG)).toBe(true);
    expect(await count(t, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'repair.photo.add' AND entity_id = ${String(id)}`)).toBe(1);
  });

  it('the steward adds the fix photo while resolving; the resident may not', async () => {
    await walk(c.steward, id, 'accepted', 'on_site');
    expect((await upload(c.steward, id, 'resolve', JPEG)).statusCode).toBe(201);
    expect((await upload(c.resident, id, 'resolve', JPEG)).json().error.code).toBe('photo_not_yours');
    await walk(c.steward, id, 'resolved');
    expect((await c.resident.get(`/api/repairs/${id}/photos`)).json().items.map((p: { kind: string }) => p.kind)).toEqual(['report', 'resolve']);
  });

  it('refuses a non-image (even labelled image/jpeg) with 415, an oversize photo with 413, and saves nothing', async () => {
    const before = await photos();
    const fake = await upload(c.resident, id, 'report', Buffer.from('<html>not a photo</html>'), { type: 'image/jpeg' });
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error).toMatchObject({ code: 'not_an_image', details: [{ field: 'file', message: 'must be a JPEG, PNG or WebP image' }] });
    const big = await upload(c.resident, id, 'report', Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('photo_too_large');
    expect(await photos()).toBe(before);
  });

  it('says what is wrong with the upload itself: JSON instead of multipart, wrong field, unknown kind', async () => {
    expect((await c.resident.post(`/api/repairs/${id}/photos?kind=report`, { file: 'x' })).statusCode).toBe(415);
    expect((await upload(c.resident, id, 'report', JPEG, { field: 'image' })).json().error.code).toBe('no_file');
    expect((await upload(c.resident, id, 'selfie', JPEG)).statusCode).toBe(400);
  });

  it('keeps photos within the request\'s scope: another household or grid neither adds nor sees them', async () => {
    expect((await upload(c.otherResident, id, 'report', JPEG)).statusCode).toBe(403);
    expect((await upload(c.otherSteward, id, 'resolve', JPEG)).statusCode).toBe(403);
    expect((await c.otherResident.get(`/api/repairs/${id}/photos`)).statusCode).toBe(403);
    const [first] = (await c.resident.get(`/api/repairs/${id}/photos`)).json().items;
    expect((await c.otherResident.get(first.url)).statusCode).toBe(404);
    expect((await t.anon.get(first.url)).statusCode).toBe(401);
  });

  it('takes no photos on a closed request (409)', async () => {
    await walk(c.resident, id, 'confirmed');
    const res = await upload(c.resident, id, 'report', JPEG);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('request_closed');
  });
});

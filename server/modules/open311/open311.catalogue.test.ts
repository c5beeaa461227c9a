import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { child, errorsOf, names, parseXml, textOf } from './open311.test-kit.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const CODES = ['not_warm', 'no_heat', 'leak', 'valve', 'noise', 'other'];
const OFFSET_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe('Open311 discovery', () => {
  it('answers XML with the endpoint, its formats and a changeset', async () => {
    const res = await get('/open311/v2/discovery.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    const root = parseXml(res.body);
    expect(root.name).toBe('discovery');
    expect(names(root)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
    expect(textOf(root, 'changeset')).toMatch(OFFSET_ISO);
    const endpoints = child(root, 'endpoints')!.children;
    expect(endpoints.map((e) => e.name)).toEqual(['endpoint']);
    expect(textOf(endpoints[0]!, 'specification')).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(textOf(endpoints[0]!, 'url')).toMatch(/\/open311\/v2$/);
    expect(textOf(endpoints[0]!, 'type')).toBe('production');
    expect(child(endpoints[0]!, 'formats')!.children.map((f) => [f.name, f.text])).toEqual([
      ['format', 'text/xml'],
      ['format', 'application/json'],
    ]);
  });

  it('answers the same in JSON', async () => {
    const res = await get('/open311/v2/discovery.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json();
    expect(body.changeset).toMatch(OFFSET_ISO);
    expect(body.endpoints).toHaveLength(1);
    expect(body.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
  });
});

describe('Open311 services', () => {
  it('lists the six request categories in XML, in Chinese, with the specification fields', async () => {
    const res = await get('/open311/v2/services.xml');
    expect(res.statusCode).toBe(200);
    const root = parseXml(res.body);
    expect(root.name).toBe('services');
    expect(root.children.every((s) => s.name === 'service')).toBe(true);
    expect(root.children.map((s) => textOf(s, 'service_code'))).toEqual(CODES);
    for (const s of root.children) {
      expect(names(s)).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
      expect(textOf(s, 'service_name')).toMatch(/[\u4e00-\u9fff]/);
      expect(textOf(s, 'type')).toBe('realtime');
      expect(['true', 'false']).toContain(textOf(s, 'metadata'));
    }
    const leak = root.children.find((s) => textOf(s, 'service_code') === 'leak')!;
    expect(textOf(leak, 'metadata')).toBe('true');
    expect(textOf(leak, 'service_name')).toBe('漏水');
  });

  it('lists them in JSON with booleans for metadata', async () => {
    const body = (await get('/open311/v2/services.json')).json();
    expect(body.map((s: { service_code: string }) => s.service_code)).toEqual(CODES);
    expect(body.find((s: { service_code: string }) => s.service_code === 'no_heat')).toMatchObject({ service_name: '不供热', metadata: false, type: 'realtime', group: '供暖报修' });
  });

  it('gives a service definition with its attributes and values, in both formats', async () => {
    const xml = parseXml((await get('/open311/v2/services/leak.xml')).body);
    expect(xml.name).toBe('service_definition');
    expect(textOf(xml, 'service_code')).toBe('leak');
    const attrs = child(xml, 'attributes')!.children;
    expect(attrs.map((a) => a.name)).toEqual(['attribute']);
    expect(names(attrs[0]!)).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
    expect(textOf(attrs[0]!, 'datatype')).toBe('singlevaluelist');
    expect(child(attrs[0]!, 'values')!.children.map((v) => [v.name, textOf(v, 'key')])).toEqual([
      ['value', 'indoor'],
      ['value', 'stairwell'],
      ['value', 'outdoor'],
    ]);
    const json = (await get('/open311/v2/services/leak.json')).json();
    expect(json.attributes[0]).toMatchObject({ variable: true, code: 'leak_where', required: false, order: 1 });
    expect(json.attributes[0].values[0]).toEqual({ key: 'indoor', name: '户内' });
    // A service without attributes still has a definition, with an empty list.
    expect((await get('/open311/v2/services/no_heat.json')).json()).toEqual({ service_code: 'no_heat', attributes: [] });
  });
});

describe('Open311 errors', () => {
  it('answers an unknown service code with a 404 Open311 error in the format asked for', async () => {
    const xml = await get('/open311/v2/services/heat_pump.xml');
    expect(xml.statusCode).toBe(404);
    expect(parseXml(xml.body).name).toBe('errors');
    expect(errorsOf(xml)).toEqual([{ code: '404', description: 'service_code heat_pump not found' }]);
    const json = await get('/open311/v2/services/heat_pump.json');
    expect(json.statusCode).toBe(404);
    expect(json.json()).toEqual([{ code: 404, description: 'service_code heat_pump not found' }]);
  });

  it('answers unknown format suffixes and unknown paths with 404 in the Open311 shape, never the app shape', async () => {
    for (const url of ['/open311/v2/services.html', '/open311/v2/services', '/open311/v2/nothing.xml', '/open311/v2/a/b/c.json', '/open311/v3/services.xml']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('"error"');
      expect(errorsOf(res)[0]!.code, url).toBe('404');
    }
  });

  it('keeps form bodies out of the JSON API: the parser exists only under /open311', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });
});

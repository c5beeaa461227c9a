/**
 * Test helpers for the Open311 module: a strict little XML reader (well-formedness, element
 * structure, entity decoding) so tests check documents as an Open311 client would read them.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../test/test-app.ts';

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`unescaped or unknown entity in: ${text}`);
  if (/[<>]/.test(text)) throw new Error(`unescaped markup in: ${text}`);
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ENTITY[e]!);
}

/** Parse a document of elements and text only (what the serializer writes); throws if malformed. */
export function parseXml(doc: string): XmlElement {
  const body = doc.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '').trim();
  if (body === doc.trim()) throw new Error('missing the XML declaration');
  const token = /<(\/?)([A-Za-z_][\w.-]*)(\/?)>|([^<]+)/g;
  const stack: XmlElement[] = [{ name: '#document', children: [], text: '' }];
  let consumed = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    if (m.index !== consumed) throw new Error(`stray markup at ${consumed}`);
    consumed = m.index + m[0].length;
    const top = stack[stack.length - 1]!;
    if (m[4] !== undefined) {
      top.text += decode(m[4]);
    } else if (m[1]) {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else {
      const el: XmlElement = { name: m[2]!, children: [], text: '' };
      top.children.push(el);
      if (!m[3]) stack.push(el);
    }
  }
  if (consumed !== body.length) throw new Error('trailing garbage');
  if (stack.length !== 1 || stack[0]!.children.length !== 1) throw new Error('not exactly one closed root element');
  return stack[0]!.children[0]!;
}

export const child = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);
export const textOf = (el: XmlElement, name: string): string | undefined => child(el, name)?.text;
export const names = (el: XmlElement): string[] => el.children.map((c) => c.name);

/** The Open311 error list, whichever format the response is in. */
export function errorsOf(res: LightMyRequestResponse): { code: string; description: string }[] {
  if (res.headers['content-type']?.toString().startsWith('application/json')) {
    return res.json<{ code: number; description: string }[]>().map((e) => ({ code: String(e.code), description: e.description }));
  }
  const root = parseXml(res.body);
  if (root.name !== 'errors') throw new Error(`expected <errors>, got <${root.name}>`);
  return root.children.map((e) => ({ code: textOf(e, 'code') ?? '', description: textOf(e, 'description') ?? '' }));
}

export function postForm(t: TestApp, url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

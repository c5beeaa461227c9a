import { describe, expect, it } from 'vitest';
import { escapeXml, list, toJsonValue, toXml } from './open311.xml.ts';

describe('the Open311 XML serializer', () => {
  it('escapes the five XML special characters in content', () => {
    expect(escapeXml(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
    // Escaping is not applied twice to what is already an entity.
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('drops characters XML 1.0 cannot carry, keeps tabs, newlines and Chinese', () => {
    expect(escapeXml('暖\u0000气\u0007\t\n\r不热\uFFFE')).toBe('暖气\t\n\r不热');
    expect(escapeXml('\uD83D\uDE00 ok \uD800')).toBe('\uD83D\uDE00 ok ');
  });

  it('renders nested objects, lists with their item tag, and empty elements', () => {
    const xml = toXml('services', list('service', [{ service_code: 'leak', metadata: true, group: null, keywords: 'a,b' }]));
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<services><service><service_code>leak</service_code><metadata>true</metadata><group/><keywords>a,b</keywords></service></services>\n',
    );
  });

  it('renders an empty list as an empty root', () => {
    expect(toXml('service_requests', list('request', []))).toContain('<service_requests></service_requests>');
  });

  it('refuses element names that are not XML names', () => {
    expect(() => toXml('bad name', 'x')).toThrow(/element name/);
    expect(() => toXml('ok', { '<script>': 1 })).toThrow(/element name/);
  });

  it('gives the same tree as JSON: lists as arrays, undefined as null', () => {
    expect(toJsonValue(list('x', [{ a: 1, b: undefined, c: list('v', ['p']) }]))).toEqual([{ a: 1, b: null, c: ['p'] }]);
  });
});

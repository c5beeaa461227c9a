/**
 * One tree, two renderings: the Open311 answers are built once as plain values and rendered as
 * XML (required by the specification) or JSON (optional). Arrays need the name of their item
 * element in XML (<services><service>…), so lists are wrapped in XmlList.
 */
export type XmlValue = string | number | boolean | null | undefined | XmlList | { [key: string]: XmlValue };

export class XmlList {
  constructor(
    readonly itemTag: string,
    readonly items: readonly XmlValue[],
  ) {}
}

export const list = (itemTag: string, items: readonly XmlValue[]): XmlList => new XmlList(itemTag, items);

// Characters XML 1.0 cannot carry at all (C0 controls other than tab/newline/return, lone
// surrogates, U+FFFE/U+FFFF): dropped, or the whole document would be rejected by the client.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escape text for element content (and attributes, should they ever be used). */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const TAG = /^[A-Za-z_][\w.-]*$/;

function element(tag: string, value: XmlValue): string {
  if (!TAG.test(tag)) throw new Error(`not an XML element name: ${tag}`);
  if (value === null || value === undefined) return `<${tag}/>`;
  if (value instanceof XmlList) return `<${tag}>${value.items.map((item) => element(value.itemTag, item)).join('')}</${tag}>`;
  if (typeof value === 'object') {
    return `<${tag}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${tag}>`;
  }
  return `<${tag}>${escapeXml(String(value))}</${tag}>`;
}

/** A whole document: the declaration and one root element. */
export function toXml(rootTag: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(rootTag, value)}\n`;
}

/** The same tree as JSON values: lists become arrays, absent values null. */
export function toJsonValue(value: XmlValue): unknown {
  if (value === undefined) return null;
  if (value instanceof XmlList) return value.items.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}

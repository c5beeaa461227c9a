/**
 * Answers in the Open311 shapes: the format chosen by the path suffix, ISO-8601 instants with
 * the Asia/Shanghai offset, and errors as a list of {code, description} — never the app's own
 * JSON error shape, which Open311 clients cannot read.
 */
import type { FastifyError, FastifyReply } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { list, toJsonValue, toXml, type XmlValue } from './open311.xml.ts';

export type Format = 'xml' | 'json';

/** An error as Open311 states it; `code` is the HTTP status, as the common clients expect. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 415 | 429 | 500,
    readonly description: string,
  ) {
    super(description);
  }
}

/** "services.xml" → { name: 'services', format: 'xml' }; any other suffix is an unknown path. */
export function splitFormat(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(xml|json)$/.exec(file);
  if (!m) throw new Open311Error(404, `Unknown path or format: ${file} (use .xml or .json)`);
  return { name: m[1]!, format: m[2] as Format };
}

/** The format an error should be written in: the URL's suffix, XML (the required one) otherwise. */
export function formatOfUrl(url: string): Format {
  return /\.json$/.test(url.split('?')[0]!) ? 'json' : 'xml';
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** 2026-11-20T10:00:00+08:00: Shanghai has had no daylight saving time since 1991. */
export function isoShanghai(instant: Date | null | undefined): string | null {
  if (!instant) return null;
  return `${new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

export function send(reply: FastifyReply, format: Format, rootTag: string, tree: XmlValue, status = 200): FastifyReply {
  void reply.code(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(toJsonValue(tree)));
  return reply.type('text/xml; charset=utf-8').send(toXml(rootTag, tree));
}

const FASTIFY_STATUS: Record<string, Open311Error['status']> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
};

/** Map anything thrown under /open311 to an Open311 error (and say whether it is a bug). */
export function toOpen311Error(err: unknown): Open311Error {
  if (err instanceof Open311Error) return err;
  if (err instanceof DomainError) {
    const details = Array.isArray(err.details)
      ? (err.details as { field?: string; message?: string }[]).map((d) => `${d.field ?? ''} ${d.message ?? ''}`.trim()).join('; ')
      : '';
    const description = details ? `${err.message}: ${details}` : err.message;
    if (err.status === 403 || err.status === 401) return new Open311Error(403, description);
    if (err.status === 404) return new Open311Error(404, description);
    if (err.status === 429) return new Open311Error(429, description);
    // 409 and 422 are business-rule refusals: Open311 knows only 400 for bad input.
    return new Open311Error(400, description);
  }
  const fe = err as FastifyError;
  const mapped = fe.code ? FASTIFY_STATUS[fe.code] : undefined;
  if (mapped) return new Open311Error(mapped, fe.message);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new Open311Error(fe.statusCode === 429 ? 429 : fe.statusCode === 404 ? 404 : 400, fe.message);
  }
  return new Open311Error(500, 'Something went wrong on our side; it has been logged.');
}

export function sendError(reply: FastifyReply, format: Format, err: Open311Error): FastifyReply {
  return send(reply, format, 'errors', list('error', [{ code: err.status, description: err.description }]), err.status);
}

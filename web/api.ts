import type { ErrorResponseT } from '../server/kernel/contract.ts';

/** A field-level problem as the server reports it in `error.details`. */
export interface FieldProblem {
  field: string;
  message: string;
  /** The kind of problem ('required', 'pattern', 'unknown_ref'…), for saying it in the UI language. */
  rule?: string;
  params?: Record<string, unknown>;
}

/** Any non-2xx answer (or no answer at all: status 0), carrying the server's error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The numbers and names the sentence of `code` needs in the UI language. */
    readonly params?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The details as field problems, when the server sent them in that form. */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter((d: unknown): d is FieldProblem => {
      const p = d as Partial<FieldProblem> | null;
      return typeof p?.field === 'string' && typeof p.message === 'string';
    });
  }
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Undefined, null and empty values are left out, so filter forms can pass their state as is. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Extra request headers, e.g. the Idempotency-Key of a payment. */
  headers?: Record<string, string>;
}

function cookie(name: string): string | undefined {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : undefined;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * The one way the web app talks to the API: JSON in and out, the session cookie, and the CSRF
 * token (the server sets it in the readable hs_csrf cookie and wants it back in a header on
 * every write). Response types come from the server's contracts at the call site.
 */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { ...opts.headers, accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const csrf = method === 'GET' ? undefined : cookie('hs_csrf');
  if (csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  return answer<T>(res);
}

/** The body of an answer, or the server's error as an ApiError. */
async function answer<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = (data as Partial<ErrorResponseT> | undefined)?.error;
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.details, e?.params);
  }
  return data as T;
}

/**
 * Upload one file as multipart/form-data in the field "file" (photos: the server checks it is a
 * real image within its size limit), with the session cookie and the CSRF token like api().
 */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file);
  const csrf = cookie('hs_csrf');
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', ...(csrf && { 'x-csrf-token': csrf }) } });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  return answer<T>(res);
}

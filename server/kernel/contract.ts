import { Type, type Static, type TSchema } from 'typebox';

/** Shared contract pieces. Imports typebox only, so web/ can import it too. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
    /** The numbers and names the sentence of `code` needs, for saying it in the UI language. */
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
  }),
});

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
};

export const Paged = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/** Image formats a photo may be, recognised by their first bytes, not by what the client claims. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

export const IsoDateTime = Type.String({ format: 'date-time' });
export const BusinessDate = Type.String({ format: 'date', description: 'YYYY-MM-DD in Asia/Shanghai' });

/** Standard error responses, spread into a route's `response` so OpenAPI lists them. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};

export type PagedOf<T> = { items: T[]; total: number; page: number; pageSize: number };
export type PageQueryT = { page?: number; pageSize?: number };
export type ErrorResponseT = Static<typeof ErrorResponse>;

/**
 * Shapes of the on-behalf desk (代报): the one search box a dispatcher or community liaison
 * types an account number, phone or address into, and what each hit shows before the request is
 * opened — the household, the person who will get it, and what it already has open (a caller
 * often reports again what the steward is already working on). Typebox only (web/ imports it).
 */
import { Type, type Static } from 'typebox';
import { IsoDateTime } from '../../kernel/contract.ts';
import { REPAIR_CATEGORIES, REQUEST_STATUSES } from './repairs.contract.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);

export const OnBehalfSearch = Type.Object(
  { q: Type.String({ minLength: 2, maxLength: 64, description: 'account number (or prefix), phone (or its last 4+ digits), or address text' }) },
  { additionalProperties: false },
);
export type OnBehalfSearch = Static<typeof OnBehalfSearch>;

export const ROUTED_VIA = ['steward', 'deputy', 'crew_lead', 'branch_admin'] as const;

export const OnBehalfHit = Type.Object({
  householdId: Type.Integer(),
  accountNo: Type.String(),
  holderName: Type.String(),
  /** Masked for a liaison (they do not call residents themselves). */
  phone: Nullable(Type.String()),
  address: Type.String(),
  communityName: Type.String(),
  gridCode: Type.String(),
  /** Who a request opened now would go to; null when nobody at all is on duty for the grid. */
  assignee: Nullable(
    Type.Object({ userId: Type.Integer(), name: Type.String(), phone: Nullable(Type.String()), via: Type.Enum(ROUTED_VIA) }),
  ),
  openRequests: Type.Array(
    Type.Object({ id: Type.Integer(), category: Type.Enum(REPAIR_CATEGORIES), status: Type.Enum(REQUEST_STATUSES), createdAt: IsoDateTime }),
  ),
});
export type OnBehalfHit = Static<typeof OnBehalfHit>;

export const OnBehalfHits = Type.Object({
  items: Type.Array(OnBehalfHit),
  /** Households matching in all; only the first few are shown: narrow the search. */
  total: Type.Integer(),
});
export type OnBehalfHits = Static<typeof OnBehalfHits>;

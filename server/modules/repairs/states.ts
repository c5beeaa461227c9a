/**
 * The request state machine as data, so the 409 can list what is allowed and the detail view
 * can offer only valid buttons. Who may take a step is decided in access.ts; this file only
 * knows which steps exist.
 */
import type { ClockName, RequestStatus } from './repairs.contract.ts';

const NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  submitted: ['accepted', 'cancelled', 'duplicate'],
  accepted: ['on_site', 'waiting', 'cancelled', 'duplicate'],
  on_site: ['resolved', 'waiting'],
  // The way back from waiting is the state it paused from (see allowedFrom).
  waiting: ['cancelled'],
  resolved: ['confirmed', 'reopened'],
  reopened: ['accepted', 'cancelled'],
  confirmed: [],
  cancelled: [],
  duplicate: [],
};

/** States whose clocks run; waiting pauses them, the rest are done. */
export const RUNNING: readonly RequestStatus[] = ['submitted', 'accepted', 'on_site', 'reopened'];
export const OPEN: readonly RequestStatus[] = [...RUNNING, 'waiting', 'resolved'];

export function allowedFrom(status: RequestStatus, pausedFrom: RequestStatus | null): RequestStatus[] {
  const next = [...NEXT[status]];
  if (status === 'waiting' && pausedFrom) next.unshift(pausedFrom);
  return next;
}

/** Which clock a step stops: accepted means the steward has contacted the resident. */
export const CLOCK_MET_BY: Partial<Record<RequestStatus, ClockName>> = {
  accepted: 'first_response',
  on_site: 'on_site',
  resolved: 'resolve',
};

/** Only the household's resident confirms or disputes a fix; staff work the request. */
export const RESIDENT_STEPS: readonly RequestStatus[] = ['confirmed', 'reopened'];

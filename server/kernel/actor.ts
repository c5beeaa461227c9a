/**
 * Who is calling. Routes resolve it from the session; services decide from its role and scope
 * what it may see and do (authorisation lives in services, not only in route guards).
 */
export const ROLES = [
  'resident',
  'steward',
  'crew_lead',
  'clerk',
  'dispatcher',
  'liaison',
  'property_manager',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** What part of the city an account may act on. A resident has households, a steward grids… */
export const SCOPE_KINDS = ['household', 'grid', 'community', 'property_company', 'branch'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** Which kinds of scope make sense for a role (domain.md §2: who sees what). */
export const SCOPES_BY_ROLE: Record<Role, readonly ScopeKind[]> = {
  resident: ['household'],
  steward: ['grid'],
  crew_lead: ['grid', 'branch'],
  clerk: ['branch'],
  dispatcher: ['branch'],
  liaison: ['community'],
  property_manager: ['property_company'],
  admin: ['branch'],
};

export interface Scope {
  kind: ScopeKind;
  refId: number;
}

export interface Actor {
  userId: number | null;
  role: Role | 'system' | 'public';
  name: string;
  scopes: Scope[];
  requestId?: string | undefined;
}

export const systemActor: Actor = { userId: null, role: 'system', name: 'system', scopes: [] };

export function scopeIds(actor: Actor, kind: ScopeKind): number[] {
  return actor.scopes.filter((s) => s.kind === kind).map((s) => s.refId);
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return (roles as string[]).includes(actor.role);
}

/**
 * Who may report for, see and work on a request, decided from the actor's scope (domain.md §2):
 * a resident their own household; a steward their grid (or what is assigned to them, e.g. as a
 * deputy); a crew lead the grids of their crew; a liaison their community; a dispatcher or admin
 * their branch (company-wide without a branch scope).
 */
import { eq, getTableColumns } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import type { Db } from '../../kernel/db.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { compounds, crews, grids, sections, buildings, type HouseholdContext } from '../registry/index.ts';
import type { Channel, OpenRequest } from './repairs.contract.ts';
import { repairRequests } from './repairs.schema.ts';

/** Branch staff with no branch scope work company-wide (the registry's convention). */
function inBranch(actor: Actor, branchId: number): boolean {
  const ids = scopeIds(actor, 'branch');
  return ids.length === 0 || ids.includes(branchId);
}

/**
 * The household a request is for, and the channel it came through; 403/404/422 otherwise.
 * `load` reads the household's context (with whatever else the caller needs in that query).
 */
export async function reportingPlace<P extends HouseholdContext>(actor: Actor, input: OpenRequest, load: Loader<P>): Promise<{ place: P; channel: Channel }> {
  const placeOf = async (householdId: number): Promise<P> => {
    const place = await load(householdId);
    if (!place) throw new NotFound('household', householdId);
    return place;
  };
  if (hasRole(actor, 'resident')) {
    const own = scopeIds(actor, 'household');
    if (input.channel !== undefined && input.channel !== 'app') {
      throw new Invalid('Residents report through the app', [{ field: 'channel', message: 'must be app (or omitted)', rule: 'channel_not_yours' }], 'channel_not_allowed');
    }
    if (input.caller !== undefined) {
      throw new Invalid('Residents report for themselves', [{ field: 'caller', message: 'only staff reporting on behalf name a caller', rule: 'caller_not_allowed' }], 'caller_not_allowed');
    }
    // Checked before the lookup, so a resident cannot probe which household ids exist.
    if (input.householdId !== undefined && !own.includes(input.householdId)) {
      throw new Forbidden('You can report only for your own household', 'not_your_household');
    }
    if (input.householdId === undefined && own.length !== 1) {
      throw new Invalid('Say which household', [
        own.length
          ? { field: 'householdId', message: 'required: you have several households', rule: 'required' }
          : { field: 'householdId', message: 'no household is linked to your account', rule: 'no_household_linked' },
      ], 'household_required');
    }
    return { place: await placeOf(input.householdId ?? own[0]!), channel: 'app' };
  }
  if (input.householdId === undefined) throw new Invalid('Say which household', [{ field: 'householdId', message: 'is required', rule: 'required' }], 'household_required');
  if (hasRole(actor, 'dispatcher')) {
    const channel = input.channel ?? 'hotline';
    if (channel !== 'hotline' && channel !== '12345') {
      throw new Invalid('A dispatcher logs hotline and 12345 cases', [{ field: 'channel', message: 'must be hotline or 12345', rule: 'channel_not_yours' }], 'channel_not_allowed');
    }
    const place = await placeOf(input.householdId);
    if (!inBranch(actor, place.branchId)) throw new Forbidden('This household belongs to another branch', 'other_branch');
    return { place, channel };
  }
  if (hasRole(actor, 'liaison')) {
    if (input.channel !== undefined && input.channel !== 'liaison') {
      throw new Invalid('A liaison reports as a liaison', [{ field: 'channel', message: 'must be liaison (or omitted)', rule: 'channel_not_yours' }], 'channel_not_allowed');
    }
    const place = await placeOf(input.householdId);
    if (!scopeIds(actor, 'community').includes(place.communityId)) throw new Forbidden('This household is outside your community', 'outside_community');
    return { place, channel: 'liaison' };
  }
  throw new Forbidden('Requests are opened by residents, dispatchers and community liaisons', 'role_not_allowed', { role: actor.role });
}

type Loader<P> = (householdId: number) => Promise<P | null>;

/** A request with the organisation around it, as access decisions need it. */
export async function loadRequest(db: Db, id: number, opts: { lock?: boolean } = {}) {
  const query = db
    .select({
      ...getTableColumns(repairRequests),
      crewId: crews.id,
      crewLeadUserId: crews.leadUserId,
      sectionId: sections.id,
      branchId: sections.branchId,
      communityId: compounds.communityId,
      compoundId: compounds.id,
    })
    .from(repairRequests)
    .innerJoin(grids, eq(grids.id, repairRequests.gridId))
    .innerJoin(crews, eq(crews.id, grids.crewId))
    .innerJoin(sections, eq(sections.id, crews.sectionId))
    .innerJoin(buildings, eq(buildings.id, repairRequests.buildingId))
    .innerJoin(compounds, eq(compounds.id, buildings.compoundId))
    .where(eq(repairRequests.id, id));
  const [row] = await (opts.lock ? query.for('update', { of: repairRequests }) : query);
  if (!row) throw new NotFound('request', id);
  return row;
}
export type LoadedRequest = Awaited<ReturnType<typeof loadRequest>>;

/** Crew leads and admins over the request's grid: they reassign and see the board. */
export function supervises(actor: Actor, r: LoadedRequest): boolean {
  if (hasRole(actor, 'admin')) return inBranch(actor, r.branchId);
  if (!hasRole(actor, 'crew_lead')) return false;
  return r.crewLeadUserId === actor.userId || scopeIds(actor, 'grid').includes(r.gridId) || scopeIds(actor, 'branch').includes(r.branchId);
}

/** Who works the request: its owner, a steward of its grid, or a supervisor. */
export function works(actor: Actor, r: LoadedRequest): boolean {
  if (r.assigneeUserId === actor.userId) return true;
  if (hasRole(actor, 'steward')) return scopeIds(actor, 'grid').includes(r.gridId);
  return supervises(actor, r);
}

export function isResidentOf(actor: Actor, r: LoadedRequest): boolean {
  return hasRole(actor, 'resident') && scopeIds(actor, 'household').includes(r.householdId);
}

export function sees(actor: Actor, r: LoadedRequest): boolean {
  if (isResidentOf(actor, r) || works(actor, r)) return true;
  if (hasRole(actor, 'dispatcher')) return inBranch(actor, r.branchId);
  if (hasRole(actor, 'liaison')) return scopeIds(actor, 'community').includes(r.communityId);
  return false;
}

export function assertSees(actor: Actor, r: LoadedRequest): void {
  if (!sees(actor, r)) throw new Forbidden('This request is outside your household, grid or community', 'not_your_request');
}

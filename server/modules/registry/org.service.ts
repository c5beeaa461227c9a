import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/actor.ts';
import type { Db } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import type { FieldProblem } from '../../kernel/errors.ts';
import { users } from '../accounts/index.ts';
import { patchEntity, type EntitySpec } from './entity.kit.ts';
import { Branch, Crew, Grid, Section } from './registry.contract.ts';
import { branches, crews, grids, sections } from './registry.schema.ts';
import { homeBranchVisible } from './scope.ts';

/**
 * The heating company's field organisation: branch → section → crew → grid. Everything in it
 * belongs to one branch; staff read their branch's chart, only admin and clerk change it, and
 * only an admin opens a new branch.
 */
export const branchSpec: EntitySpec = {
  entity: 'branch',
  path: 'branches',
  table: branches,
  id: branches.id,
  schemas: Branch,
  filters: {},
  textColumns: [branches.name, branches.code],
  branchOf: sql`${branches.id}`,
  refs: {},
  // The list of branches, their addresses and phones, is public information.
  readable: () => undefined,
  creators: ['admin'],
};

export const sectionSpec: EntitySpec = {
  entity: 'section',
  path: 'sections',
  table: sections,
  id: sections.id,
  schemas: Section,
  filters: { branchId: sections.branchId },
  textColumns: [sections.name],
  branchOf: sql`${sections.branchId}`,
  refs: { branchId: branchSpec },
  readable: (r) => homeBranchVisible(r, sql`${sections.branchId}`),
};

const crewBranch = sql`(SELECT s.branch_id FROM sections s WHERE s.id = ${crews.sectionId})`;

/** A crew's lead must be an active crew-lead account, or the "my crew" views show nobody. */
async function checkCrewLead(db: Db, row: Record<string, unknown>): Promise<FieldProblem[]> {
  const leadUserId = row.leadUserId;
  if (typeof leadUserId !== 'number') return [];
  const [lead] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, leadUserId), eq(users.role, 'crew_lead'), eq(users.active, true)));
  return lead ? [] : [{ field: 'leadUserId', message: `user ${leadUserId} is not an active crew lead`, rule: 'not_a_crew_lead' }];
}

export const crewSpec: EntitySpec = {
  entity: 'crew',
  path: 'crews',
  table: crews,
  id: crews.id,
  schemas: Crew,
  filters: { sectionId: crews.sectionId },
  textColumns: [crews.name],
  branchOf: crewBranch,
  refs: { sectionId: sectionSpec },
  readable: (r) => homeBranchVisible(r, crewBranch),
  check: checkCrewLead,
};

export const gridBranch = sql`(SELECT s.branch_id FROM crews cr JOIN sections s ON s.id = cr.section_id WHERE cr.id = ${grids.crewId})`;

export const gridSpec: EntitySpec = {
  entity: 'grid',
  path: 'grids',
  table: grids,
  id: grids.id,
  schemas: Grid,
  filters: { crewId: grids.crewId },
  textColumns: [grids.name, grids.code],
  branchOf: gridBranch,
  refs: { crewId: crewSpec },
  readable: (r) => homeBranchVisible(r, gridBranch),
};

/** Make an account the lead of a crew (audited like any crew change). */
export function setCrewLead(deps: Deps, actor: Actor, crewId: number, leadUserId: number) {
  return patchEntity(deps, actor, crewSpec, crewId, { leadUserId });
}

import { sql } from 'drizzle-orm';
import { buildingName, entranceName } from './address.ts';
import type { EntitySpec } from './entity.kit.ts';
import { branchSpec, gridSpec } from './org.service.ts';
import { Building, Community, Compound, Entrance, PipeSegment, Station, Subdistrict } from './registry.contract.ts';
import { buildings, communities, compounds, entrances, pipeSegments, stations, subdistricts } from './registry.schema.ts';
import { anyOf, homeBranchVisible, inIds, placeVisible } from './scope.ts';

/**
 * The civil side (subdistrict → community) and the physical city (compound → building →
 * entrance; stations and pipe segments). Communities are civil reference data with no branch;
 * compounds, buildings and entrances are read by who sees their households (placeVisible).
 */
export const subdistrictSpec: EntitySpec = {
  entity: 'subdistrict',
  path: 'subdistricts',
  table: subdistricts,
  id: subdistricts.id,
  schemas: Subdistrict,
  filters: {},
  textColumns: [subdistricts.name],
  refs: {},
  readable: () => undefined,
};

export const communitySpec: EntitySpec = {
  entity: 'community',
  path: 'communities',
  table: communities,
  id: communities.id,
  schemas: Community,
  filters: { subdistrictId: communities.subdistrictId },
  textColumns: [communities.name],
  refs: { subdistrictId: subdistrictSpec },
  // Community offices and their phones are public; a liaison still sees only their own.
  readable: (r) => (r.communityIds.length > 0 ? inIds(sql`${communities.id}`, r.communityIds) : undefined),
};

export const compoundSpec: EntitySpec = {
  entity: 'compound',
  path: 'compounds',
  table: compounds,
  id: compounds.id,
  schemas: Compound,
  filters: { communityId: compounds.communityId, branchId: compounds.branchId },
  textColumns: [compounds.name, compounds.address],
  branchOf: sql`${compounds.branchId}`,
  refs: { communityId: communitySpec, branchId: branchSpec },
  readable: (r) => {
    const place = placeVisible(r, { branchId: sql`${compounds.branchId}`, communityId: sql`${compounds.communityId}`, compoundId: sql`${compounds.id}` });
    if (!place || r.gridIds.length === 0) return place;
    // A steward sees the compounds that have a building in their grid.
    return anyOf([place, sql`EXISTS (SELECT 1 FROM buildings b WHERE b.compound_id = ${compounds.id} AND ${inIds(sql`b.grid_id`, r.gridIds)})`]);
  },
};

export const stationSpec: EntitySpec = {
  entity: 'station',
  path: 'stations',
  table: stations,
  id: stations.id,
  schemas: Station,
  filters: { branchId: stations.branchId },
  textColumns: [stations.name, stations.code],
  branchOf: sql`${stations.branchId}`,
  refs: { branchId: branchSpec },
  readable: (r) => homeBranchVisible(r, sql`${stations.branchId}`),
};

const buildingCompound = (column: string) => sql`(SELECT c.${sql.raw(column)} FROM compounds c WHERE c.id = ${buildings.compoundId})`;

export const buildingSpec: EntitySpec = {
  entity: 'building',
  path: 'buildings',
  table: buildings,
  id: buildings.id,
  schemas: Building,
  filters: { compoundId: buildings.compoundId, gridId: buildings.gridId, stationId: buildings.stationId },
  textColumns: [buildings.name],
  branchOf: buildingCompound('branch_id'),
  refs: { compoundId: compoundSpec, gridId: gridSpec, stationId: stationSpec },
  readable: (r) =>
    placeVisible(r, {
      branchId: buildingCompound('branch_id'),
      communityId: buildingCompound('community_id'),
      compoundId: sql`${buildings.compoundId}`,
      gridId: sql`${buildings.gridId}`,
    }),
  normalise: (input) => (typeof input.name === 'string' ? { ...input, name: buildingName(input.name) } : input),
};

const entrancePlace = (column: string) =>
  sql`(SELECT ${sql.raw(column)} FROM buildings b JOIN compounds c ON c.id = b.compound_id WHERE b.id = ${entrances.buildingId})`;

export const entranceSpec: EntitySpec = {
  entity: 'entrance',
  path: 'entrances',
  table: entrances,
  id: entrances.id,
  schemas: Entrance,
  filters: { buildingId: entrances.buildingId },
  textColumns: [entrances.name],
  branchOf: entrancePlace('c.branch_id'),
  refs: { buildingId: buildingSpec },
  readable: (r) =>
    placeVisible(r, {
      branchId: entrancePlace('c.branch_id'),
      communityId: entrancePlace('c.community_id'),
      compoundId: entrancePlace('c.id'),
      gridId: entrancePlace('b.grid_id'),
    }),
  normalise: (input) => (typeof input.name === 'string' ? { ...input, name: entranceName(input.name) } : input),
};

export const pipeSegmentSpec: EntitySpec = {
  entity: 'pipe_segment',
  path: 'pipe-segments',
  table: pipeSegments,
  id: pipeSegments.id,
  schemas: PipeSegment,
  filters: { branchId: pipeSegments.branchId, fromStationId: pipeSegments.fromStationId, toStationId: pipeSegments.toStationId },
  textColumns: [pipeSegments.name, pipeSegments.code],
  branchOf: sql`${pipeSegments.branchId}`,
  refs: { branchId: branchSpec, fromStationId: stationSpec, toStationId: stationSpec, toBuildingId: buildingSpec },
  readable: (r) => homeBranchVisible(r, sql`${pipeSegments.branchId}`),
};

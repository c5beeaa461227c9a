import { PIPE_NETWORKS } from '../../../server/modules/registry/registry.contract.ts';

/**
 * The plain registry entities the places page lists, creates and edits, described once: each
 * field's kind decides its form control and table cell, so eleven entities share one page and one
 * drawer instead of eleven of each. Field names are the API's, so server problems land under them.
 */
export const ENTITY_PATHS = [
  'branches',
  'sections',
  'crews',
  'grids',
  'subdistricts',
  'communities',
  'compounds',
  'stations',
  'buildings',
  'entrances',
  'pipe-segments',
] as const;
export type EntityPath = (typeof ENTITY_PATHS)[number];

export type FieldDef =
  | { name: string; kind: 'text'; required?: boolean; pattern?: RegExp }
  | { name: string; kind: 'int'; required?: boolean }
  | { name: string; kind: 'ref'; ref: EntityPath; required?: boolean }
  | { name: string; kind: 'enum'; options: readonly string[]; required?: boolean }
  /** A steward or crew lead account (the crew's lead). */
  | { name: string; kind: 'fieldWorker'; required?: boolean };

const CODE = /^[A-Za-z0-9_.-]{1,32}$/;
const code: FieldDef = { name: 'code', kind: 'text', required: true, pattern: CODE };
const name: FieldDef = { name: 'name', kind: 'text', required: true };
const branch: FieldDef = { name: 'branchId', kind: 'ref', ref: 'branches', required: true };

export const ENTITY_FIELDS: Record<EntityPath, FieldDef[]> = {
  branches: [code, name, { name: 'city', kind: 'text', required: true, pattern: /^[a-z_]{2,32}$/ }, { name: 'address', kind: 'text' }, { name: 'phone', kind: 'text' }],
  sections: [branch, name],
  crews: [{ name: 'sectionId', kind: 'ref', ref: 'sections', required: true }, name, { name: 'leadUserId', kind: 'fieldWorker' }],
  grids: [{ name: 'crewId', kind: 'ref', ref: 'crews', required: true }, code, name],
  subdistricts: [name],
  communities: [{ name: 'subdistrictId', kind: 'ref', ref: 'subdistricts', required: true }, name, { name: 'officePhone', kind: 'text' }],
  compounds: [{ name: 'communityId', kind: 'ref', ref: 'communities', required: true }, branch, name, { name: 'address', kind: 'text', required: true }],
  stations: [branch, code, name, { name: 'address', kind: 'text' }],
  buildings: [
    { name: 'compoundId', kind: 'ref', ref: 'compounds', required: true },
    { name: 'gridId', kind: 'ref', ref: 'grids', required: true },
    name,
    { name: 'stationId', kind: 'ref', ref: 'stations' },
  ],
  entrances: [{ name: 'buildingId', kind: 'ref', ref: 'buildings', required: true }, name],
  'pipe-segments': [
    branch,
    code,
    name,
    { name: 'network', kind: 'enum', options: PIPE_NETWORKS, required: true },
    { name: 'fromStationId', kind: 'ref', ref: 'stations' },
    { name: 'toStationId', kind: 'ref', ref: 'stations' },
    { name: 'toBuildingId', kind: 'ref', ref: 'buildings' },
    { name: 'lengthM', kind: 'int' },
  ],
};

/** A row as the generic entity endpoints return it. */
export type EntityRow = { id: number } & Record<string, unknown>;

/** How a row is named in pick lists and table cells: "T-0101 东风路一网格" for coded rows. */
export function rowLabel(row: EntityRow): string {
  const nameText = typeof row.name === 'string' ? row.name : `#${row.id}`;
  return typeof row.code === 'string' ? `${row.code} ${nameText}` : nameText;
}

export function isEntityPath(value: string | undefined): value is EntityPath {
  return (ENTITY_PATHS as readonly string[]).includes(value ?? '');
}

import { sql } from 'drizzle-orm';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Conflict } from '../../kernel/errors.ts';
import { GIVEN_NAMES, SURNAMES } from './demo.names.ts';
import { planCity, UNMANAGED_COMPOUND, VACUUM_COMPOUND } from './demo.plan.ts';

/**
 * Writes the demo city of any size: the plan's rows with large multi-row (unnest) inserts, then
 * the households with one INSERT … SELECT over generate_series per batch of entrances — no row
 * round trips, so 1.3 M households take minutes on PostgreSQL and the start-up city seconds.
 * Every grid but the demo steward's gets a generated steward (no password: a contact, not a
 * login) with a deputy from the same crew; every crew but the demo crew a generated lead.
 */
export interface DemoCity {
  branchId: number;
  communityIds: { daishu: number; jinse: number };
  /** vacuum: 金色港湾小区 (its property company leaves before the season); unmanaged: 代书胡同3号院. */
  compoundIds: { vacuum: number; unmanaged: number; ordinary: number[] };
  /** The grid of 金色港湾小区 3号楼, left for the demo steward account. */
  stewardGridId: number;
  /** That grid's crew, left for the demo crew-lead account. */
  crewId: number;
  /** 金色港湾小区 3号楼 1单元 502, the demo resident's home. */
  residentHouseholdId: number;
  households: number;
}

export interface DemoOptions {
  households?: number;
  onProgress?: (done: number, total: number) => void;
}

type Column = [name: string, pgType: string, values: unknown[]];
const INSERT_BATCH = 20_000;
const HOUSEHOLD_BATCH = 100_000;

/** Insert rows column-wise through unnest(); returns id by the natural key columns joined with '|' (none: no ids). */
async function insertAll(tx: Db, table: string, columns: Column[], key: string[] = []): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const total = columns[0]![2].length;
  for (let from = 0; from < total; from += INSERT_BATCH) {
    const arrays = columns.map(([, type, values]) => sql`${sql.param(values.slice(from, from + INSERT_BATCH))}::${sql.raw(type)}[]`);
    const rows = await queryRows<Record<string, unknown> & { id: number }>(
      tx,
      sql`INSERT INTO ${sql.raw(table)} (${sql.raw(columns.map(([name]) => name).join(', '))})
          SELECT * FROM unnest(${sql.join(arrays, sql`, `)}) ${key.length ? sql.raw(`RETURNING id, ${key.join(', ')}`) : sql``}`,
    );
    for (const row of rows) ids.set(key.map((k) => row[k]).join('|'), row.id);
  }
  return ids;
}

const personName = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN_NAMES[Math.floor(i / SURNAMES.length) % GIVEN_NAMES.length]}`;

export async function seedDemoCity(deps: { db: Db; clock: Clock }, opts: DemoOptions = {}): Promise<DemoCity> {
  const plan = planCity(opts.households ?? 3_000);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const [existing] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM branches`);
    if (existing!.n > 0) throw new Conflict('The registry already has branches: the demo city needs an empty database', undefined, 'registry_not_empty');

    const branchIds = await insertAll(tx, 'branches', [
      ['code', 'text', plan.branches.map((b) => b.code)],
      ['name', 'text', plan.branches.map((b) => b.name)],
      ['address', 'text', plan.branches.map((_, i) => `郑州市${['管城回族区', '金水区', '二七区', '中原区'][i % 4]}${100 + i}号`)],
      ['phone', 'text', plan.branches.map((_, i) => `0371-6696${String(1000 + i).slice(-4)}`)],
    ], ['code']);
    const branchId = (i: number) => branchIds.get(plan.branches[i]!.code)!;
    const subdistrictIds = await insertAll(tx, 'subdistricts', [['name', 'text', plan.subdistricts]], ['name']);
    const communityIds = await insertAll(tx, 'communities', [
      ['subdistrict_id', 'int', plan.communities.map((c) => subdistrictIds.get(plan.subdistricts[c.subdistrict]!))],
      ['name', 'text', plan.communities.map((c) => c.name)],
      ['office_phone', 'text', plan.communities.map((_, i) => `0371-6622${String(1000 + i).slice(-4)}`)],
    ], ['name']);
    const compoundIds = await insertAll(tx, 'compounds', [
      ['community_id', 'int', plan.compounds.map((c) => communityIds.get(plan.communities[c.community]!.name))],
      ['branch_id', 'int', plan.compounds.map((c) => branchId(c.branch))],
      ['name', 'text', plan.compounds.map((c) => c.name)],
      ['address', 'text', plan.compounds.map((c) => c.address)],
    ], ['name']);
    const sectionIds = await insertAll(tx, 'sections', [
      ['branch_id', 'int', plan.sections.map((s) => branchId(s.branch))],
      ['name', 'text', plan.sections.map((s) => s.name)],
    ], ['branch_id', 'name']);
    const sectionId = (i: number) => sectionIds.get(`${branchId(plan.sections[i]!.branch)}|${plan.sections[i]!.name}`)!;
    const crewIds = await insertAll(tx, 'crews', [
      ['section_id', 'int', plan.crews.map((c) => sectionId(c.section))],
      ['name', 'text', plan.crews.map((c) => c.name)],
    ], ['section_id', 'name']);
    const crewId = (i: number) => crewIds.get(`${sectionId(plan.crews[i]!.section)}|${plan.crews[i]!.name}`)!;
    const gridIds = await insertAll(tx, 'grids', [
      ['crew_id', 'int', plan.grids.map((g) => crewId(g.crew))],
      ['code', 'text', plan.grids.map((g) => g.code)],
      ['name', 'text', plan.grids.map((g) => g.name)],
    ], ['code']);
    const stationIds = await insertAll(tx, 'stations', [
      ['branch_id', 'int', plan.stations.map((s) => branchId(s.branch))],
      ['code', 'text', plan.stations.map((s) => s.code)],
      ['name', 'text', plan.stations.map((s) => s.name)],
    ], ['code']);

    const buildings = plan.compounds.flatMap((c) => c.buildings.map((b) => ({ ...b, compoundId: compoundIds.get(c.name)!, branch: c.branch })));
    const buildingIds = await insertAll(tx, 'buildings', [
      ['compound_id', 'int', buildings.map((b) => b.compoundId)],
      ['grid_id', 'int', buildings.map((b) => gridIds.get(plan.grids[b.grid]!.code))],
      ['station_id', 'int', buildings.map((b) => stationIds.get(plan.stations[b.station]!.code))],
      ['name', 'text', buildings.map((b) => b.name)],
    ], ['compound_id', 'name']);
    const entrances = buildings.flatMap((b) => b.entrances.map((e) => ({ ...e, building: b, buildingId: buildingIds.get(`${b.compoundId}|${b.name}`)! })));
    const entranceIds = await insertAll(tx, 'entrances', [
      ['building_id', 'int', entrances.map((e) => e.buildingId)],
      ['name', 'text', entrances.map((e) => e.name)],
    ], ['building_id', 'name']);

    let done = 0;
    let batch: typeof entrances = [];
    const flush = async () => {
      await insertHouseholds(tx, now, batch.map((e, i) => ({ ...e, entranceId: entranceIds.get(`${e.buildingId}|${e.name}`)!, base: done + sumUnits(batch, i) })));
      done += sumUnits(batch, batch.length);
      batch = [];
      opts.onProgress?.(done, plan.households);
    };
    for (const e of entrances) {
      batch.push(e);
      if (sumUnits(batch, batch.length) >= HOUSEHOLD_BATCH) await flush();
    }
    if (batch.length) await flush();
    await insertPipes(tx);

    const demoGrid = plan.compounds[0]!.buildings[2]!.grid;
    const demoCrew = plan.grids[demoGrid]!.crew;
    await insertStaff(tx, now, {
      grids: plan.grids.map((g, i) => ({ id: gridIds.get(g.code)!, code: g.code, crew: g.crew, skip: i === demoGrid })),
      crews: plan.crews.map((c, i) => ({ id: crewId(i), branchId: branchId(plan.sections[c.section]!.branch), skip: i === demoCrew })),
    });

    const [resident] = await queryRows<{ id: number }>(
      tx,
      sql`UPDATE households h SET holder_name = '周桂兰', phone = '13800000001', status = 'heating', customer_type = 'residential'
          FROM buildings b, compounds c, entrances e
          WHERE b.id = h.building_id AND c.id = b.compound_id AND e.id = h.entrance_id
            AND c.name = ${VACUUM_COMPOUND} AND b.name = '3号楼' AND e.name = '1单元' AND h.room = '502'
          RETURNING h.id`,
    );
    // Fresh statistics, or the first searches plan as if the tables were empty.
    await tx.execute(sql`ANALYZE households, entrances, buildings, compounds, grids`);
    const named = [VACUUM_COMPOUND, UNMANAGED_COMPOUND];
    return {
      branchId: branchId(0),
      communityIds: { daishu: communityIds.get('代书胡同社区')!, jinse: communityIds.get('金色港湾社区')! },
      compoundIds: {
        vacuum: compoundIds.get(VACUUM_COMPOUND)!,
        unmanaged: compoundIds.get(UNMANAGED_COMPOUND)!,
        ordinary: plan.compounds.filter((c) => !named.includes(c.name)).map((c) => compoundIds.get(c.name)!),
      },
      stewardGridId: gridIds.get(plan.grids[demoGrid]!.code)!,
      crewId: crewId(demoCrew),
      residentHouseholdId: resident!.id,
      households: plan.households,
    };
  });
}

function sumUnits(entrances: { units: number }[], upTo: number): number {
  let n = 0;
  for (let i = 0; i < upTo; i++) n += entrances[i]!.units;
  return n;
}

interface EntrancePlan {
  entranceId: number;
  buildingId: number;
  units: number;
  perFloor: number;
  base: number;
  building: { branch: number; grossBaseCm2: number; noInterior: boolean; shops: boolean; meter: boolean };
}

/**
 * Households of a batch of entrances, generated in SQL. Each flat's attributes come from a hash
 * of its sequence number, so a city of the same size is the same city: ~4 % suspended, ~0.5 %
 * disconnected, ~5 % without a phone; flats of one stack share an area, as in real buildings.
 */
async function insertHouseholds(tx: Db, now: string, entrances: EntrancePlan[]): Promise<void> {
  const col = <T>(pick: (e: EntrancePlan) => T) => sql.param(entrances.map(pick));
  await tx.execute(sql`
    INSERT INTO households (account_no, entrance_id, building_id, room, holder_name, phone, gross_area_m_2, interior_area_m_2,
                            customer_type, status, has_heat_meter, created_at, updated_at)
    SELECT lpad(p.branch_no::text, 2, '0') || lpad((p.base + k + 1)::text, 8, '0'),
           p.entrance_id, p.building_id,
           (k / p.per_floor + 1)::text || lpad((k % p.per_floor + 1)::text, 2, '0'),
           (${sql.param(SURNAMES)}::text[])[1 + (x.h % ${SURNAMES.length})] || (${sql.param(GIVEN_NAMES)}::text[])[1 + (x.h / 97 % ${GIVEN_NAMES.length})],
           CASE WHEN x.h % 20 = 0 THEN NULL
                ELSE '1' || (ARRAY['3', '5', '7', '8', '9'])[1 + x.h / 13 % 5] || lpad((x.h * 7919 % 1000000000)::text, 9, '0') END,
           g.gross,
           CASE WHEN p.no_interior THEN NULL ELSE round(g.gross * (0.76 + (k % p.per_floor % 4) * 0.03), 2) END,
           CASE WHEN p.shops AND k < p.per_floor THEN 'nonResidential' ELSE 'residential' END,
           CASE WHEN x.h % 100 < 4 THEN 'suspended' WHEN x.h % 1000 >= 995 THEN 'disconnected' ELSE 'heating' END,
           p.meter, ${now}::timestamptz, ${now}::timestamptz
    FROM unnest(${col((e) => e.entranceId)}::int[], ${col((e) => e.buildingId)}::int[], ${col((e) => e.units)}::int[],
                ${col((e) => e.perFloor)}::int[], ${col((e) => e.base)}::int[], ${col((e) => e.building.branch + 1)}::int[],
                ${col((e) => e.building.grossBaseCm2)}::int[], ${col((e) => e.building.noInterior)}::boolean[],
                ${col((e) => e.building.shops)}::boolean[], ${col((e) => e.building.meter)}::boolean[])
         AS p(entrance_id, building_id, units, per_floor, base, branch_no, gross_base, no_interior, shops, meter)
    CROSS JOIN LATERAL generate_series(0, p.units - 1) AS k
    CROSS JOIN LATERAL (SELECT ((p.base + k)::bigint * 2654435761) % 4294967296 AS h) x
    CROSS JOIN LATERAL (SELECT round((p.gross_base + (k % p.per_floor) * 1150 % 2600 + p.entrance_id % 97) / 100.0, 2) AS gross) g`);
}

/** One primary branch line per station, one secondary line from the station to each building. */
async function insertPipes(tx: Db): Promise<void> {
  await tx.execute(sql`
    INSERT INTO pipe_segments (branch_id, code, name, to_station_id, length_m, network)
    SELECT branch_id, 'P1-' || code, name || '一次网支线', id, 300 + id * 37 % 1700, 'primary' FROM stations`);
  await tx.execute(sql`
    INSERT INTO pipe_segments (branch_id, code, name, from_station_id, to_building_id, length_m, network)
    SELECT s.branch_id, 'P2-' || s.code || '-' || b.id, s.name || '至' || c.name || b.name, s.id, b.id, 30 + b.id * 53 % 270, 'secondary'
    FROM buildings b JOIN stations s ON s.id = b.station_id JOIN compounds c ON c.id = b.compound_id`);
}

/** Generated stewards (with a deputy from the same crew) and crew leads: contacts without a password. */
async function insertStaff(
  tx: Db,
  now: string,
  org: { grids: { id: number; code: string; crew: number; skip: boolean }[]; crews: { id: number; branchId: number; skip: boolean }[] },
): Promise<void> {
  const grids = org.grids.filter((g) => !g.skip);
  const stewards = await insertAll(tx, 'users', [
    ['role', 'text', grids.map(() => 'steward')],
    ['name', 'text', grids.map((_, i) => personName(i * 7 + 3))],
    ['username', 'text', grids.map((g) => `steward.${g.code.toLowerCase()}`)],
    ['phone', 'text', grids.map((_, i) => `137${String(10_000_000 + i).slice(-8)}`)],
    ['created_at', 'timestamptz', grids.map(() => now)],
    ['updated_at', 'timestamptz', grids.map(() => now)],
  ], ['username']);
  const stewardOf = (g: { code: string }) => stewards.get(`steward.${g.code.toLowerCase()}`)!;
  const deputyOf = (g: (typeof grids)[number]) => {
    const mates = grids.filter((o) => o.crew === g.crew);
    return mates.length > 1 ? stewardOf(mates[(mates.indexOf(g) + 1) % mates.length]!) : null;
  };
  await insertAll(tx, 'grid_assignments', [
    ['grid_id', 'int', grids.map((g) => g.id)],
    ['steward_user_id', 'int', grids.map(stewardOf)],
    ['deputy_user_id', 'int', grids.map(deputyOf)],
    ['valid_from', 'date', grids.map(() => '2025-09-01')],
  ]);
  const crews = org.crews.filter((c) => !c.skip);
  const leads = await insertAll(tx, 'users', [
    ['role', 'text', crews.map(() => 'crew_lead')],
    ['name', 'text', crews.map((_, i) => personName(i * 11 + 5))],
    ['username', 'text', crews.map((c) => `crewlead.${c.id}`)],
    ['phone', 'text', crews.map((_, i) => `136${String(10_000_000 + i).slice(-8)}`)],
    ['created_at', 'timestamptz', crews.map(() => now)],
    ['updated_at', 'timestamptz', crews.map(() => now)],
  ], ['username']);
  await insertAll(tx, 'user_scopes', [
    ['user_id', 'int', [...grids.map(stewardOf), ...crews.map((c) => leads.get(`crewlead.${c.id}`)!)]],
    ['kind', 'text', [...grids.map(() => 'grid'), ...crews.map(() => 'branch')]],
    ['ref_id', 'int', [...grids.map((g) => g.id), ...crews.map((c) => c.branchId)]],
  ]);
  await tx.execute(sql`
    UPDATE crews SET lead_user_id = u.id FROM users u WHERE u.username = 'crewlead.' || crews.id`);
}

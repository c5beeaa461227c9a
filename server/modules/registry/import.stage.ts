import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../kernel/db.ts';
import type { ColumnKey, StagedRow } from './import.columns.ts';
import { inIds } from './scope.ts';

/**
 * The set-based half of an import. Checked rows go into a temporary staging table in large
 * unnest() batches; the checks that need the registry (unknown compound, unknown grid, account
 * numbers twice in the file …) are then a handful of SQL statements over the whole file, not one
 * round trip per row. The table lives in the import's transaction and vanishes with it.
 */
export async function createStage(tx: Db): Promise<void> {
  await tx.execute(sql`
    CREATE TEMP TABLE import_stage (
      row_no int NOT NULL, account_no text NOT NULL, community text, compound text NOT NULL,
      building text NOT NULL, entrance text NOT NULL, room text NOT NULL, holder_name text NOT NULL,
      phone text, gross numeric(10, 2) NOT NULL, interior numeric(10, 2), customer_type text, status text,
      grid text, station text, has_heat_meter boolean
    ) ON COMMIT DROP`);
}

export async function stageRows(tx: Db, rows: StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(pick: (r: StagedRow) => T) => sql.param(rows.map(pick));
  await tx.execute(sql`
    INSERT INTO import_stage (row_no, account_no, community, compound, building, entrance, room, holder_name,
                              phone, gross, interior, customer_type, status, grid, station, has_heat_meter)
    SELECT * FROM unnest(${col((r) => r.rowNo)}::int[], ${col((r) => r.accountNo)}::text[], ${col((r) => r.community)}::text[],
      ${col((r) => r.compound)}::text[], ${col((r) => r.building)}::text[], ${col((r) => r.entrance)}::text[],
      ${col((r) => r.room)}::text[], ${col((r) => r.holderName)}::text[], ${col((r) => r.phone)}::text[],
      ${col((r) => r.grossM2)}::numeric[], ${col((r) => r.interiorM2)}::numeric[], ${col((r) => r.customerType)}::text[],
      ${col((r) => r.status)}::text[], ${col((r) => r.grid)}::text[], ${col((r) => r.station)}::text[],
      ${col((r) => r.hasHeatMeter)}::boolean[])`);
}

/**
 * The staged rows with the registry ids they name, written once as import_rows: compound (by
 * name, within the community when the file gives one), existing building, grid and station.
 * One CREATE … AS SELECT instead of an UPDATE per id keeps a 1.3 M-row file to one pass.
 */
export async function resolveStage(tx: Db): Promise<void> {
  await tx.execute(sql`
    CREATE TEMP TABLE import_rows ON COMMIT DROP AS
    SELECT s.*, CASE WHEN r.n = 1 THEN r.id END AS compound_id, r.n AS compound_matches,
           CASE WHEN r.n = 1 THEN r.branch_id END AS branch_id,
           b.id AS building_id, b.grid_id AS building_grid_id, b.station_id AS building_station_id,
           g.id AS grid_id, g.branch_id AS grid_branch_id, st.id AS station_id, st.branch_id AS station_branch_id
    FROM import_stage s
    JOIN (SELECT k.compound, k.community, count(c.id)::int AS n, min(c.id) AS id, min(c.branch_id) AS branch_id
          FROM (SELECT DISTINCT compound, community FROM import_stage) k
          LEFT JOIN (compounds c JOIN communities m ON m.id = c.community_id)
            ON replace(c.name, ' ', '') = k.compound AND (k.community IS NULL OR replace(m.name, ' ', '') = k.community)
          GROUP BY k.compound, k.community) r
      ON r.compound = s.compound AND r.community IS NOT DISTINCT FROM s.community
    LEFT JOIN buildings b ON r.n = 1 AND b.compound_id = r.id AND b.name = s.building
    LEFT JOIN (SELECT g.id, g.code, sec.branch_id FROM grids g JOIN crews cr ON cr.id = g.crew_id JOIN sections sec ON sec.id = cr.section_id) g
      ON g.code = s.grid
    LEFT JOIN stations st ON st.code = s.station`);
  // Temporary tables are never auto-analysed; without statistics the checks and joins plan badly.
  await tx.execute(sql`ANALYZE import_rows`);
}

export interface StageProblem {
  row: number;
  key: ColumnKey;
  value: string;
  message: string;
}

/**
 * Every rule that needs the whole file or the registry, as one UNION ALL. `branches` limits a
 * clerk to their own branch; 'all' for company-wide accounts and the CLI.
 */
function stageChecks(branches: number[] | 'all'): SQL {
  const foreign = (column: SQL) => (branches === 'all' ? sql`false` : sql`NOT ${inIds(column, branches)}`);
  return sql`
    SELECT s.row_no, 'accountNo' AS key, s.account_no AS value, 'the same account number is on row ' || d.first_row AS message
    FROM import_rows s
    JOIN (SELECT account_no, min(row_no) AS first_row FROM import_rows GROUP BY account_no HAVING count(*) > 1) d
      ON d.account_no = s.account_no AND s.row_no <> d.first_row
    UNION ALL
    SELECT row_no, 'compound', compound, CASE WHEN community IS NULL THEN 'no compound of this name in the registry'
                                             ELSE 'no compound of this name in community ' || community END
    FROM import_rows WHERE compound_matches = 0
    UNION ALL
    SELECT row_no, 'compound', compound, 'several compounds have this name: add the 社区 (community) column'
    FROM import_rows WHERE compound_matches > 1
    UNION ALL
    SELECT row_no, 'compound', compound, 'this compound belongs to another branch' FROM import_rows
    WHERE branch_id IS NOT NULL AND ${foreign(sql`branch_id`)}
    UNION ALL
    SELECT s.row_no, 'accountNo', s.account_no, 'this account number belongs to a household of another branch'
    FROM import_rows s JOIN households h ON h.account_no = s.account_no JOIN buildings b ON b.id = h.building_id
    JOIN compounds c ON c.id = b.compound_id WHERE ${foreign(sql`c.branch_id`)}
    UNION ALL
    SELECT row_no, 'grid', grid, 'unknown grid code' FROM import_rows WHERE grid IS NOT NULL AND grid_id IS NULL
    UNION ALL
    SELECT row_no, 'station', station, 'unknown station code' FROM import_rows WHERE station IS NOT NULL AND station_id IS NULL
    UNION ALL
    SELECT row_no, 'grid', grid, 'this building is in another grid: move buildings in the registry, not by import'
    FROM import_rows WHERE building_id IS NOT NULL AND grid_id IS NOT NULL AND grid_id <> building_grid_id
    UNION ALL
    SELECT row_no, 'station', station, 'this building is fed by another station: change it in the registry, not by import'
    FROM import_rows WHERE building_id IS NOT NULL AND station_id IS NOT NULL AND station_id IS DISTINCT FROM building_station_id
    UNION ALL
    SELECT row_no, 'grid', coalesce(grid, ''), 'the grid belongs to another branch than the compound'
    FROM import_rows WHERE building_id IS NULL AND grid_branch_id <> branch_id
    UNION ALL
    SELECT row_no, 'station', coalesce(station, ''), 'the station belongs to another branch than the compound'
    FROM import_rows WHERE building_id IS NULL AND station_branch_id <> branch_id
    UNION ALL
    SELECT s.row_no, 'building', s.building,
           CASE WHEN n.grids = 0 THEN 'building ' || s.building || ' is new: give its grid code (网格) to create it'
                ELSE 'the rows of new building ' || s.building || ' name different grids or stations' END
    FROM import_rows s
    JOIN (SELECT compound_id, building, count(DISTINCT grid)::int AS grids, count(DISTINCT station)::int AS stations
          FROM import_rows WHERE building_id IS NULL AND compound_id IS NOT NULL GROUP BY compound_id, building) n
      ON n.compound_id = s.compound_id AND n.building = s.building AND s.building_id IS NULL
    WHERE n.grids <> 1 OR n.stations > 1`;
}

export async function stageProblems(tx: Db, branches: number[] | 'all', limit: number): Promise<{ problems: StageProblem[]; badRows: number[] }> {
  await tx.execute(sql`CREATE TEMP TABLE import_problems ON COMMIT DROP AS ${stageChecks(branches)}`);
  const problems = await queryRows<{ row_no: number; key: ColumnKey; value: string | null; message: string }>(
    tx,
    sql`SELECT * FROM import_problems ORDER BY row_no LIMIT ${limit}`,
  );
  const rows = await queryRows<{ row_no: number }>(tx, sql`SELECT DISTINCT row_no FROM import_problems`);
  return {
    problems: problems.map((p) => ({ row: p.row_no, key: p.key, value: p.value ?? '', message: p.message })),
    badRows: rows.map((r) => r.row_no),
  };
}

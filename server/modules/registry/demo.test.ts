import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { seedDemo } from '../../seed/demo.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { planCity } from './demo.plan.ts';
import { currentStewardOfGrid } from './stewards.service.ts';

let t: TestApp;
let seconds = 0;
beforeAll(async () => {
  t = await createTestApp();
  const started = Date.now();
  await seedDemo(t.deps);
  seconds = (Date.now() - started) / 1000;
});
afterAll(() => t.close());

const one = async <T>(query: ReturnType<typeof sql>) => (await queryRows<T>(t.database.db, query))[0]!;

describe('the demo city of npm start', () => {
  it('is seeded in seconds with a few thousand households', async () => {
    expect(seconds).toBeLessThan(10);
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM households`)).n).toBe(3000);
  });

  it('has the story: 代书胡同社区, 金色港湾社区, the vacuum and the unmanaged compound', async () => {
    const rows = await queryRows<{ community: string; compound: string }>(
      t.database.db,
      sql`SELECT m.name AS community, c.name AS compound FROM compounds c JOIN communities m ON m.id = c.community_id ORDER BY c.id`,
    );
    expect(rows.slice(0, 3)).toEqual([
      { community: '金色港湾社区', compound: '金色港湾小区' },
      { community: '金色港湾社区', compound: '港湾路8号院' },
      { community: '代书胡同社区', compound: '代书胡同3号院' },
    ]);
    const branch = await one<{ name: string }>(sql`SELECT name FROM branches ORDER BY id LIMIT 1`);
    expect(branch.name).toBe('郑州热力东区分公司');
  });

  it('gives every grid a steward today, and the demo accounts real scope', async () => {
    const grids = await queryRows<{ id: number }>(t.database.db, sql`SELECT id FROM grids`);
    for (const g of grids) expect(await currentStewardOfGrid(t.database.db, g.id, '2026-11-20'), `grid ${g.id}`).not.toBeNull();
    const resident = await one<{ address: string; phone: string }>(
      sql`SELECT c.name || ' ' || b.name || ' ' || e.name || ' ' || h.room AS address, h.phone
          FROM user_scopes s JOIN users u ON u.id = s.user_id JOIN households h ON h.id = s.ref_id
          JOIN buildings b ON b.id = h.building_id JOIN compounds c ON c.id = b.compound_id JOIN entrances e ON e.id = h.entrance_id
          WHERE u.username IS NULL AND u.role = 'resident' AND s.kind = 'household'`,
    );
    expect(resident).toEqual({ address: '金色港湾小区 3号楼 1单元 502', phone: '13800000001' });
    const steward = await one<{ name: string; grid: number }>(
      sql`SELECT u.name, s.ref_id AS grid FROM users u JOIN user_scopes s ON s.user_id = u.id WHERE u.username = 'steward'`,
    );
    expect((await currentStewardOfGrid(t.database.db, steward.grid, '2026-11-20'))!.stewardName).toBe('网格员 张伟');
    const lead = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM crews c JOIN users u ON u.id = c.lead_user_id WHERE u.username = 'crewlead'`);
    expect(lead.n).toBe(1);
  });

  it('has realistic households: areas 50–160 m², some without interior area, non-residential and suspended ones', async () => {
    const stats = await one<{ min: string; max: string; no_interior: number; non_residential: number; suspended: number; phones: number }>(sql`
      SELECT min(gross_area_m_2) AS min, max(gross_area_m_2) AS max,
             count(*) FILTER (WHERE interior_area_m_2 IS NULL)::int AS no_interior,
             count(*) FILTER (WHERE customer_type = 'nonResidential')::int AS non_residential,
             count(*) FILTER (WHERE status = 'suspended')::int AS suspended,
             count(DISTINCT phone)::int AS phones
      FROM households`);
    expect(Number(stats.min)).toBeGreaterThanOrEqual(50);
    expect(Number(stats.max)).toBeLessThanOrEqual(160);
    expect(stats.no_interior).toBeGreaterThan(0);
    expect(stats.non_residential).toBeGreaterThan(0);
    expect(stats.suspended).toBeGreaterThan(0);
    const feeds = await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM buildings GROUP BY station_id`);
    expect(feeds.every((f) => f.n <= 40)).toBe(true);
    expect((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM pipe_segments`)).n).toBeGreaterThan(30);
  });
});

describe('planCity', () => {
  it('is deterministic and scales to Zhengzhou (1.3 M households, stations feeding 5–40 buildings)', () => {
    expect(planCity(5000)).toEqual(planCity(5000));
    const city = planCity(1_300_000);
    expect(city.households).toBe(1_300_000);
    expect(city.branches.length).toBeGreaterThan(5);
    const perStation = new Map<number, number>();
    for (const b of city.compounds.flatMap((c) => c.buildings)) perStation.set(b.station, (perStation.get(b.station) ?? 0) + 1);
    expect(Math.max(...perStation.values())).toBeLessThanOrEqual(40);
  });
});

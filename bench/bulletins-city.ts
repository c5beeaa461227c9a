/**
 * Shapes a copy of the benchmark city for bench:bulletins (idempotent; it writes to the database
 * it is given, so run it on your own copy, BENCH_CITY_DB): 2,000 communities each with a
 * linkage group, one compound in ten in a vacuum since 15 January, the season's bills, and a
 * season of repair requests (≥ 500,000), all set-based in SQL.
 *
 * The demo city has 443 communities and 1,893 compounds; to reach 2,000 communities, the 200
 * compounds with the most buildings are split in two (the even-numbered buildings move to a
 * "二区" compound) and the compounds are dealt out over 2,000 communities.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../server/kernel/actor.ts';
import { systemClock } from '../server/kernel/clock.ts';
import { queryRows, type Db } from '../server/kernel/db.ts';
import { silentLogger } from '../server/kernel/logger.ts';
import { runBillBatches, startBillRun } from '../server/modules/billing/index.ts';

export const COMMUNITIES = 2_000;
export const REQUESTS = 520_000;
export const SEASON = '2026-27';
/** Requests run from the season's first day up to the bulletin time of BULLETIN_DATE. */
export const SEASON_START = '2026-11-15T00:00:00+08:00';
export const BULLETIN_DATE = '2027-03-10';
export const BULLETIN_AT = '2027-03-10T07:00:00+08:00';

const count = async (db: Db, q: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(db, q))[0]!.n;
const step = async (what: string, run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  console.log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
};

export async function prepareBulletinCity(db: Db): Promise<void> {
  if ((await count(db, sql`SELECT count(DISTINCT community_id)::int AS n FROM compounds`)) < COMMUNITIES) {
    await step('split 200 compounds and deal the compounds out over 2,000 communities', () =>
      db.transaction(async (tx) => {
        await tx.execute(sql`
          WITH big AS (
            SELECT c.id, c.community_id, c.branch_id, c.name, c.address FROM compounds c
            WHERE (SELECT count(*) FROM buildings b WHERE b.compound_id = c.id) >= 4 ORDER BY c.id LIMIT 200),
          made AS (
            INSERT INTO compounds (community_id, branch_id, name, address)
            SELECT community_id, branch_id, name || ' 二区', address FROM big RETURNING id, name, community_id),
          pairs AS (SELECT big.id AS old_id, made.id AS new_id FROM big JOIN made ON made.name = big.name || ' 二区' AND made.community_id = big.community_id),
          numbered AS (SELECT b.id, p.new_id, row_number() OVER (PARTITION BY b.compound_id ORDER BY b.id) AS n FROM buildings b JOIN pairs p ON p.old_id = b.compound_id)
          UPDATE buildings b SET compound_id = numbered.new_id FROM numbered WHERE numbered.id = b.id AND numbered.n % 2 = 0`);
        await tx.execute(sql`
          INSERT INTO communities (subdistrict_id, name)
          SELECT (SELECT min(id) FROM subdistricts), '基准社区' || lpad(g::text, 4, '0')
          FROM generate_series(1, ${COMMUNITIES} - (SELECT count(*) FROM communities)) g`);
        await tx.execute(sql`
          WITH cm AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM communities),
               cp AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM compounds)
          UPDATE compounds c SET community_id = cm.id FROM cp JOIN cm ON cm.k = cp.k % ${COMMUNITIES} WHERE cp.id = c.id`);
      }),
    );
  }
  if ((await count(db, sql`SELECT count(*)::int AS n FROM compound_mode_events WHERE effective_on = '2027-01-15'`)) === 0) {
    await step('one compound in ten into a vacuum from 15 Jan', () =>
      db.execute(sql`INSERT INTO compound_mode_events (compound_id, effective_on, from_mode, to_mode, reason, recorded_at)
                     SELECT id, '2027-01-15', 'agent', 'direct', 'no_company', now() FROM compounds WHERE id % 10 = 0`));
  }
  await step('a linkage group per community', () =>
    db.execute(sql`INSERT INTO linkage_groups (community_id, branch_id, name, status, origin, created_at)
                   SELECT cm.id, min(c.branch_id), cm.name || ' 热力-社区联动工作群', 'active', 'admin', ${SEASON_START}::timestamptz
                   FROM communities cm JOIN compounds c ON c.community_id = cm.id GROUP BY cm.id
                   ON CONFLICT (community_id) DO NOTHING`));
  if ((await count(db, sql`SELECT count(*)::int AS n FROM bills WHERE season = ${SEASON}`)) === 0) {
    await step(`the ${SEASON} bill run (billing's own service)`, async () => {
      const deps = { db, clock: systemClock, log: silentLogger };
      const { run } = await startBillRun(deps, systemActor, { season: SEASON });
      await runBillBatches(deps, systemActor, run.id);
    });
  }
  const have = await count(db, sql`SELECT count(*)::int AS n FROM repair_requests`);
  if (have < REQUESTS) await step(`${(REQUESTS - have).toLocaleString()} repair requests over the season`, () => insertRequests(db, REQUESTS - have));
  await step('VACUUM ANALYZE', () => db.execute(sql`VACUUM ANALYZE`));
}

/**
 * Requests spread evenly over [SEASON_START, BULLETIN_AT) on households picked by a stride; the
 * last two days' are still open in every state (some of them overdue), the rest closed with
 * their clocks met. One field user owns them all: bulletins do not read the assignee.
 */
async function insertRequests(db: Db, n: number): Promise<void> {
  await db.execute(sql`
    WITH u AS (SELECT min(id) AS id FROM users WHERE role = 'steward'),
         hs AS (SELECT min(id) AS lo, max(id) - min(id) + 1 AS span FROM households),
         g AS (SELECT i, ${SEASON_START}::timestamptz + (${BULLETIN_AT}::timestamptz - ${SEASON_START}::timestamptz) * (i::float8 / ${n}) AS at
               FROM generate_series(0, ${n} - 1) i),
         pick AS (SELECT g.i, g.at, h.id AS household_id, h.building_id, bu.grid_id, bu.station_id,
                         (ARRAY['not_warm','not_warm','not_warm','no_heat','leak','valve','noise','other'])[1 + g.i % 8] AS category,
                         CASE WHEN g.at < ${BULLETIN_AT}::timestamptz - interval '2 days' THEN 'confirmed'
                              ELSE (ARRAY['submitted','accepted','on_site','waiting','resolved','confirmed'])[1 + g.i % 6] END AS status
                  FROM g, hs JOIN households h ON true JOIN buildings bu ON bu.id = h.building_id
                  WHERE h.id = hs.lo + (g.i::bigint * 104729) % hs.span)
    INSERT INTO repair_requests (household_id, building_id, grid_id, station_id, city, category, priority, channel, reported_by, status,
                                 assignee_user_id, waiting_since, paused_from, first_response_due_at, on_site_due_at, resolve_due_at,
                                 responded_at, on_site_at, resolved_at, closed_at, created_at, updated_at)
    SELECT p.household_id, p.building_id, p.grid_id, p.station_id, 'zhengzhou', p.category, CASE WHEN p.i % 20 = 0 THEN 'urgent' ELSE 'normal' END,
           (ARRAY['app','hotline','steward','liaison'])[1 + p.i % 4], u.id, p.status, u.id,
           CASE WHEN p.status = 'waiting' THEN p.at + interval '3 hours' END, CASE WHEN p.status = 'waiting' THEN 'on_site' END,
           p.at + interval '1 hour', p.at + interval '6 hours', p.at + interval '24 hours',
           CASE WHEN p.status <> 'submitted' THEN p.at + interval '20 minutes' END,
           CASE WHEN p.status IN ('on_site', 'waiting', 'resolved', 'confirmed') THEN p.at + interval '2 hours' END,
           CASE WHEN p.status IN ('resolved', 'confirmed') THEN p.at + interval '5 hours' END,
           CASE WHEN p.status = 'confirmed' THEN p.at + interval '2 days' END,
           p.at, p.at
    FROM pick p, u`);
}

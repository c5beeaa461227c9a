import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { makeHousehold } from '../../test/factories.ts';
import { billSeason } from '../billing/billing.test-kit.ts';
import { incidents } from '../repairs/index.ts';
import { reductionForDay, rulesOn, seasonByCode, type BillableHousehold } from '../rulebook/index.ts';
import { statementLines, type FindingIn } from './settlement.calc.ts';
import { makeTemperatureCity, measurement, type TemperatureCity } from './temperature.test-kit.ts';

const SELF_CHECK = { airBled: true, valveOpen: true, radiatorUncovered: true, windowsClosed: true };
/** 100 m² gross → 90 m² billed × 0.19 元/m²·day = 17.10 元 a day in both shipped cities. */
const HOUSEHOLD: BillableHousehold = { customerType: 'residential', grossAreaCm2: 10_000, interiorAreaCm2: null, status: 'heating' };
const DAILY_FEN = 1710;

describe('reduction tiers, day by day, against both shipped rulebooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const at = (iso: string) => new Date(iso);
  const finding = (resultC: number, measuredAt: string, measuredOn: string): FindingIn => ({ resultC, measuredAt: at(measuredAt), measuredOn, outdoorMeanC: 1, outcome: resultC < 18 ? 'below_standard' : 'compliant' });

  // [city, measured °C, tier percent, basic fee deducted first]
  const cases: [string, number, number, number][] = [
    ['zhengzhou', 17.9, 50, 0],
    ['zhengzhou', 16, 50, 0],
    ['zhengzhou', 14, 50, 0],
    ['zhengzhou', 13.9, 100, 0],
    ['zhengzhou', 8, 100, 0],
    ['xian', 17.9, 20, 30],
    ['xian', 16, 20, 30],
    ['xian', 15.9, 50, 30],
    ['xian', 14, 50, 30],
    ['xian', 13.9, 100, 30],
  ];
  it.each(cases)('%s at %s °C: tier %s percent after a basic fee of %s percent, every counted day', async (city, celsius, tier, basic) => {
    const { rules } = await rulesOn(t.deps.db, city, '2026-11-25');
    const season = seasonByCode(rules, '2026-27');
    const lines = statementLines(rules, season, HOUSEHOLD, {
      periods: [{ requestedAt: at('2026-11-25T01:00:00Z'), startsOn: '2026-11-25', endsOn: '2026-11-29', closedAt: at('2026-11-29T03:00:00Z'), openedByMeasuredAt: at('2026-11-25T04:00:00Z') }],
      findings: [finding(celsius, '2026-11-25T04:00:00Z', '2026-11-25'), finding(18.5, '2026-11-29T03:00:00Z', '2026-11-29')],
      outages: [],
      until: '2026-12-10',
      now: at('2026-12-10T00:00:00Z'),
    });
    expect(lines.map((l) => l.day)).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28']);
    const expectedFen = Math.round((DAILY_FEN * (100 - basic) * tier) / 10_000);
    for (const line of lines) {
      expect(line).toMatchObject({ kind: 'temperature', measuredC: celsius, tierPercent: tier, reason: 'below_standard', reductionFen: expectedFen });
      const byRulebook = reductionForDay(rules, { household: HOUSEHOLD, seasonCode: '2026-27', hoursBelowStandard: 98, date: line.day, measuredC: celsius });
      expect(line.reductionE10).toBe(byRulebook.reductionE10);
    }
  });

  it.each(['zhengzhou', 'xian'])('%s: no reduction in the first five days, for a short episode, or at the standard', async (city) => {
    const { rules } = await rulesOn(t.deps.db, city, '2026-11-16');
    const season = seasonByCode(rules, '2026-27');
    const early = statementLines(rules, season, HOUSEHOLD, {
      periods: [{ requestedAt: at('2026-11-16T01:00:00Z'), startsOn: '2026-11-16', endsOn: '2026-11-22', closedAt: at('2026-11-22T01:00:00Z'), openedByMeasuredAt: at('2026-11-16T02:00:00Z') }],
      findings: [finding(15, '2026-11-16T02:00:00Z', '2026-11-16')],
      outages: [],
      until: '2026-12-01',
      now: at('2026-12-01T00:00:00Z'),
    });
    expect(early.map((l) => [l.day, l.reason])).toEqual([
      ['2026-11-16', 'season_start_excluded'],
      ['2026-11-17', 'season_start_excluded'],
      ['2026-11-18', 'season_start_excluded'],
      ['2026-11-19', 'season_start_excluded'],
      ['2026-11-20', 'below_standard'],
      ['2026-11-21', 'below_standard'],
    ]);
    const short = statementLines(rules, season, HOUSEHOLD, {
      periods: [{ requestedAt: at('2026-12-01T01:00:00Z'), startsOn: '2026-12-01', endsOn: '2026-12-02', closedAt: at('2026-12-02T09:00:00Z'), openedByMeasuredAt: at('2026-12-01T02:00:00Z') }],
      findings: [finding(15, '2026-12-01T02:00:00Z', '2026-12-01')],
      outages: [],
      until: '2026-12-10',
      now: at('2026-12-10T00:00:00Z'),
    });
    expect(short).toEqual([expect.objectContaining({ reason: 'below_standard_too_short', reductionFen: 0 })]);
  });
});

describe('settlement run', () => {
  let t: TestApp;
  let city: TemperatureCity;
  let neighbour: number;
  beforeAll(async () => {
    t = await createTestApp();
    city = await makeTemperatureCity(t);
    neighbour = (await makeHousehold(t.deps.db, { buildingId: city.buildingId, grossAreaM2: '100.00' })).id;
    await billSeason(t, '2026-27');
  });
  afterAll(() => t.close());

  it('credits reduced days and a long outage once, however often it runs', async () => {
    // Day 20 November (the first counted day): complaint, then 15.2 °C officially.
    const complaint = (await city.resident.post('/api/temperature/complaints', { selfCheck: SELF_CHECK })).json();
    t.clock.advance(3 * 3_600_000);
    expect((await city.steward.post('/api/temperature/measurements', measurement(city, 15.2, { complaintId: complaint.id }))).statusCode).toBe(201);
    // A station outage of 14 hours on 21 November, recorded by repairs as an incident.
    await t.deps.db.insert(incidents).values({
      scope: 'station', stationId: city.stationId, gridId: city.gridId, city: 'zhengzhou', status: 'resolved',
      startedAt: new Date('2026-11-20T16:00:00Z'), openedAt: new Date('2026-11-20T16:10:00Z'), resolvedAt: new Date('2026-11-21T06:00:00Z'),
    });
    t.clock.advance(3 * 86_400_000);
    const steward = await t.loginAs('steward', [{ kind: 'grid', refId: city.gridId }]);
    expect((await steward.post('/api/temperature/measurements', measurement(city, 18.6, { complaintId: complaint.id }))).json().outcome).toBe('compliant');

    t.clock.advance(86_400_000);
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: city.branchId }]);
    const first = await clerk.post('/api/temperature/settlements', { season: '2026-27' });
    expect(first.statusCode, first.body).toBe(200);
    // 20 and 22 Nov at half the fee; 21 Nov the outage's 14 h of 24 beat the half day.
    const outageFen = Math.round((DAILY_FEN * 14) / 24);
    expect(first.json()).toMatchObject({ households: 2, creditedFen: 2 * 855 + outageFen + outageFen, creditNotes: 3, skipped: [] });

    const second = await clerk.post('/api/temperature/settlements', { season: '2026-27' });
    expect(second.json()).toMatchObject({ households: 2, creditedFen: 0, creditNotes: 0 });
    const [notes] = await queryRows<{ n: number; fen: number }>(t.deps.db, sql`SELECT count(*)::int AS n, sum(amount_fen)::int AS fen FROM credit_notes WHERE household_id IN (${city.householdId}, ${neighbour})`);
    expect(notes).toEqual({ n: 3, fen: 2 * 855 + 2 * outageFen });

    const resident = await t.loginAs('resident', [{ kind: 'household', refId: city.householdId }]);
    const stranger = await t.loginAs('resident', [{ kind: 'household', refId: city.otherHouseholdId }]);
    const statement = (await resident.get('/api/temperature/statement?season=2026-27')).json();
    expect(statement.days.map((d: { day: string; kind: string; reductionFen: number }) => [d.day, d.kind, d.reductionFen])).toEqual([
      ['2026-11-20', 'temperature', 855],
      ['2026-11-21', 'outage', outageFen],
      ['2026-11-22', 'temperature', 855],
    ]);
    expect(statement).toMatchObject({ reducedDays: 3, owedFen: 855 * 2 + outageFen, periods: [{ startsOn: '2026-11-20', endsOn: '2026-11-23' }] });
    expect(statement.credits).toHaveLength(2);
    expect((await stranger.get(`/api/temperature/statement?householdId=${city.householdId}`)).statusCode).toBe(403);
  });

  it('reports a household billing refuses (no bill) and still settles the others of its batch', async () => {
    // A flat connected after the bill run, fed by the same station: the outage reduces it too.
    const late = await makeHousehold(t.deps.db, { buildingId: city.buildingId, grossAreaM2: '100.00' });
    const clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: city.branchId }]);
    const run = await clerk.post('/api/temperature/settlements', { season: '2026-27' });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ households: 3, creditedFen: 0, creditNotes: 0, skipped: [{ householdId: late.id, reason: expect.stringContaining('no bill') }] });
    const [days] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM temperature_reduction_days WHERE household_id = ${late.id}`);
    expect(days!.n).toBe(1);
    const [notes] = await queryRows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM credit_notes WHERE household_id = ${late.id}`);
    expect(notes!.n).toBe(0);
  });

  it('is for the business office only', async () => {
    const steward = await t.loginAs('steward', [{ kind: 'grid', refId: city.gridId }]);
    expect((await steward.post('/api/temperature/settlements', { season: '2026-27' })).statusCode).toBe(403);
  });
});

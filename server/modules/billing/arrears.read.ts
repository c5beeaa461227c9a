/**
 * Arrears lists (欠费清单): households whose season bill is still unpaid after the collection
 * window closed (rulebook collectionWindow, per city), with what they owe, how often they were
 * reminded and where their valve stands. Scope as in the registry: a clerk their branch, a
 * steward their grid, a liaison their community. One FROM/WHERE serves the page, the export and
 * the reminders, so they can never disagree about who is in arrears.
 */
import { sql, type SQL } from 'drizzle-orm';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import { businessDate, type BusinessDate } from '../../kernel/business-time.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { placeVisible, reachOf } from '../registry/index.ts';
import { collectionWindowOf, defaultCityCode, knownCities, rulesOn, seasonCodeFor } from '../rulebook/index.ts';
import type { ArrearsList, ArrearsQuery, ArrearsRow, ValveState } from './arrears.contract.ts';
import { workbookBuffer } from './workbook.ts';

export interface ArrearsDay {
  city: string;
  today: BusinessDate;
  windowEnd: BusinessDate;
  remindersBeforeValveClose: number;
}

const ARREARS_ROLES = ['clerk', 'admin', 'steward', 'crew_lead', 'liaison'] as const;

/** For each rulebook city: today, the end of the season's collection window, the reminder count. */
export async function arrearsCalendar(db: Db, clock: Clock, season: string): Promise<ArrearsDay[]> {
  const startYear = Number(season.slice(0, 4));
  return Promise.all(
    (await knownCities(db)).map(async (c) => {
      const today = businessDate(clock.now(), c.rules.city.timeZone);
      const { rules } = await rulesOn(db, c.city, today);
      return { city: c.city, today, windowEnd: collectionWindowOf(rules, startYear).end, remindersBeforeValveClose: rules.arrears.remindersBeforeValveClose };
    }),
  );
}

/** The latest season whose collection window has closed, by the default city's rulebook. */
export async function defaultArrearsSeason(db: Db, clock: Clock): Promise<string> {
  const city = (await knownCities(db)).find((c) => c.city === defaultCityCode) ?? (await knownCities(db))[0]!;
  const today = businessDate(clock.now(), city.rules.city.timeZone);
  const year = Number(today.slice(0, 4));
  return collectionWindowOf(city.rules, year).end < today ? seasonCodeFor(year) : seasonCodeFor(year - 1);
}

export type ArrearsFilters = Pick<ArrearsQuery, 'compoundId' | 'gridId' | 'communityId'> & { householdIds?: number[] };

/** Refuses roles without arrears duties and a steward asking for a grid that is not theirs. */
function visible(actor: Actor, f: ArrearsFilters): SQL {
  if (!hasRole(actor, ...ARREARS_ROLES)) throw new Forbidden('Arrears lists are for the business office, stewards and community liaisons', 'role_not_allowed', { role: actor.role });
  if (hasRole(actor, 'steward') && f.gridId !== undefined && !scopeIds(actor, 'grid').includes(f.gridId)) {
    throw new Forbidden('A steward sees the arrears of their own grid only', 'outside_your_grid');
  }
  return placeVisible(reachOf(actor), { branchId: sql`c.branch_id`, communityId: sql`c.community_id`, compoundId: sql`c.id`, gridId: sql`bu.grid_id`, householdId: sql`h.id` }) ?? sql`true`;
}

function calendarSql(days: ArrearsDay[]): SQL {
  return sql`(VALUES ${sql.join(days.map((d) => sql`(${d.city}, ${d.today}::date, ${d.windowEnd}::date)`), sql`, `)}) AS cal(city, today, window_end)`;
}

/** FROM … WHERE of the households in arrears for the season, as the actor may see them. */
export function arrearsFrom(actor: Actor, season: string, days: ArrearsDay[], f: ArrearsFilters): SQL {
  const filters = [
    f.compoundId !== undefined ? sql`AND c.id = ${f.compoundId}` : sql``,
    f.gridId !== undefined ? sql`AND bu.grid_id = ${f.gridId}` : sql``,
    f.communityId !== undefined ? sql`AND c.community_id = ${f.communityId}` : sql``,
    f.householdIds ? sql`AND h.id IN (${sql.join(f.householdIds.map((i) => sql`${i}`), sql`, `)})` : sql``,
  ];
  return sql`
    FROM bills b
    JOIN households h ON h.id = b.household_id
    JOIN entrances e ON e.id = h.entrance_id
    JOIN buildings bu ON bu.id = h.building_id
    JOIN grids g ON g.id = bu.grid_id
    JOIN compounds c ON c.id = bu.compound_id
    JOIN branches br ON br.id = c.branch_id
    JOIN ${calendarSql(days)} ON cal.city = br.city
    LEFT JOIN LATERAL (
      SELECT coalesce(sum(je.credit_fen - je.debit_fen), 0) AS fen FROM ledger_accounts la
        JOIN journal_entries je ON je.account_id = la.id WHERE la.kind = 'customer_credit' AND la.owner_id = h.id) cr ON true
    LEFT JOIN valve_tasks vc ON vc.household_id = h.id AND vc.season = b.season AND vc.kind = 'close'
    LEFT JOIN valve_tasks vo ON vo.household_id = h.id AND vo.season = b.season AND vo.kind = 'open'
    WHERE b.season = ${season} AND b.amount_fen > b.paid_fen AND cal.today > cal.window_end
      AND b.amount_fen - b.paid_fen - cr.fen > 0
      AND ${visible(actor, f)} ${sql.join(filters, sql` `)}`;
}

export const arrearsColumns = sql`
  h.id AS "householdId", h.account_no AS "accountNo", h.holder_name AS "holderName", h.phone,
  c.name || ' ' || bu.name || ' ' || e.name || ' ' || h.room AS address,
  c.id AS "compoundId", c.name AS "compoundName", g.id AS "gridId", g.code AS "gridCode", br.city, cal.today::text AS today,
  b.season, b.id AS "billId", b.amount_fen::text AS amount, b.paid_fen::text AS paid, cr.fen::text AS credit,
  (SELECT count(*)::int FROM arrears_reminders r WHERE r.household_id = h.id AND r.season = b.season) AS reminders,
  (SELECT max(r.sent_on)::text FROM arrears_reminders r WHERE r.household_id = h.id AND r.season = b.season) AS "lastRemindedOn",
  vc.status AS "closeStatus", vo.status AS "openStatus"`;

export interface ArrearsSqlRow {
  householdId: number;
  accountNo: string;
  holderName: string;
  phone: string | null;
  address: string;
  compoundId: number;
  compoundName: string;
  gridId: number;
  gridCode: string;
  city: string;
  today: string;
  season: string;
  billId: number;
  amount: string;
  paid: string;
  credit: string;
  reminders: number;
  lastRemindedOn: string | null;
  closeStatus: string | null;
  openStatus: string | null;
}

function valveState(r: ArrearsSqlRow): ValveState {
  if (r.closeStatus === 'open') return 'close_pending';
  if (r.closeStatus !== 'done') return 'open';
  if (r.openStatus === 'open') return 'reopen_pending';
  return r.openStatus === 'done' ? 'open' : 'closed';
}

export function arrearsRow(r: ArrearsSqlRow): ArrearsRow {
  const amountFen = Number(r.amount);
  const paidFen = Number(r.paid);
  const creditFen = Number(r.credit);
  return {
    householdId: r.householdId,
    accountNo: r.accountNo,
    holderName: r.holderName,
    address: r.address,
    compoundId: r.compoundId,
    compoundName: r.compoundName,
    gridId: r.gridId,
    gridCode: r.gridCode,
    season: r.season,
    billId: r.billId,
    amountFen,
    paidFen,
    creditFen,
    owedFen: amountFen - paidFen - creditFen,
    reminders: r.reminders,
    lastRemindedOn: r.lastRemindedOn,
    valve: valveState(r),
  };
}

const ORDER = sql`ORDER BY c.name, h.account_no`;

export async function listArrears(deps: { db: Db; clock: Clock }, actor: Actor, q: ArrearsQuery): Promise<ArrearsList> {
  const season = q.season ?? (await defaultArrearsSeason(deps.db, deps.clock));
  const days = await arrearsCalendar(deps.db, deps.clock, season);
  const from = arrearsFrom(actor, season, days, q);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const rows = await queryRows<ArrearsSqlRow>(deps.db, sql`SELECT ${arrearsColumns} ${from} ${ORDER} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
  const [totals] = await queryRows<{ n: number; owed: string }>(
    deps.db,
    sql`SELECT count(*)::int AS n, coalesce(sum(b.amount_fen - b.paid_fen - cr.fen), 0)::text AS owed ${from}`,
  );
  const first = days.find((d) => d.city === defaultCityCode) ?? days[0];
  return {
    season,
    windowEnd: first?.windowEnd ?? null,
    remindersBeforeValveClose: first?.remindersBeforeValveClose ?? 0,
    items: rows.map(arrearsRow),
    total: totals!.n,
    totalOwedFen: Number(totals!.owed),
    page,
    pageSize,
  };
}

const VALVE_ZH: Record<ValveState, string> = { open: '正常', close_pending: '待关阀', closed: '已关阀', reopen_pending: '待复开' };

/** The whole filtered list as .xlsx (no paging: the office works it in Excel). */
export async function arrearsWorkbook(deps: { db: Db; clock: Clock }, actor: Actor, q: Omit<ArrearsQuery, 'page' | 'pageSize'>): Promise<{ season: string; file: Buffer }> {
  const season = q.season ?? (await defaultArrearsSeason(deps.db, deps.clock));
  const days = await arrearsCalendar(deps.db, deps.clock, season);
  const rows = (await queryRows<ArrearsSqlRow>(deps.db, sql`SELECT ${arrearsColumns} ${arrearsFrom(actor, season, days, q)} ${ORDER}`)).map(arrearsRow);
  const total = rows.reduce((s, r) => s + r.owedFen, 0);
  const file = await workbookBuffer([
    {
      name: '欠费清单',
      preamble: [`${season} 采暖期欠费清单（收费期结束后未缴清）`, `共 ${rows.length} 户，欠费合计 ${(total / 100).toFixed(2)} 元`],
      rows,
      columns: [
        { header: '小区', value: (r: ArrearsRow) => r.compoundName, width: 18 },
        { header: '网格', value: (r: ArrearsRow) => r.gridCode },
        { header: '户号', value: (r: ArrearsRow) => r.accountNo },
        { header: '户主', value: (r: ArrearsRow) => r.holderName },
        { header: '地址', value: (r: ArrearsRow) => r.address, width: 36 },
        { header: '应收（元）', value: (r: ArrearsRow) => r.amountFen, fen: true },
        { header: '已缴（元）', value: (r: ArrearsRow) => r.paidFen, fen: true },
        { header: '预存（元）', value: (r: ArrearsRow) => r.creditFen, fen: true },
        { header: '欠费（元）', value: (r: ArrearsRow) => r.owedFen, fen: true },
        { header: '催缴次数', value: (r: ArrearsRow) => r.reminders },
        { header: '最近催缴', value: (r: ArrearsRow) => r.lastRemindedOn },
        { header: '阀门', value: (r: ArrearsRow) => VALVE_ZH[r.valve] },
      ],
    },
  ]);
  return { season, file };
}

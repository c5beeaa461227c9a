import { PassThrough, type Readable, type Writable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/actor.ts';
import { queryRows } from '../../kernel/db.ts';
import type { Deps } from '../../kernel/deps.ts';
import { IMPORT_COLUMNS, type ColumnKey } from './import.columns.ts';
import { householdColumns, householdFrom, householdWhere, toHouseholdViews, type HouseholdRow } from './households.view.ts';
import type { HouseholdFilter, HouseholdView, ImportReport } from './registry.contract.ts';
import { staffReachOf } from './scope.ts';

/**
 * Households out to Excel in the import layout, so an export can be corrected and imported
 * back; plus the blank template and the problems of a rejected import. Exports are streamed
 * page by page (keyset on the account number): a whole branch never sits in memory.
 */
const EXPORT_PAGE = 5_000;
const CUSTOMER_TYPE_ZH: Record<HouseholdView['customerType'], string> = { residential: '居民', nonResidential: '非居民' };
const STATUS_ZH: Record<HouseholdView['status'], string> = { heating: '供热', suspended: '报停', disconnected: '拆网' };

function headerColumns(): Partial<ExcelJS.Column>[] {
  return IMPORT_COLUMNS.map((c) => ({
    header: c.zh,
    key: c.key,
    width: c.key === 'compound' || c.key === 'community' ? 18 : 12,
    // Text columns stay text, so Excel keeps the leading zeros of 户号 and of phone numbers.
    style: c.key === 'grossArea' || c.key === 'interiorArea' ? { numFmt: '0.00' } : { numFmt: '@' },
  }));
}

type ExportRow = HouseholdRow & { stationCode: string | null };

function exportValues(h: HouseholdView & { stationCode: string | null }): Record<ColumnKey, string | number | null> {
  return {
    accountNo: h.accountNo,
    community: h.communityName,
    compound: h.compoundName,
    building: h.buildingName,
    entrance: h.entranceName,
    room: h.room,
    holderName: h.holderName,
    phone: h.phone,
    grossArea: h.grossAreaCm2 / 100,
    interiorArea: h.interiorAreaCm2 === null ? null : h.interiorAreaCm2 / 100,
    customerType: CUSTOMER_TYPE_ZH[h.customerType],
    status: STATUS_ZH[h.status],
    grid: h.gridCode,
    station: h.stationCode,
    hasHeatMeter: h.hasHeatMeter ? '是' : '否',
  };
}

/**
 * Every household the actor may see that matches the filter, as an .xlsx stream. Scope is
 * decided before the first byte, so a denied export is a clean 403, not a broken download.
 */
export function exportHouseholds(deps: Deps, actor: Actor, filter: HouseholdFilter): Readable {
  const where = householdWhere(staffReachOf(actor), filter);
  const out = new PassThrough();
  writeExport(deps, actor, where, out).catch((err: unknown) => out.destroy(err as Error));
  return out;
}

async function writeExport(deps: Deps, actor: Actor, where: SQL, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('住户 households');
  sheet.columns = headerColumns();
  let last = '';
  for (;;) {
    const rows = await queryRows<ExportRow>(
      deps.db,
      sql`SELECT ${householdColumns}, st.code AS "stationCode" ${householdFrom} LEFT JOIN stations st ON st.id = b.station_id
          WHERE ${where} AND h.account_no > ${last} ORDER BY h.account_no LIMIT ${EXPORT_PAGE}`,
    );
    const views = await toHouseholdViews(deps, actor, rows);
    views.forEach((view, i) => sheet.addRow(exportValues({ ...view, stationCode: rows[i]!.stationCode })).commit());
    if (rows.length < EXPORT_PAGE) break;
    last = rows[rows.length - 1]!.accountNo;
  }
  sheet.commit();
  await workbook.commit();
}

/** The blank template: the headers, one example row, and a sheet explaining each column. */
export async function importTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('住户 households');
  sheet.columns = headerColumns();
  sheet.addRow(Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.example])));
  sheet.getRow(1).font = { bold: true };
  const help = workbook.addWorksheet('说明 help');
  help.columns = [
    { header: '列 column', key: 'zh', width: 12 },
    { header: 'English header', key: 'en', width: 16 },
    { header: '必填 required', key: 'required', width: 14 },
    { header: '也可写作 also accepted', key: 'aliases', width: 40 },
    { header: '示例 example', key: 'example', width: 16 },
  ];
  for (const c of IMPORT_COLUMNS) {
    help.addRow({ zh: c.zh, en: c.en, required: c.required ? '是 yes' : '否 no', aliases: c.aliases.join('、'), example: c.example });
  }
  help.addRow({});
  help.addRow({ zh: '规则 rules', en: 'docs/import-format.md: 小区须已存在；新楼栋须填网格；同一户号只能出现一次；面积 > 0；电话为 11 位手机号。' });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A rejected import's problems, one line per bad field, for the clerk to fix the file by. */
export async function problemsWorkbook(report: ImportReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('问题 problems');
  sheet.columns = [
    { header: '行 row', key: 'row', width: 8 },
    { header: '列 column', key: 'column', width: 14 },
    { header: '值 value', key: 'value', width: 24 },
    { header: '问题 problem', key: 'message', width: 60 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const p of report.problems) sheet.addRow(p);
  if (report.problemsTruncated) sheet.addRow({ message: `… ${report.badRows} bad rows in all; fix these and import again to see the rest` });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

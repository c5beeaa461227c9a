import type { ImportProblem } from './registry.contract.ts';
import { buildingName, entranceName, placeKey, roomName } from './address.ts';

/**
 * The household file layout (docs/import-format.md), shared by import, export and the template
 * so a downloaded export can be edited and imported back. Offices head their sheets in Chinese
 * and in many spellings, so each column lists the headers it answers to.
 */
export const IMPORT_COLUMNS = [
  { key: 'accountNo', zh: '户号', en: 'account_no', required: true, example: '0102003001', aliases: ['账号', '用户编号', '用户号', '户号编码', 'account', 'accountno', 'account number'] },
  { key: 'community', zh: '社区', en: 'community', required: false, example: '金色港湾社区', aliases: ['社区名称', '所属社区'] },
  { key: 'compound', zh: '小区', en: 'compound', required: true, example: '金色港湾小区', aliases: ['小区名称', '院落', '小区/院', '项目'] },
  { key: 'building', zh: '楼栋', en: 'building', required: true, example: '3号楼', aliases: ['楼号', '楼', '栋', '楼栋号'] },
  { key: 'entrance', zh: '单元', en: 'entrance', required: false, example: '1单元', aliases: ['单元号'] },
  { key: 'room', zh: '房号', en: 'room', required: true, example: '502', aliases: ['房间号', '门牌号', '室', '户室号'] },
  { key: 'holderName', zh: '户主', en: 'holder_name', required: true, example: '周桂兰', aliases: ['户主姓名', '姓名', '用户名称', '用户姓名', 'holder', 'name'] },
  { key: 'phone', zh: '电话', en: 'phone', required: false, example: '13800000001', aliases: ['手机', '手机号', '联系电话', '电话号码', 'mobile'] },
  { key: 'grossArea', zh: '建筑面积', en: 'gross_area', required: true, example: '89.50', aliases: ['面积', 'gross area', 'area'] },
  { key: 'interiorArea', zh: '套内面积', en: 'interior_area', required: false, example: '72.30', aliases: ['套内建筑面积', 'interior area'] },
  { key: 'customerType', zh: '用户类型', en: 'customer_type', required: false, example: '居民', aliases: ['类型', '用户性质', 'type'] },
  { key: 'status', zh: '状态', en: 'status', required: false, example: '供热', aliases: ['供热状态', '用热状态'] },
  { key: 'grid', zh: '网格', en: 'grid', required: false, example: 'E-0101', aliases: ['网格编号', '网格编码', 'grid code', 'grid_code'] },
  { key: 'station', zh: '换热站', en: 'station', required: false, example: 'HRZ-E001', aliases: ['换热站编号', '换热站编码', 'station code', 'station_code'] },
  { key: 'hasHeatMeter', zh: '热计量', en: 'heat_meter', required: false, example: '否', aliases: ['热表', '有热表', '计量', 'has_heat_meter'] },
] as const;

export type ColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];
export type OptionalKey = 'phone' | 'interiorArea' | 'customerType' | 'status' | 'hasHeatMeter';

/** "建筑面积(㎡)", " Gross_Area " and "建筑面积（平方米）" all head the gross area column. */
function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s_*:：]/g, '')
    .replace(/(㎡|m2|平方米|平米)$/i, '')
    .toLowerCase();
}

const HEADER_INDEX = new Map<string, ColumnKey>(
  IMPORT_COLUMNS.flatMap((c) => [c.zh, c.en, ...c.aliases].map((h) => [headerKey(h), c.key] as [string, ColumnKey])),
);

export interface HeaderMap {
  /** Cell position of each known column in the file. */
  positions: Partial<Record<ColumnKey, number>>;
  /** How the file heads each column, for messages. */
  headings: Partial<Record<ColumnKey, string>>;
  problems: ImportProblem[];
}

export function mapHeader(cells: string[]): HeaderMap {
  const map: HeaderMap = { positions: {}, headings: {}, problems: [] };
  cells.forEach((cell, i) => {
    const key = HEADER_INDEX.get(headerKey(cell));
    if (!key) return;
    if (map.positions[key] !== undefined) {
      map.problems.push({ row: 1, column: cell, value: cell, message: `the column ${cell} appears twice`, rule: 'column_twice' });
      return;
    }
    map.positions[key] = i;
    map.headings[key] = cell;
  });
  for (const c of IMPORT_COLUMNS) {
    if (c.required && map.positions[c.key] === undefined) {
      map.problems.push({ row: 1, column: c.zh, value: '', message: `required column missing: ${c.zh} (${c.en})`, rule: 'column_missing', params: { heading: c.zh } });
    }
  }
  return map;
}

/** A row as it goes into the staging table: text normalised, areas in m² text, enums decided. */
export interface StagedRow {
  rowNo: number;
  accountNo: string | null;
  community: string | null;
  compound: string;
  building: string;
  entrance: string;
  room: string;
  holderName: string;
  phone: string | null;
  grossM2: string;
  interiorM2: string | null;
  customerType: string | null;
  status: string | null;
  grid: string | null;
  station: string | null;
  hasHeatMeter: boolean | null;
}

const CUSTOMER_TYPE_WORDS: Record<string, string> = {
  居民: 'residential', 住宅: 'residential', 民用: 'residential', residential: 'residential',
  非居民: 'nonResidential', 非住宅: 'nonResidential', 商业: 'nonResidential', 公建: 'nonResidential', 单位: 'nonResidential',
  nonresidential: 'nonResidential', 'non-residential': 'nonResidential', non_residential: 'nonResidential',
};
const STATUS_WORDS: Record<string, string> = {
  供热: 'heating', 正常: 'heating', 在供: 'heating', 用热: 'heating', heating: 'heating',
  报停: 'suspended', 停供: 'suspended', 暂停: 'suspended', suspended: 'suspended',
  拆网: 'disconnected', 断开: 'disconnected', 销户: 'disconnected', 停热: 'disconnected', disconnected: 'disconnected',
};
const YES_NO: Record<string, boolean> = { 是: true, 有: true, y: true, yes: true, true: true, '1': true, 否: false, 无: false, n: false, no: false, false: false, '0': false };

const CANONICAL_AREA = /^[1-9]\d{0,7}\.\d\d$/;
const AREA = /^(\d{1,8})(?:\.(\d{1,2}))?$/;

/** "89.5", "89.50㎡" → "89.50"; null for anything that is not a positive area with ≤ 2 decimals. */
export function parseAreaM2(text: string): string | null {
  if (CANONICAL_AREA.test(text)) return text; // "89.50", as exports write it: nothing to do
  const m = AREA.exec(text) ?? AREA.exec(text.replace(/\s*(㎡|m2|平方米|平米)$/i, ''));
  if (!m) return null;
  const m2 = `${Number(m[1])}.${(m[2] ?? '').padEnd(2, '0')}`;
  return Number(m2) > 0 ? m2 : null;
}

/**
 * A bounded memo for the text work done per cell (NFKC, the address spellings). A city file
 * repeats its community, compound, building, entrance and type cells on almost every row, so a
 * 1.3 M-row import normalises each distinct spelling once instead of a million times.
 */
function memo(fn: (text: string) => string): (text: string) => string {
  let cache = new Map<string, string>();
  return (text) => {
    let out = cache.get(text);
    if (out === undefined) {
      out = fn(text);
      if (cache.size >= 100_000) cache = new Map();
      cache.set(text, out);
    }
    return out;
  };
}

const PRINTABLE_ASCII = /^[ -~]*$/;
/** Full-width digits and letters (１２３) become half-width; pure ASCII needs no work. */
const normalised = memo((raw) => raw.normalize('NFKC').trim());
const clean = (raw: string) => (PRINTABLE_ASCII.test(raw) ? raw.trim() : normalised(raw));
// Per column, from the raw cell straight to what is staged: one cache lookup per cell.
const placeOf = memo((raw) => placeKey(clean(raw)));
const buildingOf = memo((raw) => buildingName(clean(raw)));
const entranceOf = memo((raw) => entranceName(clean(raw) || '1'));
const roomOf = memo((raw) => roomName(clean(raw)));
/** A word looked up in its table; '' when the cell is not one of its words. */
const wordOf = (table: Record<string, string>, blank: string) =>
  memo((raw) => {
    const text = clean(raw);
    return text ? (table[text.toLowerCase()] ?? '') : blank;
  });
const customerTypeOf = wordOf(CUSTOMER_TYPE_WORDS, 'residential');
const statusOf = wordOf(STATUS_WORDS, 'heating');
const meterOf = wordOf(Object.fromEntries(Object.entries(YES_NO).map(([k, v]) => [k, v ? 't' : 'f'])), 'f');

const REQUIRED = IMPORT_COLUMNS.filter((c) => c.required);

function cellText(cells: string[], at: number | undefined): string {
  const raw = at === undefined ? undefined : cells[at];
  return raw === undefined || raw === '' ? '' : clean(raw);
}

/** Check one data row; returns the staged row, or the problems with each bad field. */
export function checkRow(rowNo: number, cells: string[], header: HeaderMap): { row?: StagedRow; problems: ImportProblem[] } {
  // Plain statements, no closures: this runs 1.3 M times in a large import.
  const at = header.positions;
  const accountNo = cellText(cells, at.accountNo);
  const community = at.community === undefined ? '' : placeOf(cells[at.community] ?? '');
  const compound = placeOf(cells[at.compound!] ?? '');
  const building = buildingOf(cells[at.building!] ?? '');
  const entrance = entranceOf(at.entrance === undefined ? '' : (cells[at.entrance] ?? ''));
  const room = roomOf(cells[at.room!] ?? '');
  const holderName = cellText(cells, at.holderName);
  const phoneText = cellText(cells, at.phone);
  const grossText = cellText(cells, at.grossArea);
  const interiorText = cellText(cells, at.interiorArea);
  const grid = cellText(cells, at.grid);
  const station = cellText(cells, at.station);
  const phone = phoneText.includes(' ') || phoneText.includes('-') ? phoneText.replace(/[\s-]/g, '') : phoneText;
  const grossM2 = grossText ? parseAreaM2(grossText) : null;
  const interiorM2 = interiorText ? parseAreaM2(interiorText) : null;
  const customerType = at.customerType === undefined ? 'residential' : customerTypeOf(cells[at.customerType] ?? '');
  const status = at.status === undefined ? 'heating' : statusOf(cells[at.status] ?? '');
  const meter = at.hasHeatMeter === undefined ? 'f' : meterOf(cells[at.hasHeatMeter] ?? '');
  const fine =
    accountNo !== '' && compound !== '' && building !== '' && room !== '' && holderName !== '' && grossM2 !== null &&
    ACCOUNT_NO.test(accountNo) && (phone === '' || MOBILE.test(phone)) && (interiorText === '' || interiorM2 !== null) &&
    customerType !== '' && status !== '' && meter !== '' && holderName.length <= 64 &&
    (interiorM2 === null || Number(interiorM2) <= Number(grossM2));
  if (!fine) return { problems: rowProblems(rowNo, cells, header) };
  return {
    problems: [],
    row: {
      rowNo,
      accountNo,
      community: community || null,
      compound,
      building,
      entrance,
      room,
      holderName,
      phone: phone || null,
      grossM2,
      interiorM2,
      // Columns left out of the file keep what the registry has (null = keep); see the docs.
      customerType: at.customerType !== undefined ? customerType : null,
      status: at.status !== undefined ? status : null,
      grid: grid || null,
      station: station || null,
      hasHeatMeter: at.hasHeatMeter !== undefined ? meter === 't' : null,
    },
  };
}

const ACCOUNT_NO = /^[A-Za-z0-9-]{4,32}$/;
const MOBILE = /^1[3-9]\d{9}$/;

/** The slow path, for bad rows only: every problem of the row, field by field. */
function rowProblems(rowNo: number, cells: string[], header: HeaderMap): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const cell = (key: ColumnKey) => cellText(cells, header.positions[key]);
  const bad = (key: ColumnKey, problem: Pick<ImportProblem, 'message' | 'rule' | 'params'>) =>
    problems.push({ row: rowNo, column: header.headings[key] ?? key, value: cell(key), ...problem });
  for (const c of REQUIRED) if (cell(c.key) === '') bad(c.key, { message: `${c.zh} is empty`, rule: 'required' });
  const accountNo = cell('accountNo');
  if (accountNo && !ACCOUNT_NO.test(accountNo)) bad('accountNo', { message: 'must be 4–32 letters, digits or "-"', rule: 'account_no_format' });
  const phone = cell('phone').replace(/[\s-]/g, '');
  if (phone && !MOBILE.test(phone)) bad('phone', { message: 'must be an 11-digit mobile number', rule: 'mobile_number' });
  const grossM2 = parseAreaM2(cell('grossArea'));
  const area = { message: 'must be a number of m² above 0, at most 2 decimals', rule: 'area_m2' };
  if (cell('grossArea') && !grossM2) bad('grossArea', area);
  const interiorM2 = cell('interiorArea') ? parseAreaM2(cell('interiorArea')) : null;
  if (cell('interiorArea') && !interiorM2) bad('interiorArea', area);
  if (grossM2 && interiorM2 && Number(interiorM2) > Number(grossM2)) bad('interiorArea', { message: 'cannot exceed the gross area', rule: 'exceeds_gross_area' });
  if (cell('customerType') && !CUSTOMER_TYPE_WORDS[cell('customerType').toLowerCase()]) bad('customerType', { message: 'must be 居民 (residential) or 非居民 (non-residential)', rule: 'customer_type_word' });
  if (cell('status') && !STATUS_WORDS[cell('status').toLowerCase()]) bad('status', { message: 'must be 供热 (heating), 报停 (suspended) or 拆网 (disconnected)', rule: 'status_word' });
  if (cell('hasHeatMeter') && YES_NO[cell('hasHeatMeter').toLowerCase()] === undefined) bad('hasHeatMeter', { message: 'must be 是 or 否', rule: 'yes_no' });
  if (cell('holderName').length > 64) bad('holderName', { message: 'at most 64 characters', rule: 'maxLength', params: { limit: 64 } });
  return problems;
}

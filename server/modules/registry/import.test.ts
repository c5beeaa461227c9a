import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../kernel/kernel.schema.ts';
import { createTestApp, type Client, type TestApp } from '../../test/test-app.ts';
import { csvFile, HEADER_ZH, readXlsx, upload, xlsxFile } from './import.fixture.ts';
import { makeTwoBranchCity, type TwoBranchCity } from './registry.fixture.ts';
import { households } from './registry.schema.ts';

let t: TestApp;
let city: TwoBranchCity;
let clerk: Client;
beforeAll(async () => {
  t = await createTestApp();
  city = await makeTwoBranchCity(t.database.db);
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: city.branchA.id }]);
});
afterAll(() => t.close());

async function householdCount(): Promise<number> {
  return (await t.database.db.select({ n: count() }).from(households))[0]!.n;
}

/** 金色港湾小区: one household into existing 3号楼, two into a new 7号楼 that the grid column creates. */
const goodRows = () => [
  HEADER_ZH,
  ['0201000001', '金色港湾社区', '金色港湾小区', '3#', '1', '301', '王建国', '13900000001', '89.5', '72.30', '居民', '供热', ''],
  ['0201000002', '', '金色港湾小区', '7号楼', '2单元', '101室', '李秀英', '', 120, '', '非居民', '报停', city.gridA2.code],
  ['0201000003', '', '金色港湾小区', '7', '2', '102', '赵磊', '139 0000 0003', '66.00', '', '', '', city.gridA2.code],
];

describe('import: all rows in', () => {
  it('imports an .xlsx with Chinese headers, creating the new building and its entrance', async () => {
    const before = await householdCount();
    const res = await upload(clerk, 'households.xlsx', await xlsxFile(goodRows()));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'applied', rows: 3, inserted: 3, updated: 0, unchanged: 0, buildingsCreated: 1, entrancesCreated: 2, badRows: 0, problems: [] });
    expect(await householdCount()).toBe(before + 3);
    const list = (await clerk.get('/api/registry/households?q=0201000')).json().items;
    expect(list.map((h: { address: string }) => h.address)).toEqual(['金色港湾小区 3号楼 1单元 301', '金色港湾小区 7号楼 2单元 101', '金色港湾小区 7号楼 2单元 102']);
    expect(list[0]).toMatchObject({ grossAreaCm2: 8950, interiorAreaCm2: 7230, phone: '13900000001', gridId: city.gridA1.id });
    expect(list[1]).toMatchObject({ grossAreaCm2: 12000, interiorAreaCm2: null, customerType: 'nonResidential', status: 'suspended', gridId: city.gridA2.id });
    expect(list[2]).toMatchObject({ phone: '13900000003', customerType: 'residential', status: 'heating' });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(res.json().importId)));
    expect(audit.map((a) => a.action)).toContain('household.import_applied');
  });

  it('re-importing the same file changes nothing', async () => {
    const res = await upload(clerk, 'households.xlsx', await xlsxFile(goodRows()));
    expect(res.json()).toMatchObject({ status: 'applied', inserted: 0, updated: 0, unchanged: 3, buildingsCreated: 0, entrancesCreated: 0 });
  });

  it('updates what changed only, by account number, as CSV with English headers and a BOM', async () => {
    const english = ['account_no', 'compound', 'building', 'entrance', 'room', 'holder_name', 'phone', 'gross_area', 'interior_area', 'customer_type', 'status'];
    const rows = goodRows().slice(1).map((r) => [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => r[i] ?? null));
    rows[0]![6] = '13900000099';
    const res = await upload(clerk, 'households.csv', csvFile([english, ...rows], { bom: true }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
  });

  it('reads quoted CSV fields: commas, doubled quotes and line breaks inside quotes', async () => {
    const text = [
      '户号,小区,楼栋,单元,房号,户主,建筑面积,备注',
      '0201000005,"金色港湾小区",3号楼,1单元,303,"欧阳, 娜",66.5,"第一行\r\n第二行"',
      '0201000006,金色港湾小区,"3号楼",1,304,"钱 ""老"" 五",70,',
    ].join('\r\n');
    const res = await upload(clerk, 'quoted.csv', Buffer.from(`\ufeff${text}\r\n`, 'utf8'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 2, inserted: 2 });
    const names = (await clerk.get('/api/registry/households?q=020100000')).json().items.map((h: { holderName: string }) => h.holderName);
    expect(names).toEqual(expect.arrayContaining(['欧阳, 娜', '钱 "老" 五']));
  });

  it('reads a CSV saved by Excel on a Chinese Windows (GB18030)', async () => {
    const text = [HEADER_ZH.slice(0, 9).join(','), `0201000004,,金色港湾小区,3号楼,1单元,302,孙丽,,75.20`].join('\r\n');
    const res = await upload(clerk, 'gbk.csv', gb18030(text));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ inserted: 1 });
    expect((await clerk.get('/api/registry/households?q=0201000004')).json().items[0].holderName).toBe('孙丽');
  });

  it('keeps columns the file leaves out: a file without 状态 does not resume a suspended household', async () => {
    const rows = [['户号', '小区', '楼栋', '房号', '户主', '建筑面积'], ['0201000002', '金色港湾小区', '7号楼', '101', '李秀英', '120']];
    const res = await upload(clerk, 'partial.xlsx', await xlsxFile(rows));
    expect(res.json()).toMatchObject({ updated: 1 }); // the entrance: 单元 left blank means 1单元
    const h = (await clerk.get('/api/registry/households?q=0201000002')).json().items[0];
    expect(h).toMatchObject({ status: 'suspended', customerType: 'nonResidential', entranceName: '1单元' });
  });
});

/** GB18030 encoder for the handful of characters the test uses (TextEncoder only writes UTF-8). */
function gb18030(text: string): Buffer {
  const table: Record<string, number[]> = {
    户: [0xbb, 0xa7], 号: [0xba, 0xc5], 社: [0xc9, 0xe7], 区: [0xc7, 0xf8], 小: [0xd0, 0xa1], 楼: [0xc2, 0xa5], 栋: [0xb6, 0xb0],
    单: [0xb5, 0xa5], 元: [0xd4, 0xaa], 房: [0xb7, 0xbf], 主: [0xd6, 0xf7], 电: [0xb5, 0xe7], 话: [0xbb, 0xb0], 建: [0xbd, 0xa8],
    筑: [0xd6, 0xfe], 面: [0xc3, 0xe6], 积: [0xbb, 0xfd], 金: [0xbd, 0xf0], 色: [0xc9, 0xab], 港: [0xb8, 0xdb], 湾: [0xcd, 0xe5],
    孙: [0xcb, 0xef], 丽: [0xc0, 0xf6],
  };
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) bytes.push(ch.charCodeAt(0));
    else if (table[ch]) bytes.push(...table[ch]);
    else throw new Error(`no GB18030 bytes for ${ch} in the test table`);
  }
  const buf = Buffer.from(bytes);
  expect(new TextDecoder('gb18030').decode(buf)).toBe(text);
  return buf;
}

describe('import: nothing in, and every bad row reported', () => {
  it('reports each bad field by row and column and writes nothing', async () => {
    const before = await householdCount();
    const rows = [
      HEADER_ZH,
      ['0202000001', '', '金色港湾小区', '3号楼', '1', '401', '', '13900000011', '80', '', '', '', ''], // holder missing
      ['0202000002', '', '金色港湾小区', '3号楼', '1', '402', '钱', '13900000012', '八十', '', '', '', ''], // area not a number
      ['0202000003', '', '金色港湾小区', '3号楼', '1', '403', '孙', '13900000013', '0', '', '', '', ''], // area 0
      ['0202000004', '', '金色港湾小区', '3号楼', '1', '404', '李', '1390000001', '80', '', '', '', ''], // phone 10 digits
      ['0202000005', '', '金色港湾小区', '3号楼', '1', '405', '周', '', '80', '', '', '', ''],
      ['0202000005', '', '金色港湾小区', '3号楼', '1', '406', '吴', '', '80', '', '', '', ''], // duplicate account
      ['0202000007', '', '不存在小区', '1号楼', '1', '101', '郑', '', '80', '', '', '', ''], // unknown compound
      ['0202000008', '', '金色港湾小区', '8号楼', '1', '101', '冯', '', '80', '', '', '', ''], // new building without grid
      ['0202000009', '', '金色港湾小区', '9号楼', '1', '102', '陈', '', '80', '', '', '', 'NO-SUCH-GRID'], // unknown grid
      ['0202000010', '', '代书胡同3号院', '1号楼', '1', '201', '褚', '', '80', '', '', '', ''], // another branch
      ['0202000011', '', '金色港湾小区', '3号楼', '1', '407', '卫', '', '-5', '', '', '', ''], // negative area
      ['0202000012', '', '金色港湾小区', '3号楼', '1', '408', '蒋', '', '80', '90', '', '', ''], // interior > gross
    ];
    const res = await upload(clerk, 'bad.xlsx', await xlsxFile(rows));
    expect(res.statusCode).toBe(422);
    const report = res.json().error.details;
    expect(res.json().error.code).toBe('import_rejected');
    expect(report).toMatchObject({ status: 'rejected', rows: 12, inserted: 0, badRows: 11, problemsTruncated: false });
    const seen = report.problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`);
    expect(seen).toEqual(['2:户主', '3:建筑面积', '4:建筑面积', '5:电话', '7:户号', '8:小区', '9:楼栋', '10:网格', '11:小区', '12:建筑面积', '13:套内面积']);
    // Each says its kind of problem (and numbers) for the web to word it in Chinese or English.
    const rules = report.problems.map((p: { row: number; rule: string; params?: object }) => [p.row, p.rule, p.params]);
    expect(rules).toEqual([
      [2, 'required', undefined], [3, 'area_m2', undefined], [4, 'area_m2', undefined], [5, 'mobile_number', undefined],
      [7, 'account_no_repeated', { firstRow: 6 }], [8, 'unknown_compound_name', undefined], [9, 'new_building_needs_grid', { building: '8号楼' }],
      [10, 'unknown_grid_code', undefined], [11, 'compound_other_branch', undefined], [12, 'area_m2', undefined], [13, 'exceeds_gross_area', undefined],
    ]);
    expect(report.problems.find((p: { row: number }) => p.row === 7).message).toBe('the same account number is on row 6');
    expect(await householdCount()).toBe(before);

    const again = await clerk.get(`/api/registry/imports/${report.importId}`);
    expect(again.json()).toMatchObject({ status: 'rejected', badRows: 11 });
    const xlsx = await clerk.request({ method: 'GET', url: report.reportUrl });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const lines = await readXlsx(xlsx.rawPayload);
    expect(lines[0]).toEqual(['行 row', '列 column', '值 value', '问题 problem']);
    expect(lines).toHaveLength(12);
  });

  it('reports a missing required column on the header row', async () => {
    const res = await upload(clerk, 'no-area.csv', csvFile([['户号', '小区', '楼栋', '房号', '户主'], ['0203000001', '金色港湾小区', '3', '1', '王']]));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.problems).toEqual([
      { row: 1, column: '建筑面积', value: '', message: 'required column missing: 建筑面积 (gross_area)', rule: 'column_missing', params: { heading: '建筑面积' } },
    ]);
  });

  it('answers a clear 4xx for a file that is not .xlsx/.csv, empty, header-only, too large or not multipart', async () => {
    expect((await upload(clerk, 'notes.txt', Buffer.from('hello'))).json().error.code).toBe('unsupported_file');
    expect((await upload(clerk, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]))).statusCode).toBe(415);
    expect((await upload(clerk, 'fake.xlsx', Buffer.from('not a zip at all'))).statusCode).toBe(415);
    const broken = await upload(clerk, 'broken.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]));
    expect(broken.statusCode).toBe(415);
    const empty = await upload(clerk, 'empty.csv', Buffer.alloc(0));
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'empty_file']);
    const headerOnly = await upload(clerk, 'header.xlsx', await xlsxFile([HEADER_ZH]));
    expect([headerOnly.statusCode, headerOnly.json().error.code]).toEqual([400, 'empty_file']);
    const json = await clerk.post('/api/registry/households/import', { file: 'x' });
    expect(json.statusCode).toBe(415);
    const huge = await upload(clerk, 'huge.csv', Buffer.alloc(64 * 1024 * 1024 + 10, 0x41));
    expect([huge.statusCode, huge.json().error.code]).toEqual([413, 'file_too_large']);
  });

  it('lets only admin and clerk import', async () => {
    const steward = await t.loginAs('steward', [{ kind: 'grid', refId: city.gridA1.id }]);
    expect((await upload(steward, 'households.xlsx', await xlsxFile(goodRows()))).statusCode).toBe(403);
    expect((await steward.get('/api/registry/households/import-template.xlsx')).statusCode).toBe(403);
  });
});

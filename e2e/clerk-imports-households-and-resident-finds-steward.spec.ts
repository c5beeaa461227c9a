import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import registryMessages from '../web/features/registry/i18n.ts';
import registryProblems from '../web/features/shell/problems/registry.ts';
import stewardMessages from '../web/features/steward/i18n.ts';
import tenureMessages from '../web/features/tenure/i18n.ts';
import { PHONE, screenshot, signInAsStaff, zh } from './support.ts';

const registry = registryMessages.zh;
const tenure = tenureMessages.zh;
const steward = stewardMessages.zh;

// New account numbers in 金色港湾小区 3号楼 (an existing building, so no grid code is needed).
const HEADER = ['户号', '社区', '小区', '楼栋', '单元', '房号', '户主', '电话', '建筑面积', '套内面积'];
const good = (accountNo: string, room: string, holder: string, phone: string) =>
  [accountNo, '金色港湾社区', '金色港湾小区', '3号楼', '1单元', room, holder, phone, 96.2, 76.1];
const BAD_PHONE = '1390000001'; // ten digits: the row the clerk has to fix

/** A workbook in the documented layout (docs/import-format.md), built the way Excel would save it. */
async function householdsXlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('住户');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(page: Page, rows: (string | number)[][]) {
  await page.locator('input[type=file]').setInputFiles({
    name: 'households.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await householdsXlsx(rows),
  });
}

/** The phone page top to bottom: who, the service mode, where to pay, whom to call, the season. */
async function wholePage(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
}

async function householdsFound(page: Page, q: string): Promise<number> {
  const res = await page.request.get('/api/registry/households', { params: { q } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

test('a clerk imports households, fixes a bad row, sees the vacuum compound; a resident finds their steward', async ({ page, browser }) => {
  await signInAsStaff(page, 'clerk');

  // 1. An import with one bad row: the row is reported, nothing goes in.
  await page.getByRole('menuitem', { name: registry.nav.import }).click();
  await expect(page.getByRole('heading', { name: registry.import.title })).toBeVisible();
  const rows = [good('0199000001', '901', '王建国', '13700000901'), good('0199000002', '902', '赵淑芬', BAD_PHONE), good('0199000003', '903', '钱志强', '')];
  await upload(page, rows);
  await expect(page.getByText(registry.import.rejected.replace('{{count}}', '1'))).toBeVisible();
  const problem = page.getByRole('row').filter({ hasText: BAD_PHONE });
  await expect(problem).toHaveCount(1);
  await expect(problem.getByRole('cell').first()).toHaveText('3'); // the header is row 1
  await expect(problem).toContainText(registryProblems.zh.problems.mobile_number); // said in Chinese, not the server's English
  await expect(page.getByRole('link', { name: registry.import.downloadProblems })).toHaveAttribute('href', /\/problems\.xlsx$/);
  expect(await householdsFound(page, '0199000001')).toBe(0);
  await screenshot(page, 'import-report');

  // 2. Fixed and imported again: all three are in.
  rows[1] = good('0199000002', '902', '赵淑芬', '13900000902');
  await upload(page, rows);
  await expect(page.getByText(registry.import.applied.replace('{{fileName}}', 'households.xlsx'))).toBeVisible();
  await expect(page.getByText(/新增 3，更新 0，未变 0/)).toBeVisible();
  expect(await householdsFound(page, '0199000002')).toBe(1);

  // 3. The households list finds them with the one search box.
  await page.getByRole('menuitem', { name: registry.nav.households }).click();
  await page.getByLabel(registry.households.search).fill('0199');
  await page.getByLabel(registry.households.search).press('Enter');
  await expect(page.getByRole('row').filter({ hasText: '赵淑芬' })).toContainText('金色港湾小区 3号楼 1单元 902');
  await screenshot(page, 'households');

  // 4. The dashboard shows 金色港湾小区 in vacuum (its company left on 31 Oct, the next starts 1 Dec).
  await page.getByRole('menuitem', { name: tenure.nav.dashboard }).click();
  await expect(page.getByRole('heading', { name: tenure.dashboard.title })).toBeVisible();
  const vacuumRow = page.getByRole('row').filter({ hasText: '金色港湾小区' }).first();
  await expect(vacuumRow).toContainText(tenure.reason.no_company);
  await expect(vacuumRow).toContainText('2026-12-01');
  await expect(page.getByRole('img', { name: tenure.dashboard.chartAria })).toBeVisible();
  await screenshot(page, 'dashboard');

  // 5. A resident, not signed in, on a phone: finds the steward by the account number on the bill.
  const phone = await browser.newContext(PHONE);
  const resident = await phone.newPage();
  await resident.goto('/steward');
  await expect(resident.getByRole('heading', { name: steward.title })).toBeVisible();
  await resident.getByText(steward.byAccount).click();
  await resident.getByRole('textbox', { name: steward.accountNo }).fill('0199000002');
  await resident.getByRole('button', { name: steward.find }).click();
  const card = resident.getByTestId('steward-card');
  await expect(card).toContainText('网格员 张伟');
  await expect(card.getByRole('link', { name: steward.call.replace('{{phone}}', '13937100001') }).first()).toHaveAttribute('href', 'tel:13937100001');
  await expect(card).toContainText(steward.reason.no_company);
  await wholePage(resident, 'steward-lookup');

  // The same in large-text mode: everything still fits one column, touch targets grow.
  await resident.getByRole('button', { name: zh.shell.prefs.largeText }).click();
  const find = resident.getByRole('button', { name: steward.find });
  // Polled: the controls grow with a transition after the switch.
  await expect.poll(async () => (await find.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await wholePage(resident, 'steward-lookup-large-text');

  // And by picking the place instead of typing: community → compound → building.
  await resident.getByText(steward.byPlace).click();
  for (const [label, option] of [[steward.community, '金色港湾社区'], [steward.compound, '金色港湾小区'], [steward.building, '3号楼']] as const) {
    await resident.getByRole('combobox', { name: label }).click();
    await resident.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  }
  await expect(resident.getByTestId('steward-card')).toContainText('网格员 张伟');
  await phone.close();
});

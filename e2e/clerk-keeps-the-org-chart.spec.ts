import { expect, test, type Locator } from '@playwright/test';
import dayjs from 'dayjs';
import registryMessages from '../web/features/registry/i18n.ts';
import { adminApi, chooseOption, field, screenshot, signInAsStaff, zh } from './support.ts';

const registry = registryMessages.zh;
const places = registry.places;

/** A registry reference is found by typing: the options are a server search, not a list. */
async function searchAndPick(scope: Locator, label: string, text: string, option = text): Promise<void> {
  const page = scope.page();
  await expect(async () => {
    // Every step with a short timeout, so a missed click is retried instead of waiting out the whole budget.
    await field(scope, label).click({ timeout: 3_000 });
    await field(scope, label).fill(text, { timeout: 3_000 });
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').getByText(option, { exact: true }).click({ timeout: 3_000 });
    // Only a choice the field shows counts (the next field waits on it).
    await expect(field(scope, label).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')).toContainText(option, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

test('a clerk adds a grid (told in Chinese when its code is taken) and names its steward', async ({ page, playwright, baseURL }) => {
  const admin = await adminApi(playwright, baseURL!);
  const first = async (path: string) => ((await (await admin.request.get(`/api/registry/${path}`, { params: { pageSize: 1 } })).json()) as { items: Record<string, string>[] }).items[0]!;
  const crew = await first('crews');
  const taken = await first('grids');

  await signInAsStaff(page, 'clerk');
  await page.getByRole('menuitem', { name: registry.nav.places }).click();
  await page.getByRole('tab', { name: places.entities.grids }).click();
  await expect(page).toHaveURL(/\/registry\/places\/grids$/);
  await page.getByRole('button', { name: places.create.replace('{{entity}}', places.entities.grids) }).click();
  const drawer = page.getByRole('dialog', { name: places.createTitle.replace('{{entity}}', places.entities.grids) });
  await searchAndPick(drawer, places.fields.crewId, crew.name!);
  await field(drawer, places.fields.code).fill(taken.code!);
  await field(drawer, places.fields.name).fill('新建测试网格');
  await drawer.getByRole('button', { name: registry.household.save }).click();
  // The server's problem, said in the UI language under the field it is about.
  await expect(drawer.locator('.ant-form-item-explain-error').filter({ hasText: zh.shell.problems.duplicate })).toBeVisible();
  await screenshot(page, 'places-duplicate-code');

  await field(drawer, places.fields.code).fill('E2E-0001');
  await drawer.getByRole('button', { name: registry.household.save }).click();
  await expect(page.getByText(places.saved)).toBeVisible();

  await page.getByRole('searchbox', { name: places.search }).fill('E2E-0001');
  await page.getByRole('searchbox', { name: places.search }).press('Enter');
  const row = page.getByRole('row').filter({ hasText: 'E2E-0001' });
  await expect(row).toContainText(crew.name!);
  await row.getByRole('button', { name: places.stewards }).click();
  const stewards = page.getByRole('dialog', { name: places.stewardsOf.replace('{{grid}}', 'E2E-0001 新建测试网格') });
  await chooseOption(stewards, places.steward, '网格员 张伟（管家）13937100001');
  await field(stewards, places.validFrom).fill(dayjs().format('YYYY-MM-DD'));
  // Enter confirms the typed date and, in antd, may already submit the form: click only if it did not.
  await field(stewards, places.validFrom).press('Enter');
  await page
    .getByText(places.assigned)
    .waitFor({ timeout: 3_000 })
    .catch(() => stewards.getByRole('button', { name: places.assign }).click());
  await expect(page.getByText(places.assigned)).toBeVisible();
  await expect(stewards.locator('.ant-form-item-explain-error')).toHaveCount(0);
  await expect(stewards.getByRole('row').filter({ hasText: '网格员 张伟' })).toContainText(places.current);
  await screenshot(page, 'places-grid-stewards');
});

test('a clerk adds a household by hand, choosing its entrance down the address', async ({ page }) => {
  const nh = registry.newHousehold;
  await signInAsStaff(page, 'clerk');
  await page.getByRole('menuitem', { name: registry.nav.households }).click();
  await page.getByRole('button', { name: nh.create }).click();
  const drawer = page.getByRole('dialog', { name: nh.title });
  await field(drawer, nh.accountNo).fill('E2E-NEW-01');
  await searchAndPick(drawer, nh.compound, '金色港湾', '金色港湾小区');
  await searchAndPick(drawer, nh.building, '3号楼');
  await searchAndPick(drawer, nh.entrance, '1单元');
  await field(drawer, registry.household.holderName).fill('新住户');
  await field(drawer, registry.household.room).fill('9901');
  await field(drawer, registry.household.grossArea).fill('88.5');
  await drawer.getByRole('button', { name: registry.household.save }).click();
  await expect(page.getByText(nh.created.replace('{{accountNo}}', 'E2E-NEW-01'))).toBeVisible();
  await page.getByRole('searchbox').first().fill('E2E-NEW-01');
  await page.getByRole('searchbox').first().press('Enter');
  await expect(page.getByRole('row').filter({ hasText: 'E2E-NEW-01' })).toContainText('金色港湾小区 3号楼 1单元 9901');
});

import { expect, test } from '@playwright/test';
import dayjs from 'dayjs';
import registryMessages from '../web/features/registry/i18n.ts';
import tenureMessages from '../web/features/tenure/i18n.ts';
import { chooseOption, field, screenshot, signInAsStaff, zh } from './support.ts';

const registry = registryMessages.zh;
const tenure = tenureMessages.zh;
const COMPOUND = '港湾路8号院'; // an ordinary demo compound: one open-ended contracted tenure since 2020
const SUCCESSOR = '河南安居物业管理有限公司';

test('a clerk is told why a tenure overlaps, ends the old one, and the compound shows in vacuum', async ({ page }) => {
  const successorStarts = dayjs().add(5, 'day').format('YYYY-MM-DD');
  await signInAsStaff(page, 'clerk');
  await page.getByRole('menuitem', { name: registry.nav.compounds }).click();
  await expect(page.getByRole('row').filter({ hasText: '金色港湾小区' })).toContainText(tenure.reason.no_company);
  await screenshot(page, 'compounds');
  await page.getByRole('row').filter({ hasText: COMPOUND }).getByRole('button', { name: registry.compounds.tenures }).click();
  const drawer = page.getByRole('dialog', { name: tenure.tenures.title.replace('{{compound}}', COMPOUND) });
  await expect(drawer.getByRole('row')).toHaveCount(2);

  // A successor while the current company is still open-ended: the server's reason lands on the start date,
  // said in Chinese from its rule and params (who, from, to), not in the server's English.
  await drawer.getByRole('button', { name: tenure.tenures.add }).click();
  await chooseOption(drawer, tenure.tenures.company, SUCCESSOR);
  await field(drawer, tenure.tenures.startsOn).fill(successorStarts);
  await field(drawer, tenure.tenures.startsOn).press('Enter');
  await drawer.getByRole('button', { name: tenure.tenures.save }).click();
  const overlap = zh.shell.problems.tenure_overlap.replace('{{who}}', '[^”]+').replace('{{from}}', '\\d{4}-\\d{2}-\\d{2}').replace('{{to}}', '…');
  await expect(drawer.locator('.ant-form-item-explain-error').filter({ hasText: new RegExp(overlap) })).toBeVisible();
  await screenshot(page, 'tenure-overlap');

  // End the current tenure today; now the successor fits.
  await drawer.getByRole('button', { name: tenure.tenures.end }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /OK|确/ }).click();
  await expect(page.getByText(tenure.tenures.ended)).toBeVisible();
  await drawer.getByRole('button', { name: tenure.tenures.save }).click();
  await expect(page.getByText(tenure.tenures.added)).toBeVisible();
  await expect(drawer.getByRole('row').filter({ hasText: SUCCESSOR })).toContainText(`${successorStarts} →`);
  await page.keyboard.press('Escape');

  // Nobody between today and the successor's first day: the dashboard shows the gap.
  await page.getByRole('menuitem', { name: tenure.nav.dashboard }).click();
  await expect(page.getByRole('row').filter({ hasText: COMPOUND })).toContainText(successorStarts);
});

import { expect, test } from '@playwright/test';
import temperatureMessages from '../web/features/temperature/i18n.ts';
import { PHONE, screenshot, signInAsStaff } from './support.ts';

/**
 * The temperature guarantee's pages open for the people who use them and show their content (the
 * demo city seeds readings, complaints, thermometers and patrol plans). The done-when
 * journey is temperature-complaint-measured-reduced-and-patrolled.spec.ts; this keeps the pages
 * from breaking unseen and refreshes their screenshots.
 */
const t = temperatureMessages.zh;

test.describe('on a phone', () => {
  test.use(PHONE);
  test('a steward reads the measuring guide, opens the measurement form and the patrols', async ({ page }) => {
    await signInAsStaff(page, 'steward', /\/repairs\/queue$/);
    await page.goto('/temperature/guide');
    await expect(page.getByRole('heading', { name: t.guide.title })).toBeVisible();
    await expect(page.locator('svg').first()).toBeVisible();
    await screenshot(page, 'temperature-guide');
    await page.goto('/temperature/measure');
    await expect(page.getByRole('heading', { name: t.measure.title })).toBeVisible();
    await screenshot(page, 'temperature-measure');
    await page.goto('/temperature/patrols');
    await expect(page.getByRole('heading', { name: t.patrols.title })).toBeVisible();
    await screenshot(page, 'temperature-patrols');
  });
});

test('the office sees the compliance picture and the reduction settlement', async ({ page }) => {
  await signInAsStaff(page, 'admin');
  await page.goto('/temperature/compliance');
  await expect(page.getByRole('heading', { name: t.compliance.title })).toBeVisible();
  await expect(page.locator('canvas').first()).toBeVisible();
  await screenshot(page, 'temperature-compliance');
  await page.goto('/temperature/settlement');
  await expect(page.getByRole('heading', { name: t.settlement.title })).toBeVisible();
  await screenshot(page, 'temperature-settlement');
});

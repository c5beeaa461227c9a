// Named to run before the linkage journey, which opens a point for the same compound: this one
// needs the vacuum compound without a point so that the proposal shows.
import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import billingMessages from '../web/features/billing/i18n.ts';
import { PHONE, adminApi, screenshot, signInAsStaff, signInHouseholdMember } from './support.ts';

const billing = billingMessages.zh;
// Eight people share two CPUs while these run: give the page time to answer.
const expect = baseExpect.configure({ timeout: 30_000 });
const VACUUM = '金色港湾小区'; // its property company left on 2026-10-31; the next one starts 2026-12-01
const RESIDENT_PHONE = '13800000001'; // the demo household 周桂兰 of 金色港湾小区 3号楼

/** antd puts a space between the two characters of a two-character Chinese button label. */
const button = (scope: Page | Locator, label: string) =>
  scope.getByRole('button', { name: new RegExp(`^${label.split('').join('\\s?')}$`) });

test('a vacuum compound gets a temporary point: the clerk opens it from the proposal, takes a payment, cashes up; residents see where to pay', async ({ page, browser, playwright, baseURL }) => {
  test.setTimeout(300_000);

  // 1. A resident of the vacuum compound, on her phone: served directly, no temporary point yet.
  const phone = await browser.newContext({ ...PHONE, baseURL: baseURL!, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const resident = await phone.newPage();
  const admin = await adminApi(playwright, baseURL!);
  await signInHouseholdMember(admin, resident.request, '13800000181', '居民 周小梅');
  await admin.request.dispose();
  await resident.goto('/my/bills');
  const where = resident.getByTestId('where-to-pay');
  await expect(where).toContainText(billing.where.modeDirect);
  await expect(where.getByTestId('pay-channel-counter')).toBeVisible();
  await expect(where.getByTestId('pay-channel-online')).toBeVisible();
  await expect(where.getByTestId('pay-channel-temp_point')).toHaveCount(0);
  await expect(where.getByTestId('pay-channel-agent')).toHaveCount(0);

  // 2. The clerk sees the proposal for the vacuum compound and opens the point from it.
  await signInAsStaff(page, 'clerk');
  await page.getByRole('menuitem', { name: billing.points.nav }).click();
  await expect(page).toHaveURL(/\/billing\/points$/);
  const proposal = page.getByTestId('point-proposals').getByRole('listitem').filter({ hasText: VACUUM });
  await expect(proposal).toContainText(billing.points.reason.no_company);
  await expect(proposal).toContainText('2026-12-01');
  await screenshot(page, 'temporary-point-proposals');
  await proposal.getByRole('button', { name: billing.points.openFromProposal }).click();
  const dialog = page.getByRole('dialog', { name: billing.points.form.title });
  await expect(dialog.getByLabel(billing.points.form.name)).toHaveValue(`${VACUUM}临时缴费点`);
  await dialog.getByLabel(billing.points.form.address).fill('金色港湾小区 3号楼南侧活动室');
  await button(dialog, billing.points.form.submit).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('point-proposals')).not.toContainText(VACUUM);
  const desk = page.getByTestId('point-desk');
  await expect(desk).toContainText(`${VACUUM}临时缴费点`);

  // 3. The resident now finds the point first under "where to pay".
  await resident.reload();
  const pointCard = where.getByTestId('pay-channel-temp_point');
  await expect(pointCard).toContainText('金色港湾小区 3号楼南侧活动室');
  await expect(pointCard).toContainText('09:00–17:00');
  await expect(where.getByTestId('pay-channel-temp_point')).toHaveCount(1);
  // The card sits below the bills: scroll to it and photograph the phone's screen there.
  await resident.waitForLoadState('networkidle');
  await where.scrollIntoViewIfNeeded();
  await resident.screenshot({ path: 'docs/screenshots/where-to-pay-temporary-point.png', animations: 'disabled', caret: 'hide' });
  const box = (await where.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);

  // 4. The clerk (the point's staff) takes a payment there: a bad amount first, then a real one.
  await desk.getByRole('searchbox', { name: billing.points.pay.household }).fill(RESIDENT_PHONE);
  await desk.getByRole('button', { name: billing.counter.search }).click();
  await expect(desk.getByTestId('point-household')).toContainText('周桂兰');
  const amount = desk.getByLabel(billing.points.pay.amount);
  await amount.fill('1.234');
  await desk.getByRole('button', { name: billing.points.pay.submit }).click();
  await expect(desk.getByText(billing.counter.amountInvalid)).toBeVisible();
  await amount.fill('300.00');
  await desk.getByRole('button', { name: billing.points.pay.submit }).click();
  await expect(desk.getByTestId('point-receipt')).toContainText(/收据号 \S+/);
  await expect(desk.getByRole('row').filter({ hasText: '¥300.00' })).toHaveCount(1);

  // 5. End of day: 290 yuan counted against 300 recorded — the 10 yuan short is recorded and shown.
  await desk.getByLabel(billing.points.cashUp.counted).fill('290');
  await desk.getByLabel(billing.points.cashUp.note).fill('少一张十元');
  await button(desk, billing.points.cashUp.submit).click();
  const result = desk.getByTestId('cash-up-result');
  await expect(result).toContainText(billing.points.cashUp.short);
  await expect(result).toContainText('-¥10.00');
  await expect(result).toContainText('¥300.00');
  await expect(desk).toContainText(billing.points.cashUp.locked);
  await expect(desk.getByLabel(billing.points.pay.amount)).toHaveCount(0); // the day is closed to payments
  await screenshot(page, 'temporary-point-cash-up');

  // 6. The payment is on the resident's receipts.
  await resident.reload();
  await expect(resident.getByTestId('my-receipts')).toContainText('¥300.00');
  await phone.close();
});

import { expect, test } from '@playwright/test';
import billingMessages from '../web/features/billing/i18n.ts';
import { PHONE, adminApi, screenshot, signInAsStaff, signInHouseholdMember, zh } from './support.ts';

const billing = billingMessages.zh;
const RESIDENT_PHONE = '13800000001'; // the demo resident 居民 周桂兰; her household has the same phone

test('a clerk bills the season and takes a counter payment; the resident sees it on her bills', async ({ page, browser, playwright, baseURL }) => {
  test.setTimeout(120_000);
  await signInAsStaff(page, 'clerk');

  // 1. The season's bill run, started from the menu and watched to the end.
  await page.getByRole('menuitem', { name: billing.nav.runs }).click();
  await expect(page).toHaveURL(/\/billing\/runs$/);
  await expect(page.getByRole('combobox', { name: billing.season })).toBeVisible();
  await expect(page.getByTitle('2026-27', { exact: true })).toBeVisible(); // the current season is preselected
  await page.getByRole('button', { name: billing.runs.start }).click();
  const run = page.getByTestId('bill-run');
  await expect(run).toContainText(billing.runs.done, { timeout: 60_000 });
  await expect(run.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(run).toContainText(/¥[\d,]+\.\d{2}/);
  await screenshot(page, 'bill-run');

  // 2. The counter: find the household by the resident's phone, then take part of the bill.
  await page.getByRole('menuitem', { name: billing.nav.counter }).click();
  await page.getByRole('searchbox', { name: billing.counter.search }).fill(RESIDENT_PHONE);
  await page.getByRole('button', { name: billing.counter.search }).click();
  const household = page.getByTestId('counter-household');
  await expect(household).toContainText('周桂兰');
  const billRow = household.getByRole('row', { name: /2026-27/ });
  await expect(billRow).toContainText('¥0.00'); // nothing paid yet

  const amount = page.getByLabel(billing.counter.payAmount);
  await amount.fill('12.345'); // a fraction of a fen is refused before anything is sent
  await page.getByRole('button', { name: billing.counter.submit }).click();
  await expect(page.getByText(billing.counter.amountInvalid)).toBeVisible();
  await amount.fill('200000000'); // well-formed but above the server's ceiling: its answer lands on the field
  await page.getByRole('button', { name: billing.counter.submit }).click();
  await expect(page.getByText(billing.counter.amountRejected.split('：')[0]!)).toBeVisible();
  await expect(page.getByTestId('receipt-no')).toHaveCount(0);
  await amount.fill('500.10');
  await page.getByRole('button', { name: billing.counter.submit }).click();
  const receipt = page.getByTestId('receipt-no');
  await expect(receipt).toContainText(/收据号 \S+/);
  const receiptNo = (await receipt.textContent())!.replace('收据号 ', '').trim();
  await expect(billRow).toContainText('¥500.10');
  await screenshot(page, 'counter-payment');

  // 3. The resident, on her phone, opens "my household" from her home and sees the partial payment.
  const phone = await browser.newContext({ ...PHONE, baseURL: baseURL!, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const resident = await phone.newPage();
  const admin = await adminApi(playwright, baseURL!);
  await signInHouseholdMember(admin, resident.request, '13800000088', '居民 周小红');
  await admin.request.dispose();

  await resident.goto('/home');
  await resident.getByRole('link', { name: new RegExp(`^${zh.accounts.residentHome.household.title}`) }).click();
  await expect(resident).toHaveURL(/\/my\/household$/);
  const bill = resident.getByTestId('my-bill').filter({ hasText: '2026-27' });
  await expect(bill).toContainText(billing.my.status.partial);
  await expect(bill).toContainText('¥500.10');
  await expect(resident.getByText(/计费面积 \d+\.\d{2} m²/)).toBeVisible();
  await expect(resident.getByTestId('my-receipts')).toContainText(receiptNo);
  await expect(resident.getByTestId('where-to-pay').getByRole('link')).toHaveAttribute('href', '/my/steward');
  await screenshot(resident, 'my-bills');
  // Large-text mode (many residents are elderly): the same page still fits the phone's width.
  await resident.evaluate(() => localStorage.setItem('hs.largeText', '1'));
  await resident.reload();
  await expect(bill).toContainText('¥1,');
  for (const card of [bill, resident.getByTestId('where-to-pay'), resident.getByTestId('my-receipts')]) {
    const box = (await card.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  await resident.screenshot({ path: test.info().outputPath('my-bills-large.png'), fullPage: true });
  await phone.close();
});

test('an admin checks that the ledger balances', async ({ page }) => {
  await signInAsStaff(page, 'admin');
  await page.getByRole('menuitem', { name: billing.nav.ledger }).click();
  await expect(page).toHaveURL(/\/billing\/ledger$/);
  await expect(page.getByRole('alert')).toContainText(billing.ledger.balanced);
  await expect(page.getByRole('row', { name: new RegExp(billing.ledger.debit) })).toContainText(/¥[\d,]+\.\d{2}/);
});

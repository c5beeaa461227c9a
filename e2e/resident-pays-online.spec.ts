import { expect, test } from '@playwright/test';
import billingMessages from '../web/features/billing/i18n.ts';
import { PHONE, adminApi, screenshot, signInAsStaff, signInHouseholdMember } from './support.ts';

const billing = billingMessages.zh;

test('a resident pays online through the dev cashier, gets a receipt and asks for an e-invoice; a clerk opens the payment rate', async ({ browser, page, playwright, baseURL }) => {
  test.setTimeout(180_000);
  const admin = await adminApi(playwright, baseURL!);
  // The season's bills (a fresh demo city has none yet); a re-run only adds missing bills.
  const started = await admin.request.post('/api/billing/runs', { headers: { 'x-csrf-token': admin.csrf }, data: { season: '2026-27' } });
  expect(started.status()).toBe(202);
  const runId = ((await started.json()) as { id: number }).id;
  await expect(async () => {
    const run = (await (await admin.request.get(`/api/billing/runs/${runId}`)).json()) as { status: string };
    expect(run.status).toBe('done');
  }).toPass({ timeout: 60_000 });

  // 1. The resident, on her phone: my bills → pay online → choose → the provider's cashier.
  const phone = await browser.newContext({ ...PHONE, baseURL: baseURL!, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const resident = await phone.newPage();
  await signInHouseholdMember(admin, resident.request, '13800000182', '居民 周小网');
  await resident.goto('/my/bills');
  await resident.getByTestId('pay-online').click();
  await expect(resident).toHaveURL(/\/my\/pay-online$/);
  await expect(resident.getByTestId('pay-bill').first()).toBeVisible();
  await resident.getByRole('radio', { name: billing.online['dev-alipay'] }).check();
  await screenshot(resident, 'pay-online');
  await resident.getByRole('button', { name: /^去支付/ }).click();

  await expect(resident).toHaveURL(/\/pay\/dev-cashier\?t=/);
  await expect(resident.getByTestId('cashier-amount')).toContainText(/¥[\d,]+\.\d{2}/);
  await screenshot(resident, 'dev-cashier');
  await resident.getByRole('button', { name: billing.cashier.confirm }).click();

  // 2. Back from the cashier: the payment is confirmed and the receipt is one tap away.
  await expect(resident).toHaveURL(/\/my\/online-orders\/\d+$/);
  await expect(resident.getByText(billing.online.paidTitle)).toBeVisible();
  await resident.getByRole('button', { name: billing.online.viewReceipt }).click();
  await expect(resident).toHaveURL(/\/my\/receipts\/\d+$/);
  const receipt = resident.getByTestId('receipt');
  await expect(receipt).toContainText(billing.receipt.channels.online);
  await expect(receipt).toContainText(billing.online['dev-alipay']);

  // 3. The e-invoice: the holder's name is proposed as the title; a company needs its tax id.
  const einvoice = resident.getByTestId('einvoice');
  await einvoice.getByRole('radio', { name: billing.receipt.company }).check();
  await einvoice.getByRole('button', { name: billing.receipt.einvoiceRequest }).click();
  await expect(einvoice.getByLabel(billing.receipt.buyerTaxId)).toBeVisible();
  await einvoice.getByRole('radio', { name: billing.receipt.personal }).check();
  await einvoice.getByRole('button', { name: billing.receipt.einvoiceRequest }).click();
  await expect(einvoice).toContainText(new RegExp(`${billing.receipt.status.requested}|${billing.receipt.status.issued}`));
  await expect(einvoice).toContainText(billing.receipt.status.issued, { timeout: 30_000 }); // the job issues it
  await screenshot(resident, 'receipt-einvoice');

  await resident.goto('/my/receipts');
  await expect(resident.getByTestId('receipt-item').first()).toBeVisible();
  await screenshot(resident, 'my-receipts');
  await phone.close();
  await admin.request.dispose();

  // 4. The clerk: the branch's payment rate by compound, vacuum compounds highlighted.
  await signInAsStaff(page, 'clerk');
  await page.getByRole('menuitem', { name: billing.rate.nav }).click();
  await expect(page).toHaveURL(/\/billing\/payment-rate$/);
  await expect(page.getByTestId('rate-total')).toContainText('%');
  await expect(page.getByRole('img', { name: billing.rate.chart })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: billing.rate.vacuum }).first()).toBeVisible();
  await screenshot(page, 'payment-rate');
});

import { expect, test } from '@playwright/test';
import stewardMessages from '../web/features/steward/i18n.ts';
import { PHONE, adminApi, createResident, signInCode, zh } from './support.ts';

test.use(PHONE);

const steward = stewardMessages.zh;
const phone = '13900000031'; // a resident of this journey's own, clear of others' SMS limits

test('a signed-in resident taps "my steward" and sees the steward of their own home', async ({ page, playwright, baseURL }) => {
  const admin = await adminApi(playwright, baseURL!);
  await createResident(admin, phone, '居民 钱秀兰');
  const own = (await (await admin.request.get('/api/registry/households/1')).json()) as { accountNo: string };
  expect((await page.request.post('/api/auth/code', { data: { phone } })).status()).toBe(200);
  const code = await signInCode(admin, phone);
  expect((await page.request.post('/api/auth/code/verify', { data: { phone, code } })).status()).toBe(200);
  await admin.request.dispose();

  await page.goto('/home');
  await page.getByRole('link', { name: new RegExp(`^${zh.accounts.residentHome.steward.title}`) }).click();
  await expect(page).toHaveURL(/\/my\/steward$/);
  // Already answered for their household: the account number is filled in and the card shown.
  await expect(page.getByRole('textbox', { name: steward.accountNo })).toHaveValue(own.accountNo);
  await expect(page.getByTestId('steward-card')).toContainText(steward.steward);
  await expect(page.getByTestId('steward-card').getByRole('link', { name: /拨打 \d+/ }).first()).toHaveAttribute('href', /^tel:\d+$/);
});

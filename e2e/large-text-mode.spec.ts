import { expect, test } from '@playwright/test';
import { PHONE, adminApi, createResident, screenshot, signInCode, zh } from './support.ts';

test.use(PHONE);

const phone = '13900000022';

test('large-text mode enlarges text and touch targets and survives a reload', async ({ page, playwright, baseURL }) => {
  // A resident of their own, so this journey does not wait out another's SMS resend limit.
  const admin = await adminApi(playwright, baseURL!);
  await createResident(admin, phone, '居民 高桂芳');
  expect((await page.request.post('/api/auth/code', { data: { phone } })).status()).toBe(200);
  const code = await signInCode(admin, phone);
  expect((await page.request.post('/api/auth/code/verify', { data: { phone, code } })).status()).toBe(200);
  await admin.request.dispose();

  await page.goto('/home');
  const intro = page.getByText(zh.accounts.residentHome.intro);
  const toggle = page.getByRole('button', { name: zh.shell.prefs.largeText });
  await expect(intro).toHaveCSS('font-size', '14px');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(intro).toHaveCSS('font-size', '20px');
  // Touch targets grow with the text: at least 44 px, the mobile guideline minimum.
  await expect.poll(async () => (await toggle.boundingBox())!.height).toBeGreaterThanOrEqual(44);

  await page.reload();
  await expect(page.getByText(zh.accounts.residentHome.intro)).toHaveCSS('font-size', '20px');
  await expect(page.getByRole('button', { name: zh.shell.prefs.largeText })).toHaveAttribute('aria-pressed', 'true');
  await screenshot(page, 'large-text-resident-home');

  // And it switches back.
  await page.getByRole('button', { name: zh.shell.prefs.largeText }).click();
  await expect(page.getByText(zh.accounts.residentHome.intro)).toHaveCSS('font-size', '14px');
});

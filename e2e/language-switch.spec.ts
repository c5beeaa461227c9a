import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, en, screenshot, zh } from './support.ts';

test('the language switch turns the UI to English, remembers it, and back to Chinese', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: zh.accounts.signIn.title })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await page.getByRole('button', { name: en.shell.prefs.en }).click();
  await expect(page.getByRole('heading', { name: en.accounts.signIn.title })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle(en.shell.appName);
  await screenshot(page, 'sign-in-en');

  // Remembered on this device.
  await page.reload();
  await expect(page.getByRole('heading', { name: en.accounts.signIn.title })).toBeVisible();

  // Signed in, the frame and the pages are English too, antd's own texts included.
  await page.getByRole('tab', { name: en.accounts.signIn.staffTab }).click();
  await page.getByLabel(en.accounts.signIn.username).fill('admin');
  await page.getByLabel(en.accounts.signIn.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: en.accounts.signIn.submit, exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Hello, 系统管理员 王敏' })).toBeVisible();
  await page.getByRole('menuitem', { name: en.audit.nav.audit }).click();
  await expect(page.getByRole('heading', { name: en.audit.audit.title })).toBeVisible();
  await expect(page.getByPlaceholder('Start date')).toBeVisible();

  await page.getByRole('button', { name: zh.shell.prefs.zh }).click();
  await expect(page.getByRole('heading', { name: zh.audit.audit.title })).toBeVisible();
  await expect(page.getByPlaceholder('开始日期')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

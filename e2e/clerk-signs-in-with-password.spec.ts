import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, screenshot, zh } from './support.ts';

test('a clerk signs in with a password, sees their home and signs out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: zh.accounts.signIn.title })).toBeVisible();
  await screenshot(page, 'sign-in');

  await page.getByRole('tab', { name: zh.accounts.signIn.staffTab }).click();
  await page.getByLabel(zh.accounts.signIn.username).fill('clerk');
  await page.getByLabel(zh.accounts.signIn.password).fill('not-the-password');
  await page.getByRole('button', { name: zh.accounts.signIn.submit, exact: true }).click();
  await expect(page.getByText(zh.shell.apiErrors.bad_credentials)).toBeVisible();

  await page.getByLabel(zh.accounts.signIn.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: zh.accounts.signIn.submit, exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: '经营科 李娟，您好' })).toBeVisible();
  await expect(page.getByText(zh.accounts.staffHome.dutiesByRole.clerk)).toBeVisible();
  // A clerk has no user administration: not in the menu, and refused when typed in.
  await expect(page.getByRole('menuitem', { name: zh.accounts.nav.users })).toHaveCount(0);
  await screenshot(page, 'staff-home');

  await page.goto('/admin/users');
  await expect(page.getByText(zh.shell.forbidden.title)).toBeVisible();
  await page.goto('/no/such/page');
  await expect(page.getByText(zh.shell.notFound.title)).toBeVisible();

  await page.getByRole('button', { name: zh.shell.user.menu }).click();
  await page.getByRole('menuitem', { name: zh.shell.user.signOut }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  // Signed out for real: the home page sends them back to sign in.
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
});

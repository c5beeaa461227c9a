import { expect, test } from '@playwright/test';
import { chooseOption, field, screenshot, signInAsStaff, zh } from './support.ts';

const t = zh.accounts.users;

test('an admin creates accounts and finds them in the audit log and the outbox', async ({ page }) => {
  await signInAsStaff(page, 'admin');
  await page.getByRole('menuitem', { name: zh.accounts.nav.users }).click();
  await expect(page.getByRole('heading', { name: t.title })).toBeVisible();
  // The demo's residents outnumber a page: the admin finds a colleague by name, as in a real city.
  const search = page.getByLabel(t.search);
  await search.fill('李娟');
  await search.press('Enter');
  await expect(page.getByRole('cell', { name: '经营科 李娟' })).toBeVisible();
  await search.fill('');
  await search.press('Enter');

  // A steward: username + password, scoped to a grid. A taken username comes back under its field.
  await page.getByRole('button', { name: t.create }).click();
  const drawer = page.getByRole('dialog', { name: t.form.createTitle });
  await chooseOption(drawer, t.form.role, zh.shell.roles.steward);
  await field(drawer, t.form.name).fill('网格员 刘洋');
  await field(drawer, t.form.username).fill('clerk');
  await field(drawer, t.form.password).fill('steady-heat-1');
  await drawer.getByRole('button', { name: t.form.addScope }).click();
  await chooseOption(drawer, t.form.scopeKind, t.scopeKinds.grid);
  await field(drawer, t.form.scopeRef).fill('1');
  await drawer.getByRole('button', { name: t.form.save }).click();
  await expect(drawer.getByText(zh.shell.problems.duplicate)).toBeVisible();

  await field(drawer, t.form.username).fill('liuyang');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/users') && r.request().method() === 'POST' && r.status() === 201);
  await drawer.getByRole('button', { name: t.form.save }).click();
  const steward = (await (await created).json()) as { id: number };
  const stewardRow = page.getByRole('row', { name: /网格员 刘洋/ });
  await expect(stewardRow).toContainText(t.active);

  // Deactivating asks first, then shows at once.
  await stewardRow.getByRole('button', { name: t.deactivate }).click();
  // A click during the popup's opening animation can miss: click until the popup closes.
  const confirm = page.getByRole('tooltip').getByRole('button', { name: t.deactivate });
  await expect(confirm).toBeVisible();
  await expect(async () => {
    if (await confirm.isVisible()) await confirm.click({ timeout: 2_000 });
    await expect(confirm).toBeHidden({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(stewardRow).toContainText(t.inactive);

  // A resident: the sign-in fields change to a phone number.
  await page.getByRole('button', { name: t.create }).click();
  await chooseOption(drawer, t.form.role, zh.shell.roles.resident);
  await expect(field(drawer, t.form.username)).toHaveCount(0);
  await field(drawer, t.form.name).fill('居民 马秀英');
  await field(drawer, t.form.phone).fill('13900000011');
  await drawer.getByRole('button', { name: t.form.addScope }).click();
  await chooseOption(drawer, t.form.scopeKind, t.scopeKinds.household);
  await field(drawer, t.form.scopeRef).fill('1');
  await drawer.getByRole('button', { name: t.form.save }).click();
  await expect(page.getByRole('cell', { name: '居民 马秀英' })).toBeVisible();
  await screenshot(page, 'admin-users');

  // The audit log has the steward's creation, with what was written.
  await page.getByRole('menuitem', { name: zh.audit.nav.audit }).click();
  await field(page, zh.audit.audit.entityId).fill(String(steward.id));
  await field(page, zh.audit.audit.action).fill('user.create');
  await page.getByRole('button', { name: zh.audit.audit.search }).click();
  await expect(page).toHaveURL(new RegExp(`entityId=${steward.id}`));
  const row = page.getByRole('row', { name: new RegExp(`user #${steward.id}`) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('系统管理员 王敏');
  await row.getByRole('button', { name: /展开|expand/i }).click();
  await expect(page.getByText('"liuyang"', { exact: true })).toBeVisible();
  await screenshot(page, 'audit-log');

  // The new resident asks for a code; the development SMS provider records it in the outbox.
  const sent = await page.request.post('/api/auth/code', { data: { phone: '13900000011' } });
  expect(sent.status()).toBe(200);
  await page.getByRole('menuitem', { name: zh.audit.nav.outbox }).click();
  await expect(page.getByRole('heading', { name: zh.audit.outbox.title })).toBeVisible();
  await expect(page.getByRole('row', { name: /13900000011/ })).toContainText('sign_in_code');
  await screenshot(page, 'outbox');
});

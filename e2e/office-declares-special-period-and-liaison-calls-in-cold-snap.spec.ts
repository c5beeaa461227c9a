import { expect, test } from '@playwright/test';
import linkageMessages from '../web/features/linkage/i18n.ts';
import { adminApi, chooseOption, DEMO_PASSWORD, field, PHONE, screenshot, signInAsStaff, staffPage } from './support.ts';

const zh = linkageMessages.zh;
const VACUUM = '金色港湾小区';

test('the office declares a special period for the vacuum compound and switches a cold snap on; the liaison works the call list on a phone', async ({ page, playwright, baseURL, browser }) => {
  test.setTimeout(300_000);
  const admin = await adminApi(playwright, baseURL!);
  type Group = { communityId: number; communityName: string; vacuumCompounds: { id: number; name: string }[] };
  let group: Group | undefined;
  await expect(async () => {
    const res = await admin.request.get('/api/linkage/groups');
    group = ((await res.json()) as { items: Group[] }).items.find((g) => g.vacuumCompounds.some((c) => c.name === VACUUM));
    expect(group).toBeDefined();
  }).toPass({ timeout: 30_000 });
  const compoundId = group!.vacuumCompounds.find((c) => c.name === VACUUM)!.id;

  // 1. 特殊时期: picked by name, dates from the compound's vacuum.
  await signInAsStaff(page, 'admin');
  await page.goto('/linkage/special-periods');
  const declare = page.locator('.ant-card').filter({ hasText: zh.period.declare });
  await chooseOption(declare, zh.period.community, group!.communityName);
  await chooseOption(declare, zh.period.compound, VACUUM);
  await field(declare, zh.period.reason).fill('物业撤场，管理空窗期');
  await declare.getByRole('button', { name: zh.period.submit }).click();
  const periods = page.getByTestId('special-periods');
  await expect(periods.locator('.ant-table-row').filter({ hasText: VACUUM })).toContainText(zh.period.state.active);
  // A request of the compound, accepted by the steward: the figures follow.
  const households = (await (await admin.request.get(`/api/registry/households?compoundId=${compoundId}&pageSize=2`)).json()) as { items: { id: number }[] };
  const hotline = await playwright.request.newContext({ baseURL });
  const signIn = await hotline.post('/api/auth/login', { data: { username: 'hotline', password: DEMO_PASSWORD } });
  const csrf = ((await signIn.json()) as { csrfToken: string }).csrfToken;
  expect((await hotline.post('/api/repairs', { headers: { 'x-csrf-token': csrf }, data: { householdId: households.items[0]!.id, category: 'no_heat', channel: 'hotline', caller: { name: '李大爷' } } })).status()).toBe(201);
  await page.reload();
  const metrics = page.getByTestId('period-metrics');
  await expect(metrics).toContainText(VACUUM);
  await expect(metrics.getByRole('img', { name: zh.period.chartAria })).toBeVisible();
  await screenshot(page, 'linkage-special-period');

  // 2. 寒潮: the office switches the branch on.
  await page.goto('/linkage/cold-snap');
  const start = page.locator('.ant-card').filter({ hasText: zh.snap.start }).first();
  await field(start, zh.snap.note).fill('寒潮蓝色预警，最低 -12℃');
  await start.getByRole('button', { name: zh.snap.start }).click();
  const snaps = page.getByTestId('cold-snaps');
  await expect(snaps.locator('.ant-table-row').first()).toContainText(zh.snap.on);

  // 3. The liaison, on a phone, flags an elderly resident living alone and calls.
  const phone = await staffPage(browser, baseURL!, 'liaison', /\/dashboard$/, PHONE);
  await phone.goto('/linkage/calls');
  const flag = phone.locator('.ant-card').filter({ hasText: zh.vulnerable.title });
  await field(flag, zh.vulnerable.household).click();
  await phone.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await field(flag, zh.vulnerable.consentNote).fill('本人同意，女儿电话确认');
  await field(flag, zh.vulnerable.contactPhone).fill('13800000009');
  await flag.getByRole('button', { name: zh.vulnerable.flag }).click();
  const call = phone.locator('[data-testid^="call-"]').first();
  await expect(call.getByRole('link', { name: /13800000009/ })).toBeVisible({ timeout: 30_000 });
  await call.getByLabel(zh.calls.outcome).fill('电话联系，室温 19℃，老人安好');
  await call.getByRole('button', { name: zh.calls.markDone }).click();
  await expect(call).toContainText(zh.calls.done);
  await expect(call).toContainText('刘芳');
  await screenshot(phone, 'linkage-cold-snap-calls');

  // 4. The office sees the call done (the running snap is the row shown, with its call list) and switches the snap off.
  await page.reload();
  await expect(snaps.locator('.ant-table-row').first()).toContainText(zh.snap.calls.replace('{{done}}', '1').replace('{{total}}', '1'));
  await expect(snaps.locator('.ant-table-row-selected')).toContainText(zh.snap.on);
  await expect(page.getByTestId('snap-calls')).toContainText('刘芳');
  await screenshot(page, 'linkage-cold-snap-office');
  await snaps.getByRole('button', { name: zh.snap.endNow }).click();
  await expect(snaps.locator('.ant-table-row').first()).toContainText(zh.snap.off);
});

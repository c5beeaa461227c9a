import { expect, test } from '@playwright/test';
import repairsMessages from '../web/features/repairs/i18n.ts';
import { PHONE, adminApi, screenshot, signInHouseholdMember, staffPage, zh } from './support.ts';

const repairs = repairsMessages.zh;
const DESK = { viewport: { width: 1280, height: 800 } };
// A second holder of the demo resident's household (金色港湾小区 3号楼, the vacuum compound):
// the demo phone itself is used by the sign-in journey, and one phone gets one code a minute.
const phone = '13900000041';

test.use(PHONE);

test('a vacuum-compound resident reports no heat; the steward resolves; a reopen reaches the crew lead', async ({ page, browser, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await adminApi(playwright, baseURL!);
  await signInHouseholdMember(admin, page.request, phone, '居民 周建国');
  await admin.request.dispose();

  // The steward already has the queue open on their phone before the report arrives.
  const steward = await staffPage(browser, baseURL!, 'steward', /\/repairs\/queue$/, PHONE);
  await expect(steward.getByRole('heading', { name: repairs.queue.title })).toBeVisible();

  // Two taps: the home card, then the category.
  await page.goto('/home');
  await page.getByRole('link', { name: new RegExp(`^${zh.accounts.residentHome.repair.title}`) }).click();
  await expect(page).toHaveURL(/\/repairs\/new$/);
  await page.getByRole('button', { name: repairs.category.no_heat }).click();
  await expect(page.getByText(repairs.report.sent)).toBeVisible();
  const card = page.getByTestId('repair-request');
  await expect(card).toContainText('网格员 张伟');
  await expect(card.getByRole('link', { name: /拨打 \d+/ })).toHaveAttribute('href', /^tel:\d+$/);
  for (const clock of Object.values(repairs.clock)) await expect(card).toContainText(clock);
  // Which targets the times come from (standard, or special / cold snap when one is declared).
  await expect(card.getByTestId('repair-sla-profile')).toHaveText(new RegExp(`^(${Object.values(repairs.detail.profile).join('|')})$`));
  const id = Number((await card.getByRole('heading', { level: 4 }).textContent())!.match(/#(\d+)/)![1]);
  await screenshot(page, 'repair-report');

  // The queue polls: the new request appears without a reload.
  const job = steward.getByTestId('queue-card').filter({ hasText: `#${id}` });
  await expect(job).toBeVisible({ timeout: 20_000 });
  await expect(job).toContainText(repairs.category.no_heat);
  await job.getByRole('button', { name: repairs.queue.accept }).click();
  await expect(job.getByRole('button', { name: repairs.queue.onSite })).toBeVisible();
  await expect(job.getByRole('link', { name: /拨打住户 \d+/ })).toHaveAttribute('href', /^tel:\d+$/);
  await screenshot(steward, 'steward-queue');
  await job.getByRole('button', { name: repairs.queue.onSite }).click();
  await job.getByRole('button', { name: repairs.queue.resolve }).click();
  await steward.getByRole('dialog').getByLabel(repairs.queue.note).fill('更换了单元阀门，暖气已恢复');
  await steward.getByRole('dialog').getByRole('button', { name: repairs.queue.save }).click();
  // Resolved work leaves the steward's queue.
  await expect(job).toHaveCount(0);

  // The resident sees each step with who did it, and disputes the fix.
  await page.goto('/repairs/mine');
  const timeline = page.getByTestId('repair-timeline');
  for (const step of [repairs.event.created, repairs.status.accepted, repairs.status.on_site, repairs.status.resolved]) {
    await expect(timeline).toContainText(step);
  }
  await expect(timeline).toContainText('更换了单元阀门');
  await expect(page.getByText(repairs.mine.askConfirm)).toBeVisible();
  await page.getByLabel(repairs.mine.reopenNote).fill('卧室还是凉的');
  await page.getByRole('button', { name: repairs.mine.reopen }).click();
  await expect(timeline).toContainText(repairs.status.reopened);
  await expect(page.getByRole('button', { name: repairs.mine.confirm })).toHaveCount(0);
  await screenshot(page, 'repair-timeline');

  // The reopen escalates to the crew lead at once.
  const lead = await staffPage(browser, baseURL!, 'crewlead', /\/repairs\/board$/, DESK);
  const row = lead.getByTestId('board-table').getByRole('row').filter({ has: lead.getByRole('cell', { name: String(id), exact: true }) });
  await expect(row).toContainText(repairs.status.reopened);
  await expect(row).toContainText(repairs.category.no_heat);
  await expect(row.getByRole('combobox', { name: repairs.board.reassign })).toBeVisible();
  await screenshot(lead, 'crew-board');
  await steward.context().close();
  await lead.context().close();
});

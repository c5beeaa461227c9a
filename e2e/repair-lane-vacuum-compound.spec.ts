import { expect as baseExpect, test, type APIRequestContext } from '@playwright/test';
import repairsMessages from '../web/features/repairs/i18n.ts';
import { DEMO_PASSWORD, PHONE, adminApi, screenshot, signInAsStaff, signInHouseholdMember, staffPage, zh, type AdminApi } from './support.ts';

/**
 * The repair express lane's done-when journey (issue 6) in the vacuum compound 金色港湾小区:
 * a resident taps "no heat", the steward's phone queue shows it live, accept → on site →
 * resolved, the resident reopens, the crew lead sees the escalation; a burst from one station
 * becomes one incident on the station view; a hotline dispatcher and a community liaison report
 * on a resident's behalf.
 */
// Eight people share two CPUs: lazily loaded pages can take well over the default 10 s.
const expect = baseExpect.configure({ timeout: 30_000 });
const repairs = repairsMessages.zh;
const desk = repairs.desk;
const DESK = { viewport: { width: 1280, height: 800 } };
// Phones of their own: one phone gets one sign-in code a minute, and other journeys use theirs.
const RESIDENT_PHONE = '13900000051';

/** A staff API session beside the browser (the hotline's own account, for the burst of calls). */
async function staffApi(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

interface Household {
  id: number;
  accountNo: string;
  buildingId: number;
  stationId: number | null;
  address: string;
}

async function households(admin: AdminApi, params: Record<string, string | number>): Promise<Household[]> {
  const res = await admin.request.get('/api/registry/households', { params: { pageSize: 500, ...params } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: Household[] }).items;
}

test.describe.configure({ mode: 'serial' });

test('a vacuum-compound resident taps no heat; the live queue, the fix, the reopen and the escalation', async ({ page, browser, playwright, baseURL }) => {
  test.setTimeout(420_000);
  await page.setViewportSize(PHONE.viewport);
  const admin = await adminApi(playwright, baseURL!);
  await signInHouseholdMember(admin, page.request, RESIDENT_PHONE, '居民 吴秀英');
  await admin.request.dispose();

  // The steward's phone has the queue open, connected to the live stream, before the report.
  const steward = await staffPage(browser, baseURL!, 'steward', /\/repairs\/queue$/, PHONE);
  await expect(steward.locator('[data-live="live"]')).toBeVisible({ timeout: 20_000 });

  // Two taps from home: the report card, then "no heat".
  await page.goto('/home');
  await page.getByRole('link', { name: new RegExp(`^${zh.accounts.residentHome.repair.title}`) }).click();
  await expect(page).toHaveURL(/\/repairs\/new$/);
  await page.getByRole('button', { name: repairs.category.no_heat }).click();
  await expect(page.getByText(repairs.report.sent)).toBeVisible();
  const card = page.getByTestId('repair-request');
  await expect(card).toContainText('网格员 张伟');
  const id = Number((await card.getByRole('heading', { level: 4 }).textContent())!.match(/#(\d+)/)![1]);
  await screenshot(page, 'repair-lane-resident-report');

  // Live, not polled: the queue polls only once a minute, the card must come well before.
  const job = steward.getByTestId('queue-card').filter({ hasText: `#${id}` });
  await expect(job).toBeVisible({ timeout: 8_000 });
  await expect(job).toContainText(repairs.category.no_heat);
  await screenshot(steward, 'repair-lane-steward-queue');
  await job.getByRole('button', { name: repairs.queue.accept }).click();
  await job.getByRole('button', { name: repairs.queue.onSite }).click();
  await job.getByRole('button', { name: repairs.queue.resolve }).click();
  await steward.getByRole('dialog').getByLabel(repairs.queue.note).fill('单元总阀未开，已打开，暖气恢复');
  await steward.getByRole('dialog').getByRole('button', { name: repairs.queue.save }).click();
  await expect(job).toHaveCount(0);

  // The resident disputes the fix.
  await page.goto('/repairs/mine');
  await expect(page.getByText(repairs.mine.askConfirm)).toBeVisible();
  await page.getByLabel(repairs.mine.reopenNote).fill('卧室暖气片还是凉的');
  await page.getByRole('button', { name: repairs.mine.reopen }).click();
  await expect(page.getByTestId('repair-timeline')).toContainText(repairs.status.reopened);

  // A reopen goes back to the steward with escalation: it is back in the queue, marked escalated…
  await expect(job).toBeVisible({ timeout: 8_000 });
  await expect(job).toContainText(repairs.queue.escalated);
  await expect(job).toContainText(repairs.status.reopened);
  // …and on the crew lead's board at escalation level 1, ready to be reassigned.
  const lead = await staffPage(browser, baseURL!, 'crewlead', /\/repairs\/board$/, DESK);
  const row = lead.getByTestId('board-table').getByRole('row').filter({ has: lead.getByRole('cell', { name: String(id), exact: true }) });
  // The machine is shared: a lazily loaded desk page may take a while on the first visit.
  await expect(row).toContainText(repairs.status.reopened, { timeout: 30_000 });
  await expect(row.locator('.ant-tag-red')).toHaveText('1');
  await expect(row.getByRole('combobox', { name: repairs.board.reassign })).toBeVisible();
  await screenshot(lead, 'repair-lane-crew-board');
  await steward.context().close();
  await lead.context().close();
});

test('a hotline dispatcher reports for a caller; a burst from one station is one incident on the station view', async ({ page, playwright, baseURL, browser }) => {
  test.setTimeout(420_000);
  const admin = await adminApi(playwright, baseURL!);
  const [home] = await households(admin, { q: '金色港湾 3号楼 502' });
  expect(home?.stationId).toBeTruthy();
  // Households fed by the same station, at most two per building, so the station (5 reports
  // within 30 min) and not one building (3) is what the burst fills.
  const fed = (await households(admin, { stationId: home!.stationId! })).filter((h) => h.buildingId !== home!.buildingId);
  const perBuilding = new Map<number, number>();
  const burst = fed.filter((h) => {
    const n = perBuilding.get(h.buildingId) ?? 0;
    perBuilding.set(h.buildingId, n + 1);
    return n < 2;
  }).slice(0, 5);
  expect(burst).toHaveLength(5);
  await admin.request.dispose();

  // The hotline agent finds the first caller's home by account number, sees who will get it.
  await signInAsStaff(page, 'hotline');
  await page.goto('/repairs/on-behalf');
  await page.getByLabel(desk.onBehalf.search).fill(burst[0]!.accountNo);
  await page.getByLabel(desk.onBehalf.search).press('Enter');
  const hit = page.getByTestId('on-behalf-hit').filter({ hasText: burst[0]!.accountNo });
  await expect(hit).toBeVisible({ timeout: 30_000 });
  await expect(hit.getByTestId('goes-to')).toContainText(desk.onBehalf.via.steward);
  await screenshot(page, 'repair-lane-on-behalf-search');
  await hit.getByRole('button', { name: desk.onBehalf.choose }).click();
  await page.locator('.ant-radio-button-wrapper', { hasText: repairs.category.no_heat }).click();
  await page.getByText(desk.onBehalf.channels['12345'], { exact: true }).click();
  await page.getByLabel(desk.onBehalf.callerName).fill('王女士（女儿）');
  await page.getByLabel(desk.onBehalf.callerPhone).fill('13700001234');
  await page.getByLabel(desk.onBehalf.caseRef).fill('ZZ12345-2026-1127-001');
  await page.getByRole('button', { name: desk.onBehalf.submit }).click();
  await expect(page.getByText(desk.onBehalf.sent)).toBeVisible();
  await expect(page.getByTestId('repair-caller')).toContainText('王女士（女儿）');
  await expect(page.getByTestId('repair-caller')).toContainText('ZZ12345-2026-1127-001');
  await screenshot(page, 'repair-lane-on-behalf-sent');

  // The rest of the calls come in on the hotline within minutes.
  const hotline = await playwright.request.newContext({ baseURL: baseURL! });
  const csrf = await staffApi(hotline, 'hotline');
  const ids: number[] = [];
  for (const h of burst.slice(1)) {
    const res = await hotline.post('/api/repairs', { headers: { 'x-csrf-token': csrf }, data: { category: 'no_heat', householdId: h.id, channel: 'hotline', caller: { name: '来电住户' } } });
    expect(res.status()).toBe(201);
    ids.push(((await res.json()) as { id: number }).id);
  }
  const linked = await Promise.all(ids.map(async (id) => ((await (await hotline.get(`/api/repairs/${id}`)).json()) as { incidentId: number | null }).incidentId));
  expect(new Set(linked).size).toBe(1);
  expect(linked[0]).not.toBeNull();
  await hotline.dispose();

  // The crew lead sees one red tile for the station, opens it, and closes the outage.
  const lead = await staffPage(browser, baseURL!, 'crewlead', /\/repairs\/board$/, DESK);
  await lead.goto('/repairs/stations');
  const tile = lead.locator('[data-testid="station-tile"][data-state="outage"]');
  await expect(tile).toHaveCount(1, { timeout: 30_000 });
  await expect(tile).toContainText(/关联报修 \d+ 户/);
  await screenshot(lead, 'repair-lane-stations');
  await tile.click();
  const detail = lead.getByTestId('incident-detail');
  await expect(detail).toContainText(`#${linked[0]}`);
  for (const id of ids) await expect(detail.getByRole('cell', { name: String(id), exact: true })).toBeVisible();
  await screenshot(lead, 'repair-lane-incident');
  await detail.getByRole('button', { name: repairs.board.resolve }).click();
  await lead.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(detail).toContainText(repairs.board.incidentStatus.resolved);
  await lead.keyboard.press('Escape');
  await expect(lead.locator('[data-testid="station-tile"][data-state="restored"]')).toHaveCount(1);

  // The branch SLA dashboard counts what happened today.
  await lead.goto('/repairs/sla');
  await expect(lead.getByTestId('sla-totals')).toBeVisible({ timeout: 30_000 });
  await expect(lead.getByTestId('sla-by-category')).toContainText(repairs.category.no_heat);
  await screenshot(lead, 'repair-lane-sla');
  await lead.context().close();
});

test('a community liaison reports for an elderly resident of their community', async ({ page }) => {
  test.setTimeout(240_000);
  // Wait for the signed-in landing page before navigating, or the goto races the sign-in.
  await signInAsStaff(page, 'liaison');
  await page.goto('/repairs/on-behalf');
  await page.getByLabel(desk.onBehalf.search).fill('金色港湾 3号楼 502');
  await page.getByLabel(desk.onBehalf.search).press('Enter');
  const hit = page.getByTestId('on-behalf-hit').first();
  await expect(hit).toContainText('网格员 张伟', { timeout: 30_000 });
  // A liaison does not call residents: the household's phone is masked.
  await expect(hit).toContainText(/\d{3}\*{4}\d{4}/);
  await hit.getByRole('button', { name: desk.onBehalf.choose }).click();
  await expect(page.getByLabel(desk.onBehalf.callerName)).not.toHaveValue('');
  await page.locator('.ant-radio-button-wrapper', { hasText: repairs.category.valve }).click();
  await page.getByLabel(desk.onBehalf.note).fill('老人独居，暖气阀门拧不动');
  await page.getByRole('button', { name: desk.onBehalf.submit }).click();
  await expect(page.getByText(desk.onBehalf.sent)).toBeVisible();
  await expect(page.getByTestId('repair-caller')).toContainText(desk.onBehalf.channels.liaison);
});

import { expect, test, type APIRequestContext } from '@playwright/test';
import linkageMessages from '../web/features/linkage/i18n.ts';
import { adminApi, DEMO_PASSWORD, screenshot, signInAsStaff, type AdminApi } from './support.ts';

const zh = linkageMessages.zh;
const VACUUM = '金色港湾小区';

/** A signed-in API session of a demo staff account, beside the browser. */
async function staffApi(playwright: Parameters<typeof adminApi>[0], baseURL: string, username: string): Promise<AdminApi> {
  const request = await playwright.request.newContext({ baseURL });
  const res = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return { request, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function post(api: AdminApi, url: string, data?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await api.request.post(url, { headers: { 'x-csrf-token': api.csrf }, ...(data !== undefined && { data }) });
  return { status: res.status(), body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

test('the vacuum community’s linkage group: bulletin, acknowledgement, a request for an elderly resident, Q&A → FAQ, roll-out board', async ({ page, playwright, baseURL, browser }) => {
  test.setTimeout(360_000);
  const admin = await adminApi(playwright, baseURL!);

  // 1. The daily mode-change job opened the group of the community holding the vacuum compound.
  type Group = { id: number; name: string; communityId: number; vacuumCompounds: { id: number; name: string }[] };
  let group: Group | undefined;
  await expect(async () => {
    const { items } = await getJson<{ items: Group[] }>(admin.request, '/api/linkage/groups');
    group = items.find((g) => g.vacuumCompounds.some((c) => c.name === VACUUM));
    expect(group).toBeDefined();
  }).toPass({ timeout: 30_000 });
  const compoundId = group!.vacuumCompounds.find((c) => c.name === VACUUM)!.id;

  // 2. A resident of the vacuum compound phoned the hotline; the clerk opens the temporary collection point.
  const households = await getJson<{ items: { id: number; branchId: number }[] }>(admin.request, `/api/registry/households?compoundId=${compoundId}&pageSize=5`);
  const hotline = await staffApi(playwright, baseURL!, 'hotline');
  const hotlineCase = await post(hotline, '/api/repairs', { householdId: households.items[0]!.id, category: 'not_warm', channel: 'hotline', caller: { name: '王阿姨' } });
  expect(hotlineCase.status).toBe(201);
  const staff = await getJson<{ items: { id: number }[] }>(admin.request, `/api/billing/points/staff?branchId=${households.items[0]!.branchId}`);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const point = await post(admin, '/api/billing/points', { name: `${VACUUM}临时缴费点`, address: '金色港湾社区服务站', hours: '09:00–17:00', fromDate: today, toDate: today, compoundIds: [compoundId], staffUserIds: [staff.items[0]!.id] });
  expect(point.status, JSON.stringify(point.body)).toBe(201);

  // 3. This morning's bulletin (the group opened after the 07:00 run, so the admin issues it).
  const issued = await post(admin, `/api/linkage/groups/${group!.id}/bulletins`);
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);

  // 4. The liaison reads it — yesterday-to-now's requests and the payment progress — and acknowledges the community's copy.
  await signInAsStaff(page, 'liaison');
  await page.goto('/linkage');
  await page.getByRole('link', { name: group!.name }).click();
  const bulletin = page.getByTestId('bulletin').first();
  await expect(bulletin.getByRole('heading', { name: zh.bulletin.requests })).toBeVisible({ timeout: 30_000 });
  // Yesterday-to-now's request, in the bulletin's request table.
  await expect(bulletin.locator('.ant-table-row').filter({ has: page.getByRole('cell', { name: String(hotlineCase.body.id), exact: true }) })).toContainText('暖气不热');
  await expect(bulletin.getByRole('heading', { name: zh.bulletin.payments })).toBeVisible();
  await expect(bulletin.getByRole('cell', { name: VACUUM, exact: true })).toBeVisible();
  await bulletin.getByRole('button', { name: zh.bulletin.acknowledge.replace('{{side}}', zh.side.community) }).click();
  await expect(bulletin.getByTestId('copy-community')).toContainText('刘芳');
  await expect(bulletin.getByTestId('copy-heating')).toHaveText(zh.bulletin.pending.replace('{{side}}', zh.side.heating));
  await screenshot(page, 'linkage-group-bulletin');

  // 5. …and raises a request for an elderly resident living alone.
  const form = page.getByTestId('raise-request');
  await form.getByLabel(zh.group.household).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await form.getByLabel(zh.group.note).fill('独居老人，卧室暖气不热');
  await form.getByRole('button', { name: zh.group.raise }).click();
  const thread = page.getByTestId('thread');
  await expect(thread).toContainText('独居老人，卧室暖气不热');
  await expect(thread).toContainText('代居民报修 #');
  await screenshot(page, 'linkage-raise-request');

  // 6. A Q&A session in the community: scheduled (households notified), held, a question answered and published.
  const liaison = await staffApi(playwright, baseURL!, 'liaison');
  const startsAt = new Date(Date.now() + 10 * 60_000).toISOString();
  const past = await post(liaison, '/api/qa-sessions', { communityId: group!.communityId, place: '金色港湾社区活动室', startsAt: '2020-01-01T10:00:00.000Z', staff: ['网格员 张伟'] });
  expect(past.status).toBe(422);
  const session = await post(liaison, '/api/qa-sessions', { communityId: group!.communityId, place: '金色港湾社区活动室', startsAt, staff: ['网格员 张伟', '社区网格员 刘芳'] });
  expect(session.status).toBe(201);
  await page.goto('/linkage/qa');
  const card = page.getByTestId(`qa-session-${String(session.body.id)}`);
  await card.getByRole('button', { name: zh.qa.held }).click();
  await card.getByLabel(zh.qa.questionZh).fill('物业撤场后暖气费交到哪里？');
  await card.getByLabel(zh.qa.answerZh).fill('交到社区服务站的临时缴费点，或在手机上直接缴给热力公司，不经过物业。');
  await card.getByLabel(zh.qa.questionEn).fill('Where do we pay now that the property company has left?');
  await card.getByLabel(zh.qa.answerEn).fill('At the temporary collection point in the community service station, or online, directly to the heating company.');
  await card.getByRole('button', { name: zh.qa.record }).click();
  await expect(card).toContainText(zh.qa.published);
  await screenshot(page, 'linkage-qa-session');

  // 7. The public FAQ, without signing in.
  const anon = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const faqPage = await anon.newPage();
  await faqPage.goto('/faq');
  await faqPage.getByPlaceholder(zh.faq.search).fill('暖气费');
  await faqPage.getByPlaceholder(zh.faq.search).press('Enter');
  await expect(faqPage.getByTestId('faq')).toContainText('交到社区服务站的临时缴费点');
  await screenshot(faqPage, 'linkage-public-faq');
  await anon.close();

  // 8. The roll-out board shows the compound's checklist complete.
  await page.context().clearCookies();
  await signInAsStaff(page, 'admin');
  await page.goto('/linkage/rollout');
  const row = page.getByTestId('rollout-table').locator('.ant-table-row').filter({ hasText: VACUUM });
  await expect(row).toContainText('5/5');
  await screenshot(page, 'linkage-rollout-board');
});

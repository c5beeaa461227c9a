import { expect, test } from '@playwright/test';
import linkageMessages from '../web/features/linkage/i18n.ts';
import { adminApi, chooseOption, field, screenshot, signInAsStaff } from './support.ts';

const zh = linkageMessages.zh;

test('the office tells the households of one heat-exchange station about an outage, picking the station by name', async ({ page, playwright, baseURL }) => {
  const admin = await adminApi(playwright, baseURL!);
  // The station that feeds the vacuum compound, as the registry's search finds it.
  const found = (await (await admin.request.get('/api/registry/stations', { params: { q: '金色港湾' } })).json()) as { items: { code: string; name: string }[] };
  const station = found.items[0]!;

  await signInAsStaff(page, 'clerk');
  await page.goto('/linkage/notices');
  await chooseOption(page, zh.notice.scopeKind, zh.notice.scope.station);
  // By the form item's id: "换热站" is also the audience select's value, which shares the label text.
  const picker = page.locator('#scopeId');
  await picker.click();
  await picker.fill('金色港湾');
  await page.locator('.ant-select-dropdown:visible').getByTitle(`${station.code} ${station.name}`, { exact: true }).click();
  await field(page, zh.notice.title).fill('停热通知');
  await field(page, zh.notice.body).fill('换热站检修，今日 14:00–18:00 暂停供热，请做好保暖。');
  await page.getByRole('button', { name: zh.notice.send }).click();
  const sent = page.getByTestId('notice-sent');
  await expect(sent).toBeVisible();
  await expect(sent).toContainText(/已发送给 [1-9]\d* 户/);
  await screenshot(page, 'notice-to-a-station');
});

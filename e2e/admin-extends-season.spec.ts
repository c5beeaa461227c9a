import { expect, test, type APIRequestContext } from '@playwright/test';
import rulebookMessages from '../web/features/rulebook/i18n.ts';
import { signInAsStaff } from './support.ts';

const t = rulebookMessages.zh;

test('an admin extends the heating season to 22 March and sees the new end in force', async ({ page }) => {
  // The season to extend is the one running today, or else the next one (the journey runs on any date).
  const now = (await (await page.request.get('/api/rulebook/zhengzhou')).json()) as { season: { code: string } | null; nextSeason: { code: string } };
  const season = now.season?.code ?? now.nextSeason.code;
  const newEnd = `${Number(season.slice(0, 4)) + 1}-03-22`;

  await signInAsStaff(page, 'admin');
  await page.getByRole('menuitem', { name: t.nav.rulebook }).click();
  await expect(page.getByRole('heading', { name: t.title })).toBeVisible();
  const line = page.getByTestId(`season-${season}`).first();
  await expect(line).toContainText(`${Number(season.slice(0, 4)) + 1}-03-15`);
  await expect(page.getByTestId('rule-source').first()).toContainText('郑州市城市供热与用热管理办法');

  await page.getByRole('button', { name: t.extend }).click();
  const drawer = page.getByRole('dialog', { name: t.extension.title });
  await expect(drawer.getByLabel(t.extension.season)).toBeVisible();
  await drawer.getByLabel(t.extension.end).fill(newEnd);
  await drawer.getByLabel(t.extension.end).press('Enter');
  await drawer.getByLabel(t.extension.reason).fill('郑州市政府通知：因持续低温延长供暖（不额外收费）');
  await drawer.getByRole('button', { name: t.extension.save }).click();
  await expect(page.getByText(t.extension.saved.replace('{{season}}', season).replace('{{end}}', newEnd))).toBeVisible();

  // In force at once: the season line, the history, and the API other pages read.
  await expect(line).toContainText(newEnd);
  await expect(page.getByText(t.season.extended.replace('{{count}}', '7')).first()).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(`${season} → ${newEnd}`) })).toContainText(t.history.inForce);
  const inForce = await page.request.get('/api/rulebook/zhengzhou/season');
  if (now.season) expect(((await inForce.json()) as { end: string }).end).toBe(newEnd);
  await page.mouse.move(0, 0);
  // The whole page (it is long): the cards, each with its source, and the history under them.
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: 'docs/screenshots/rulebook.png', fullPage: true, animations: 'disabled', caret: 'hide' });

  // A resident's "my steward" lookup shows the season's new end (when the demo city has buildings).
  const building = await firstPublicBuilding(page.request);
  if (building !== undefined && now.season) {
    await expect(async () => {
      const res = await page.request.get('/api/public/steward', { params: { buildingId: building } });
      expect(((await res.json()) as { season: { end: string } }).season.end).toBe(newEnd);
    }).toPass({ timeout: 40_000 }); // the lookup caches season dates for up to 30 s
  }
});

/** A building id from the public pick-list (community → compound → building), if there is one. */
async function firstPublicBuilding(request: APIRequestContext): Promise<number | undefined> {
  const first = async (url: string) => {
    const res = await request.get(url);
    return res.ok() ? ((await res.json()) as { items: { id: number }[] }).items[0]?.id : undefined;
  };
  const community = await first('/api/public/communities');
  const compound = community && (await first(`/api/public/communities/${community}/compounds`));
  return compound ? first(`/api/public/compounds/${compound}/buildings`) : undefined;
}

import { expect, test } from '@playwright/test';
import billingMessages from '../web/features/billing/i18n.ts';
import { field, screenshot, signInAsStaff } from './support.ts';

const billing = billingMessages.zh;
const OUTGOING = '郑州金港物业服务有限公司'; // its tenure of 金色港湾小区 ended on 2026-10-31

/** ¥12,345.60 → 1234560 fen, the way the page prints money. */
const fenOf = (text: string) => Number(text.replace(/[¥,\s]/g, '').replace('.', ''));

test('the outgoing property company’s settlement statement shows what it owes; the clerk records the remittance and closes it', async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  await signInAsStaff(page, 'clerk');

  // 1. The daily job drew up the statement when the tenure end passed (it runs at start-up).
  await page.getByRole('menuitem', { name: billing.settlement.nav }).click();
  await expect(page).toHaveURL(/\/billing\/settlements$/);
  const row = page.getByRole('row', { name: new RegExp(OUTGOING) });
  await expect
    .poll(async () => JSON.stringify(await (await page.request.get('/api/billing/settlements')).json()), { timeout: 60_000 })
    .toContain(OUTGOING);
  await page.reload();
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText('金色港湾');
  await expect(row).toContainText(billing.settlement.status.open);
  await screenshot(page, 'settlement-statements');

  // 2. The statement: collected by household, part remitted in October, the rest still owed.
  await row.getByRole('link', { name: billing.settlement.open }).click();
  const statement = page.getByTestId('settlement');
  await expect(statement).toContainText(OUTGOING);
  await expect(statement).toContainText('2021-01-01 – 2026-10-31');
  const owedText = (await page.getByTestId('settlement-owed').textContent())!;
  const owed = fenOf(owedText);
  expect(owed).toBeGreaterThan(0);
  await expect(page.getByText(billing.settlement.stillOwed.split('，')[0]!.replace('{{amount}}', owedText))).toBeVisible();
  await expect(statement.locator('.ant-table-tbody').first().locator('tr.ant-table-row')).toHaveCount(6); // six households paid the agent
  await expect(statement).toContainText('ICBC-20261020-0381');
  await expect(page.getByRole('button', { name: billing.settlement.close })).toBeDisabled();
  await screenshot(page, 'settlement-statement-owed');

  // 3. The money arrives: more than owed is refused on the amount field, the exact amount is recorded.
  await page.getByRole('button', { name: billing.agent.record }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(OUTGOING);
  const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  await field(dialog, billing.agent.form.amount).fill(yuan(owed + 100));
  await field(dialog, billing.agent.form.reference).fill('ICBC-20261127-0517');
  await dialog.getByRole('button', { name: billing.agent.form.submit }).click();
  await expect(dialog).toContainText(billing.agent.form.exceedsOwed.replace('{{owed}}', owedText));
  await field(dialog, billing.agent.form.amount).fill(yuan(owed));
  await dialog.getByRole('button', { name: billing.agent.form.submit }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('settlement-owed')).toHaveText('¥0.00');
  await expect(statement).toContainText('ICBC-20261127-0517');

  // 4. Nothing is owed any more: the clerk closes the statement.
  await page.getByRole('button', { name: billing.settlement.close }).click();
  await page.getByRole('button', { name: /确\s?定|OK/ }).click();
  await expect(statement).toContainText(billing.settlement.status.closed);
  await expect(page.getByText(billing.settlement.closed.split(' ')[0]!.replace('{{at}}', '').trim())).toBeVisible();
  await screenshot(page, 'settlement-statement-closed');

  // 5. The reconciliation page agrees: the company owes nothing.
  await page.getByRole('menuitem', { name: billing.agent.nav }).click();
  const company = page.getByRole('row', { name: new RegExp(OUTGOING) });
  await expect(company).toContainText('¥0.00');
  await company.getByRole('button', { name: billing.agent.reconcile }).click();
  await expect(page.getByTestId('reconciliation')).toContainText(OUTGOING);
  await screenshot(page, 'agent-reconciliation');

  // 6. Another company's property manager sees only their own company, read-only.
  const other = await browser.newContext({ baseURL: baseURL!, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const manager = await other.newPage();
  await signInAsStaff(manager, 'property');
  await manager.goto('/billing/agents');
  await expect(manager.getByRole('table').first()).toContainText('郑州华庭物业服务有限公司');
  await expect(manager.getByText(OUTGOING)).toHaveCount(0);
  await expect(manager.getByRole('button', { name: billing.agent.record })).toHaveCount(0);
  await other.close();
});

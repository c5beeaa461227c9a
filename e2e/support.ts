import { expect, type APIRequestContext, type Browser, type Locator, type Page, type PlaywrightWorkerArgs } from '@playwright/test';
import { DEMO_PASSWORD } from '../server/seed/demo-accounts.ts';
import accountsMessages from '../web/features/accounts/i18n.ts';
import auditMessages from '../web/features/audit/i18n.ts';
import shellMessages from '../web/features/shell/i18n.ts';

/** The UI's own words, so the journeys find buttons the way a person does and survive copy edits. */
export const zh = { accounts: accountsMessages.zh, audit: auditMessages.zh, shell: shellMessages.zh };
export const en = { accounts: accountsMessages.en, audit: auditMessages.en, shell: shellMessages.en };

export { DEMO_PASSWORD };
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** A signed-in admin beside the browser, for what a test needs to read or prepare through the API. */
export interface AdminApi {
  request: APIRequestContext;
  csrf: string;
}

export async function adminApi(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string): Promise<AdminApi> {
  const request = await playwright.request.newContext({ baseURL });
  const res = await request.post('/api/auth/login', { data: { username: 'admin', password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  const session = (await res.json()) as { csrfToken: string };
  return { request, csrf: session.csrfToken };
}

/** The newest sign-in code the development SMS provider recorded for a phone. */
export async function signInCode(admin: AdminApi, phone: string): Promise<string> {
  let code: string | undefined;
  await expect(async () => {
    const res = await admin.request.get('/api/outbox', { params: { channel: 'sms', recipient: phone } });
    expect(res.status()).toBe(200);
    const { items } = (await res.json()) as { items: { template: string; body: string }[] };
    code = items.find((m) => m.template === 'sign_in_code')?.body.match(/\d{6}/)?.[0];
    expect(code).toBeDefined();
  }).toPass({ timeout: 5_000 });
  return code!;
}

export async function createResident(admin: AdminApi, phone: string, name: string): Promise<void> {
  const res = await admin.request.post('/api/users', {
    headers: { 'x-csrf-token': admin.csrf },
    data: { role: 'resident', name, phone, scopes: [{ kind: 'household', refId: 1 }] },
  });
  expect(res.status()).toBe(201);
}

/** Sign in with the staff form and wait for the role's landing page (stewards: queue, crew leads: board). */
export async function signInAsStaff(page: Page, username: string, home: RegExp = /\/dashboard$/, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('tab', { name: zh.accounts.signIn.staffTab }).click();
  await page.getByLabel(zh.accounts.signIn.username).fill(username);
  await page.getByLabel(zh.accounts.signIn.password).fill(password);
  await page.getByRole('button', { name: zh.accounts.signIn.submit, exact: true }).click();
  await expect(page).toHaveURL(home, { timeout: 30_000 });
}

/** A staff member on a device of their own (a second browser context beside the resident's). */
export async function staffPage(browser: Browser, baseURL: string, username: string, home: RegExp, device: object): Promise<Page> {
  const context = await browser.newContext({ ...device, baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await signInAsStaff(page, username, home);
  return page;
}

/**
 * Save a screenshot of the page as it is now under docs/screenshots/ (shown in the README).
 * Waits for the network to settle and for toasts to go, so no spinner or "saved" is caught.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.ant-message-notice')).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `docs/screenshots/${name}.png`, animations: 'disabled', caret: 'hide' });
}

/**
 * A form field by its whole label. antd adds a required mark ("* ") and a colon to the accessible
 * name, and a plain getByLabel would also match longer labels that start the same ("操作人编号").
 */
export function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^(\\* ?)?${escaped}( ?:)?$`));
}

/** Pick an option of an antd Select (found by its label inside `scope`); the options open in a popup. */
export async function chooseOption(scope: Page | Locator, label: string, option: string): Promise<void> {
  const select = field(scope, label);
  const page = 'page' in scope ? scope.page() : scope;
  // Under load a click can land on a popup that is still closing; retry until the choice shows.
  await expect(async () => {
    await select.click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click({ timeout: 3_000 });
    await expect(select.locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')).toContainText(option, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/**
 * Sign a resident in on `request` with a phone of their own, on the demo resident's household.
 * One phone may ask for a code once a minute, and other journeys sign the demo phone in, so a
 * journey that needs "the resident" gets a household member with another phone.
 */
export async function signInHouseholdMember(admin: AdminApi, request: APIRequestContext, phone: string, name: string): Promise<void> {
  const demo = (await (await admin.request.get('/api/users', { params: { q: '13800000001', role: 'resident' } })).json()) as {
    items: { scopes: { kind: string; refId: number }[] }[];
  };
  const household = demo.items[0]!.scopes.find((s) => s.kind === 'household')!.refId;
  const created = await admin.request.post('/api/users', {
    headers: { 'x-csrf-token': admin.csrf },
    data: { role: 'resident', name, phone, scopes: [{ kind: 'household', refId: household }] },
  });
  expect(created.status()).toBe(201);
  expect((await request.post('/api/auth/code', { data: { phone } })).status()).toBe(200);
  const code = await signInCode(admin, phone);
  expect((await request.post('/api/auth/code/verify', { data: { phone, code } })).status()).toBe(200);
}

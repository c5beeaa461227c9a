/** The demo city's tenures: the vacuum compound shows on the dashboard and in the public lookup. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { DEMO_PASSWORD } from '../../seed/demo-accounts.ts';
import { seedDemo } from '../../seed/demo.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp(); // 2026-11-20: 金色港湾小区 is between its two property companies
  await seedDemo(t.deps);
});
afterAll(() => t.close());

async function signIn(username: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  const cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
  return (url: string) => t.app.inject({ method: 'GET', url, cookies });
}

describe('demo tenures', () => {
  it('金色港湾小区 and 代书胡同3号院 are in vacuum on the clerk’s dashboard, with households', async () => {
    const get = await signIn('clerk');
    const [branch] = (await get('/api/tenure/dashboard')).json().branches;
    const vacuum = branch.inVacuum.items as { compoundName: string; reason: string; since: string | null; until: string | null; households: number }[];
    expect(vacuum.map((v) => v.compoundName).sort()).toEqual(['代书胡同3号院', '金色港湾小区']);
    expect(vacuum.find((v) => v.compoundName === '金色港湾小区')).toMatchObject({ reason: 'no_company', since: '2026-10-31', until: '2026-12-01' });
    expect(vacuum.every((v) => v.households > 0)).toBe(true);
  });

  it('the demo resident’s public lookup says: pay the heating company directly', async () => {
    const [home] = await queryRows<{ account_no: string }>(
      t.deps.db,
      sql`SELECT h.account_no FROM households h JOIN user_scopes s ON s.ref_id = h.id AND s.kind = 'household' JOIN users u ON u.id = s.user_id WHERE u.phone = '13800000001'`,
    );
    const body = (await t.anon.get(`/api/public/steward?accountNo=${home!.account_no}`)).json();
    expect(body).toMatchObject({
      compound: { name: '金色港湾小区' },
      steward: { name: '网格员 张伟', phone: '13937100001' },
      serviceMode: { mode: 'direct', reason: 'no_company', propertyCompany: null },
      whereToPay: { channels: ['heating_company_counter', 'heating_company_online'] },
    });
  });

  it('the demo property manager sees the ordinary compounds of their company, in agent mode', async () => {
    const get = await signIn('property');
    const items = (await get('/api/tenure/my-compounds')).json().items as { compoundId: number; tenure: { propertyCompany: { name: string } } }[];
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i) => i.tenure.propertyCompany.name))).toEqual(new Set(['郑州华庭物业服务有限公司']));
    expect((await get(`/api/tenure/compounds/${items[0]!.compoundId}/mode`)).json()).toMatchObject({ mode: 'agent' });
  });

  it('every compound has its mode recorded, and the successor’s arrival is announced', async () => {
    const [missing] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`SELECT count(*)::int AS n FROM compounds c WHERE NOT EXISTS (SELECT 1 FROM compound_mode_events e WHERE e.compound_id = c.id)`,
    );
    expect(missing!.n).toBe(0);
    const planned = await queryRows<{ effective_on: string; to_mode: string }>(
      t.deps.db,
      sql`SELECT e.effective_on::text, e.to_mode FROM compound_mode_events e JOIN compounds c ON c.id = e.compound_id WHERE c.name = '金色港湾小区' ORDER BY e.id`,
    );
    expect(planned).toEqual([
      { effective_on: '2026-11-20', to_mode: 'direct' },
      { effective_on: '2026-12-01', to_mode: 'agent' },
    ]);
  });
});

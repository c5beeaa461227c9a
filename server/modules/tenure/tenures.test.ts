/** Property companies and tenures over HTTP: every rule of issue 3, scope, audit. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../kernel/kernel.schema.ts';
import { makeBranch, makeCompound, makePropertyCompany } from '../../test/factories.ts';
import { actorAs, createTestApp, refusalCode, type Client, type TestApp } from '../../test/test-app.ts';
import { listPropertyCompanies } from './companies.service.ts';
import { compoundsInTenure } from './index.ts';

let t: TestApp;
let clerk: Client;
let branchId: number;
beforeAll(async () => {
  t = await createTestApp(); // today: 2026-11-20 in Zhengzhou
  branchId = (await makeBranch(t.deps.db)).id;
  clerk = await t.loginAs('clerk', [{ kind: 'branch', refId: branchId }]);
});
afterAll(() => t.close());

const problems = (res: { json(): unknown }) => (res.json() as { error: { details: { field: string; message: string }[] } }).error.details;
const newCompound = async () => (await makeCompound(t.deps.db, { branchId })).id;
const newCompany = async () => (await makePropertyCompany(t.deps.db)).id;
const contracted = (companyId: number, startsOn: string, endsOn: string | null = null) => ({
  kind: 'contracted',
  propertyCompanyId: companyId,
  startsOn,
  endsOn,
  collectsAsAgent: true,
});

describe('property companies', () => {
  it('a clerk adds, renames and deletes an unused company; names are unique (409)', async () => {
    const made = await clerk.post('/api/tenure/companies', { name: '郑州测试物业有限公司', contactPhone: '0371-66668888' });
    expect(made.statusCode).toBe(201);
    const id = made.json().id as number;
    expect((await clerk.post('/api/tenure/companies', { name: '郑州测试物业有限公司' })).statusCode).toBe(409);
    expect((await clerk.patch(`/api/tenure/companies/${id}`, { contactName: '王经理' })).json()).toMatchObject({ id, contactName: '王经理' });
    expect((await clerk.delete(`/api/tenure/companies/${id}`)).statusCode).toBe(204);
    expect((await clerk.get(`/api/tenure/companies/${id}`)).statusCode).toBe(404);
  });

  it('a company with tenures cannot be deleted (409 in_use)', async () => {
    const company = await newCompany();
    await clerk.post(`/api/tenure/compounds/${await newCompound()}/tenures`, contracted(company, '2025-01-01'));
    const res = await clerk.delete(`/api/tenure/companies/${company}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('in_use');
  });

  it('rejects unknown fields and a malformed credit code field by field (400)', async () => {
    const res = await clerk.post('/api/tenure/companies', { name: 'x', creditCode: 'abc', boss: 'y' });
    expect(res.statusCode).toBe(400);
    expect([...new Set(problems(res).map((p) => p.field))].sort()).toEqual(['boss', 'creditCode']);
  });

  it('a dispatcher reads but cannot write; a property manager sees only their own company', async () => {
    const dispatcher = await t.loginAs('dispatcher', [{ kind: 'branch', refId: branchId }]);
    expect((await dispatcher.get('/api/tenure/companies')).statusCode).toBe(200);
    expect(await refusalCode(() => listPropertyCompanies(t.deps, actorAs('resident'), {}))).toBe('staff_only');
    expect((await dispatcher.post('/api/tenure/companies', { name: '不该有的物业' })).statusCode).toBe(403);
    const own = await newCompany();
    const other = await newCompany();
    const pm = await t.loginAs('property_manager', [{ kind: 'property_company', refId: own }]);
    expect((await pm.get('/api/tenure/companies')).json().items.map((c: { id: number }) => c.id)).toEqual([own]);
    expect((await pm.get(`/api/tenure/companies/${other}`)).statusCode).toBe(404);
    expect((await t.anon.get('/api/tenure/companies')).statusCode).toBe(401);
  });
});

describe('tenure rules: 422 with the reason', () => {
  it('overlapping tenures are rejected; back-to-back half-open tenures are fine', async () => {
    const compound = await newCompound();
    const first = await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2024-01-01', '2026-12-01'));
    expect(first.statusCode).toBe(201);
    const overlap = await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2026-11-30'));
    expect(overlap.statusCode).toBe(422);
    expect(overlap.json().error.code).toBe('tenure_overlap');
    expect(problems(overlap)[0]).toMatchObject({ field: 'startsOn', message: expect.stringMatching(/overlaps tenure \d+ .*2024-01-01 to 2026-12-01/) });
    const inside = await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2020-01-01', '2024-01-02'));
    expect(inside.statusCode).toBe(422);
    expect(problems(inside)[0]!.field).toBe('endsOn');
    expect((await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2026-12-01'))).statusCode).toBe(201);
    expect((await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2020-01-01', '2024-01-01'))).statusCode).toBe(201);
  });

  it('an open-ended tenure overlaps everything after its start', async () => {
    const compound = await newCompound();
    await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2025-01-01'));
    const res = await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2030-01-01', '2031-01-01'));
    expect(res.json().error.code).toBe('tenure_overlap');
  });

  it('an end before or on the start', async () => {
    const compound = await newCompound();
    for (const endsOn of ['2026-01-01', '2025-12-31']) {
      const res = await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2026-01-01', endsOn));
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('invalid_tenure');
      expect(problems(res)).toEqual([{ field: 'endsOn', message: expect.stringMatching(/must be after startsOn 2026-01-01/), rule: 'after_start', params: { start: '2026-01-01' } }]);
    }
  });

  it('an emergency manager for more than the rulebook’s 12 months, or without an end', async () => {
    const compound = await newCompound();
    const emergency = (endsOn: string | null) => ({ kind: 'emergency', propertyCompanyId: null, startsOn: '2026-02-01', endsOn });
    for (const endsOn of ['2027-02-02', null]) {
      const res = await clerk.post(`/api/tenure/compounds/${compound}/tenures`, emergency(endsOn));
      expect(res.statusCode).toBe(422);
      expect(problems(res)).toEqual([
        { field: 'endsOn', message: expect.stringMatching(/at most 12 months: end on or before 2027-02-01/), rule: 'emergency_too_long', params: { months: 12, latest: '2027-02-01' } },
      ]);
    }
    expect((await clerk.post(`/api/tenure/compounds/${compound}/tenures`, emergency('2027-02-01'))).statusCode).toBe(201);
  });

  it('a contracted or agent tenure without a company; agent collection by a non-contracted kind; an unknown company', async () => {
    const compound = await newCompound();
    const noCompany = await clerk.post(`/api/tenure/compounds/${compound}/tenures`, { kind: 'contracted', startsOn: '2026-01-01' });
    expect(problems(noCompany)).toEqual([{ field: 'propertyCompanyId', message: 'a contracted tenure needs its property company', rule: 'contract_needs_company' }]);
    const committee = await clerk.post(`/api/tenure/compounds/${compound}/tenures`, { kind: 'owners_committee', startsOn: '2026-01-01', collectsAsAgent: true });
    expect(problems(committee).map((p) => p.field)).toEqual(['propertyCompanyId', 'collectsAsAgent']);
    const unknown = await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(999_999, '2026-01-01'));
    expect(problems(unknown)).toEqual([{ field: 'propertyCompanyId', message: 'property company 999999 does not exist', rule: 'unknown_ref' }]);
    expect((await clerk.get(`/api/tenure/compounds/${compound}/tenures`)).json().items).toEqual([]);
  });

  it('malformed dates and an unknown compound', async () => {
    const bad = await clerk.post(`/api/tenure/compounds/${await newCompound()}/tenures`, { kind: 'contracted', startsOn: '2026-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(problems(bad).map((p) => p.field)).toEqual(['startsOn']);
    expect((await clerk.post('/api/tenure/compounds/999999/tenures', contracted(await newCompany(), '2026-01-01'))).statusCode).toBe(404);
  });

  it('two concurrent creates of overlapping tenures: exactly one wins', async () => {
    const compound = await newCompound();
    const [a, b] = await Promise.all([
      clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2026-01-01')),
      clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2026-06-01')),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 422]);
    expect((await clerk.get(`/api/tenure/compounds/${compound}/tenures`)).json().items).toHaveLength(1);
  });
});

describe('changing and ending a tenure', () => {
  it('editing the end date is checked again, audited, and answers the mode changes it causes', async () => {
    const compound = await newCompound();
    const first = (await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2024-01-01', '2027-01-01'))).json();
    await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2027-03-01'));
    const id = first.tenure.id as number;
    expect((await clerk.patch(`/api/tenure/tenures/${id}`, { endsOn: '2027-03-02' })).json().error.code).toBe('tenure_overlap');
    expect((await clerk.patch(`/api/tenure/tenures/${id}`, { endsOn: '2023-12-31' })).statusCode).toBe(422);
    const moved = await clerk.patch(`/api/tenure/tenures/${id}`, { endsOn: '2027-03-01' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().tenure.endsOn).toBe('2027-03-01');
    // The planned gap of January–February is gone: a correction for 2027-01-01, effective in the future.
    expect(moved.json().modeChanges).toEqual([expect.objectContaining({ effectiveOn: '2027-01-01', fromMode: 'direct', toMode: 'agent' })]);
    const audit = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.entity, 'tenure'), eq(auditLog.entityId, String(id))));
    expect(audit.map((a) => a.action)).toEqual(['tenure.create', 'tenure.update']);
    expect(audit[1]!.before).toMatchObject({ endsOn: '2027-01-01' });
  });

  it('ending a tenure defaults to today and may not extend it', async () => {
    const compound = await newCompound();
    const made = (await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(await newCompany(), '2024-01-01', '2027-06-01'))).json();
    const id = made.tenure.id as number;
    const later = await clerk.post(`/api/tenure/tenures/${id}/end`, { endsOn: '2027-07-01' });
    expect(later.statusCode).toBe(422);
    expect(problems(later)[0]!.field).toBe('endsOn');
    const ended = await clerk.post(`/api/tenure/tenures/${id}/end`, {});
    expect(ended.json().tenure.endsOn).toBe('2026-11-20');
    expect(ended.json().modeChanges).toEqual([expect.objectContaining({ effectiveOn: '2026-11-20', fromMode: 'agent', toMode: 'direct', reason: 'no_company' })]);
    const [row] = await t.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'tenure.end'), eq(auditLog.entityId, String(id))));
    expect(row?.after).toMatchObject({ endsOn: '2026-11-20' });
  });

  it('only an administrator or a clerk of the compound’s branch writes', async () => {
    const compound = await newCompound();
    const body = contracted(await newCompany(), '2026-01-01');
    for (const role of ['dispatcher', 'steward', 'liaison', 'crew_lead'] as const) {
      const c = await t.loginAs(role);
      expect((await c.post(`/api/tenure/compounds/${compound}/tenures`, body)).statusCode).toBe(403);
    }
    const otherClerk = await t.loginAs('clerk', [{ kind: 'branch', refId: (await makeBranch(t.deps.db)).id }]);
    expect((await otherClerk.post(`/api/tenure/compounds/${compound}/tenures`, body)).statusCode).toBe(403);
    expect((await t.anon.post(`/api/tenure/compounds/${compound}/tenures`, body)).statusCode).toBe(401);
    const admin = await t.loginAs('admin');
    expect((await admin.post(`/api/tenure/compounds/${compound}/tenures`, body)).statusCode).toBe(201);
  });
});

describe('a property manager sees their compounds only during the tenure', () => {
  it('is allowed while in tenure and refused the day it ends', async () => {
    const company = await newCompany();
    const compound = await newCompound();
    const elsewhere = await newCompound();
    await clerk.post(`/api/tenure/compounds/${compound}/tenures`, contracted(company, '2025-01-01', '2026-12-01'));
    const pm = await t.loginAs('property_manager', [{ kind: 'property_company', refId: company }]);
    expect((await pm.get(`/api/tenure/compounds/${compound}/mode`)).json()).toMatchObject({ mode: 'agent', reason: 'contracted_agent' });
    expect((await pm.get('/api/tenure/my-compounds')).json().items.map((i: { compoundId: number }) => i.compoundId)).toEqual([compound]);
    expect((await pm.get(`/api/tenure/compounds/${elsewhere}/mode`)).statusCode).toBe(403);
    expect((await pm.get('/api/tenure/dashboard')).statusCode).toBe(403);

    t.clock.set('2026-11-30T15:59:00Z'); // 23:59 on 30 November in Zhengzhou: still in tenure
    const late = await t.loginAs('property_manager', [{ kind: 'property_company', refId: company }]);
    expect((await late.get(`/api/tenure/compounds/${compound}/tenures`)).statusCode).toBe(200);
    t.clock.set('2026-11-30T16:00:00Z'); // 00:00 on 1 December: the tenure has ended
    const denied = await late.get(`/api/tenure/compounds/${compound}/mode`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toMatch(/only during its tenure/);
    expect((await late.get('/api/tenure/my-compounds')).json().items).toEqual([]);
    // The helper other modules use to grant a property manager their compounds.
    expect(await compoundsInTenure(t.deps.db, company, '2026-11-30')).toEqual([compound]);
    expect(await compoundsInTenure(t.deps.db, company, '2026-12-01')).toEqual([]);
    t.clock.set('2026-11-20T02:00:00Z');
  });
});

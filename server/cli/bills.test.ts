import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../test/test-app.ts';
import { billingTestApp, countRows, makePlace } from '../modules/billing/billing.test-kit.ts';
import { billsCommand } from './bills.ts';

let t: TestApp;
beforeAll(async () => {
  t = await billingTestApp();
});
afterAll(() => t.close());

describe('bills run (CLI)', () => {
  it('runs a season to the end and reports; a second run resumes nothing and bills nothing new', async () => {
    const place = await makePlace(t);
    for (let i = 0; i < 5; i++) await place.household();
    const lines: string[] = [];
    const ctx = { deps: t.deps, progress: false, print: (l: string) => lines.push(l) };
    expect(await billsCommand(ctx, ['run', '--season', '2026-27', '--batch-size', '2'])).toBe(0);
    expect(lines.at(-1)).toMatch(/done: 5 bills, 10260\.00 元/);
    expect(await billsCommand(ctx, ['run', '--season=2026-27'])).toBe(0);
    expect(lines.at(-1)).toMatch(/done: 0 bills/);
    expect(await countRows(t, 'bills')).toBe(5);
  });

  it('explains bad arguments and refused seasons', async () => {
    const lines: string[] = [];
    const ctx = { deps: t.deps, progress: false, print: (l: string) => lines.push(l) };
    expect(await billsCommand(ctx, ['run'])).toBe(2);
    expect(lines.at(-1)).toMatch(/usage/);
    expect(await billsCommand(ctx, ['run', '--season', '2026-28'])).toBe(1);
    expect(lines.at(-1)).toMatch(/refused: "2026-28" is not a season code/);
  });
});

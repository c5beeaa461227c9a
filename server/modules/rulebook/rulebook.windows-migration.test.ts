/**
 * Versions stored before the compliance and complaint-cluster windows moved into the rulebook
 * (temperature.compliance.recentDays, patrols.clusterDays) are migrated to the 3 days the code
 * used: the hand-written part of the rulebook_recent_windows migration, run again here on a version of the old shape.
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../kernel/db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { validateRules } from './rulebook.calc.ts';
import type { Rules } from './rulebook.contract.ts';
import { zhengzhou } from './rules/index.ts';

// Found by name: its number may change when branches are merged.
const DIR = 'server/db/migrations';
const MIGRATION = `${DIR}/${fs.readdirSync(DIR).find((f) => f.endsWith('_rulebook_recent_windows.sql'))!}`;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('migration of versions stored before the windows moved into the rulebook', () => {
  it('gives them the 3 days the code used, leaves new ones alone, and the result is a valid rulebook', async () => {
    const old = structuredClone(zhengzhou) as unknown as { temperature: Record<string, unknown>; patrols: Record<string, unknown>; city: { code: string } };
    delete old.temperature.compliance;
    delete old.patrols.clusterDays;
    old.city.code = 'oldtown';
    // Without its windows a version is refused (the missing keys are reported on their sections).
    expect(validateRules(old).map((p: { field: string }) => p.field).sort()).toEqual(['patrols', 'temperature']);
    const [row] = await queryRows<{ id: number }>(
      t.deps.db,
      sql`INSERT INTO rulebook_versions (city, effective_from, rules, note, created_at) VALUES ('oldtown', '2026-01-01', ${JSON.stringify(old)}::jsonb, 'stored before', now()) RETURNING id`,
    );
    for (const statement of fs.readFileSync(MIGRATION, 'utf8').split('--> statement-breakpoint')) await t.deps.db.execute(sql.raw(statement));
    const [migrated] = await queryRows<{ rules: Rules }>(t.deps.db, sql`SELECT rules FROM rulebook_versions WHERE id = ${row!.id}`);
    expect(migrated!.rules.temperature.compliance.recentDays).toBe(3);
    expect(migrated!.rules.patrols.clusterDays).toBe(3);
    expect(validateRules(migrated!.rules)).toEqual([]);
    // The shipped versions already state their windows and keep them.
    const shipped = await queryRows<{ d: number }>(t.deps.db, sql`SELECT (rules #>> '{patrols,clusterDays}')::int AS d FROM rulebook_versions WHERE city <> 'oldtown'`);
    expect(shipped.length).toBeGreaterThan(0);
  });
});

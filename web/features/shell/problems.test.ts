import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { formatFen } from '../../ui/money.ts';
import accountsWords from '../accounts/i18n.ts';
import repairsWords from '../repairs/i18n.ts';
import shell from './i18n.ts';
import accounts from './problems/accounts.ts';
import billing from './problems/billing.ts';
import linkage from './problems/linkage.ts';
import open311 from './problems/open311.ts';
import registry from './problems/registry.ts';
import repairs from './problems/repairs.ts';
import rulebook from './problems/rulebook.ts';
import temperature from './problems/temperature.ts';
import tenure from './problems/tenure.ts';

const MODULES = { accounts, billing, linkage, open311, registry, repairs, rulebook, temperature, tenure };
/**
 * Codes only machines read: a payment provider's callbacks, and the live stream's topics, which
 * the web's own code names. No person sees them.
 */
const MACHINE_CODES = new Set(['bad_callback', 'bad_signature', 'stale_signature', 'bad_topics']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** The error codes and field rules every server module and the kernel throw, read from their source. */
function thrown(): { codes: Set<string>; rules: Set<string> } {
  const codes = new Set<string>();
  const rules = new Set<string>();
  for (const text of [...sources('server/modules'), ...sources('server/kernel')].map((f) => readFileSync(f, 'utf8'))) {
    for (const call of text.matchAll(/new (?:Invalid|Conflict|BadRequest|Forbidden|Unauthorized)\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)/g)) {
      // The code is the last snake_case string argument, maybe followed by the params object.
      const last = /'([a-z]+(?:_[a-z]+)+)'(?: : '([a-z_]+)')?\s*(?:,\s*\{[^{}]*\}\s*)?,?\s*$/.exec(call[1]!);
      for (const c of last?.slice(1) ?? []) if (c) codes.add(c);
    }
    for (const r of text.matchAll(/rule: (?:[^,?}]*\? )?'([A-Za-z_]+)'(?: : '([A-Za-z_]+)')?/g)) {
      for (const c of r.slice(1)) if (c) rules.add(c);
    }
    // Errors of their own (UnsupportedFile) pass their code to DomainError.
    for (const c of text.matchAll(/super\(\d{3}, '([a-z]+(?:_[a-z]+)+)'/g)) codes.add(c[1]!);
    // The rulebook's pure functions throw RulebookError; each of its codes is the HTTP error's
    // code and, on the field, its rule.
    for (const union of text.matchAll(/type RulebookErrorCode =([^;]*);/g)) {
      for (const [, c] of union[1]!.matchAll(/'([a-z_]+)'/g)) {
        codes.add(c!);
        rules.add(c!);
      }
    }
  }
  return { codes, rules };
}

describe('the texts of the server’s problems', () => {
  it('say every code and rule the modules throw, in both languages', () => {
    const { codes, rules } = thrown();
    expect(codes.size).toBeGreaterThan(80);
    const missingCodes = [...codes].filter((c) => !MACHINE_CODES.has(c) && !(c in shell.zh.apiErrors));
    const missingRules = [...rules].filter((r) => !(r in shell.zh.problems));
    expect({ missingCodes, missingRules }).toEqual({ missingCodes: [], missingRules: [] });
  });

  it('keep one text per key: no module file redefines another’s', () => {
    const seen = new Map<string, string>();
    for (const [module, texts] of Object.entries(MODULES)) {
      for (const key of [...Object.keys(texts.zh.problems).map((k) => `problems.${k}`), ...Object.keys(texts.zh.apiErrors).map((k) => `apiErrors.${k}`)]) {
        expect(seen.get(key), `${key} of ${module}`).toBeUndefined();
        seen.set(key, module);
      }
    }
  });

  it('fill in params: names, amounts in yuan, and statuses and roles in the UI language', async () => {
    const i18n = createInstance();
    await i18n.init({
      lng: 'zh-CN',
      resources: {
        'zh-CN': { shell: shell.zh, repairs: repairsWords.zh, accounts: accountsWords.zh },
        en: { shell: shell.en, repairs: repairsWords.en, accounts: accountsWords.en },
      },
      defaultNS: 'shell',
      interpolation: { escapeValue: false },
    });
    i18n.services.formatter?.add('fen', (value: unknown, lng: string | undefined) => formatFen(Number(value), lng));
    const t = (code: keyof typeof shell.zh.apiErrors, params: Record<string, unknown>) => i18n.t(`apiErrors.${code}`, params);
    expect(t('bill_of_other_season', { billSeason: '2025-26', season: '2026-27' })).toBe('该账单属于 2025-26 采暖季，不是 2026-27 采暖季。');
    expect(t('remittance_exceeds_owed', { owedFen: 123456 })).toBe('上交金额超过应交金额 ¥1,234.56。');
    expect(t('transition_not_allowed', { from: 'submitted', to: 'resolved' })).toBe('这张报修现在是“已提交”，不能改为“已处理”；请刷新后查看。');
    expect(t('role_not_allowed', { role: 'liaison' })).toBe('“社区网格员”角色不能办理此事。');
    expect(i18n.t('problems.scope_not_for_role', { role: 'resident', kind: 'grid' })).toBe('“居民”不能有“网格”范围');
    await i18n.changeLanguage('en');
    expect(t('transition_not_allowed', { from: 'submitted', to: 'resolved' })).toContain('“Submitted” and cannot become “Resolved”');
    expect(i18n.t('problems.scope_not_for_role', { role: 'resident', kind: 'grid' })).toBe('A “Resident” cannot have a “Grid” scope');
  });
});

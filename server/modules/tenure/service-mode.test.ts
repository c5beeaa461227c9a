/** The pure vacuum switch: segments, the event reconciliation and the tenure checks. */
import { describe, expect, it } from 'vitest';
import { announcedMode, modeEventsToRecord, modeSegments, type ModeEventLike, type TenureSpan } from './service-mode.ts';
import { overlapProblem, tenureProblems } from './tenure.checks.ts';

const agent = (id: number, startsOn: string, endsOn: string | null): TenureSpan => ({ id, kind: 'contracted', startsOn, endsOn, collectsAsAgent: true });

describe('modeSegments', () => {
  it('covers the range with tenures and the gaps between them', () => {
    const segments = modeSegments([agent(2, '2026-12-01', null), agent(1, '2024-01-01', '2026-10-31')], '2026-10-01', '2027-01-01');
    expect(segments.map((s) => [s.start, s.end, s.mode, s.tenureId])).toEqual([
      ['2026-10-01', '2026-10-31', 'agent', 1],
      ['2026-10-31', '2026-12-01', 'direct', null],
      ['2026-12-01', '2027-01-01', 'agent', 2],
    ]);
  });

  it('is one gap when nothing is in tenure', () => {
    expect(modeSegments([], '2026-01-01', '2026-02-01')).toEqual([
      { start: '2026-01-01', end: '2026-02-01', mode: 'direct', reason: 'no_company', tenureId: null },
    ]);
  });
});

describe('modeEventsToRecord', () => {
  const today = '2026-11-20';

  it('announces today’s mode and every planned change, once', () => {
    const tenures = [agent(1, '2025-01-01', '2027-01-01')];
    const added = modeEventsToRecord([], tenures, today);
    expect(added).toEqual([
      { effectiveOn: today, fromMode: null, toMode: 'agent', reason: 'contracted_agent' },
      { effectiveOn: '2027-01-01', fromMode: 'agent', toMode: 'direct', reason: 'no_company' },
    ]);
    expect(modeEventsToRecord(added, tenures, today)).toEqual([]);
  });

  it('corrects a planned change that no longer happens', () => {
    const planned: ModeEventLike[] = [
      { effectiveOn: '2026-01-01', fromMode: null, toMode: 'agent', reason: 'contracted_agent' },
      { effectiveOn: '2027-01-01', fromMode: 'agent', toMode: 'direct', reason: 'no_company' },
    ];
    const added = modeEventsToRecord(planned, [agent(1, '2025-01-01', null)], today);
    expect(added).toEqual([{ effectiveOn: '2027-01-01', fromMode: 'direct', toMode: 'agent', reason: 'contracted_agent' }]);
    expect(announcedMode([...planned, ...added], '2027-06-01')).toBe('agent');
  });

  it('leaves the past alone', () => {
    const past: ModeEventLike[] = [{ effectiveOn: '2020-01-01', fromMode: null, toMode: 'direct', reason: 'no_company' }];
    expect(modeEventsToRecord(past, [agent(1, '2021-01-01', '2022-01-01')], today)).toEqual([]);
  });
});

describe('tenure checks', () => {
  const draft = { kind: 'emergency' as const, propertyCompanyId: null, startsOn: '2026-01-31', endsOn: '2027-01-31', collectsAsAgent: false };
  it('counts the emergency limit in calendar months from the rulebook', () => {
    expect(tenureProblems(draft, 12)).toEqual([]);
    expect(tenureProblems({ ...draft, endsOn: '2027-02-01' }, 12)).toHaveLength(1);
    expect(tenureProblems({ ...draft, endsOn: '2026-07-31' }, 6)).toEqual([]);
    expect(tenureProblems({ ...draft, endsOn: '2026-08-01' }, 6)[0]!.message).toMatch(/at most 6 months/);
  });

  it('ignores the tenure itself when checking overlap on an edit', () => {
    const own = { id: 7, startsOn: '2025-01-01', endsOn: null, companyName: 'A', kind: 'contracted' as const };
    const edited = { kind: 'contracted' as const, propertyCompanyId: 1, startsOn: '2025-01-01', endsOn: '2026-01-01', collectsAsAgent: true };
    expect(overlapProblem([own], edited, 7)).toBeNull();
    expect(overlapProblem([own], edited)).toMatchObject({ field: 'endsOn' });
  });
});

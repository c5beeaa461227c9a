import { addMonths, type BusinessDate } from '../../kernel/business-time.ts';
import type { FieldProblem } from '../../kernel/errors.ts';
import type { TenureKind } from './service-mode.ts';

/** The business rules a tenure must satisfy on its own (issue 3), as field problems for a 422. */
export interface TenureDraft {
  kind: TenureKind;
  propertyCompanyId: number | null;
  startsOn: BusinessDate;
  endsOn: BusinessDate | null;
  collectsAsAgent: boolean;
}

export function tenureProblems(d: TenureDraft, emergencyManagerMaxMonths: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (d.endsOn !== null && d.endsOn <= d.startsOn) {
    problems.push({ field: 'endsOn', message: `must be after startsOn ${d.startsOn} (endsOn is the first day without the company)`, rule: 'after_start', params: { start: d.startsOn } });
  }
  if (d.propertyCompanyId === null && d.kind === 'contracted') {
    problems.push({ field: 'propertyCompanyId', message: 'a contracted tenure needs its property company', rule: 'contract_needs_company' });
  } else if (d.propertyCompanyId === null && d.collectsAsAgent) {
    problems.push({ field: 'propertyCompanyId', message: 'collecting fees as agent needs a property company', rule: 'agent_needs_company' });
  }
  if (d.collectsAsAgent && d.kind !== 'contracted') {
    problems.push({ field: 'collectsAsAgent', message: 'only a contracted property company collects heating fees as agent', rule: 'agent_needs_contract' });
  }
  if (d.kind === 'emergency') {
    // Zhengzhou: the subdistrict appoints an emergency manager for a limited time (rulebook: months).
    const latest = addMonths(d.startsOn, emergencyManagerMaxMonths);
    if (d.endsOn === null) {
      problems.push({ field: 'endsOn', message: `an emergency manager is appointed for at most ${emergencyManagerMaxMonths} months: end on or before ${latest}`, rule: 'emergency_too_long', params: { months: emergencyManagerMaxMonths, latest } });
    } else if (d.endsOn > latest) {
      problems.push({ field: 'endsOn', message: `an emergency manager serves at most ${emergencyManagerMaxMonths} months: end on or before ${latest}`, rule: 'emergency_too_long', params: { months: emergencyManagerMaxMonths, latest } });
    }
  }
  return problems;
}

export interface ExistingTenure {
  id: number;
  startsOn: BusinessDate;
  endsOn: BusinessDate | null;
  companyName: string | null;
  kind: TenureKind;
}

/** The first other tenure of the compound that shares a day with the draft (half-open ranges). */
export function overlapProblem(others: readonly ExistingTenure[], d: TenureDraft, selfId?: number): FieldProblem | null {
  const OPEN = '9999-12-31';
  const clash = others.find((o) => o.id !== selfId && o.startsOn < (d.endsOn ?? OPEN) && (o.endsOn ?? OPEN) > d.startsOn);
  if (!clash) return null;
  const who = clash.companyName ?? clash.kind;
  return {
    field: clash.startsOn < d.startsOn ? 'startsOn' : 'endsOn',
    message: `overlaps tenure ${clash.id} (${who}, ${clash.startsOn} to ${clash.endsOn ?? 'open-ended'}); tenures of one compound may not share a day`,
    rule: 'tenure_overlap',
    params: { who, from: clash.startsOn, to: clash.endsOn ?? '…' },
  };
}

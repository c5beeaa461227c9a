/**
 * Reconciliation of a property company's agent collection over a period (对账): what it owed at
 * the start, what it collected (per household) and remitted in the period, what it owes at the
 * end. Dates are inclusive business dates; a clerk sees only the money of their branches.
 */
import type { Actor } from '../../kernel/actor.ts';
import { addDays } from '../../kernel/business-time.ts';
import type { Db } from '../../kernel/db.ts';
import { Invalid } from '../../kernel/errors.ts';
import type { HouseholdCollection, Reconciliation, ReconciliationQuery, RemittanceLine, StatementDetail } from './agent.contract.ts';
import { collectedTotal, householdCollections, remittanceLines, sumFen } from './agent-ledger.sql.ts';
import { companyReach } from './agent-scope.ts';
import { workbookBuffer, type SheetColumn } from './workbook.ts';

/** A year is the longest period one export covers; longer ranges are split by the office. */
const MAX_PERIOD_DAYS = 366;

export async function reconcile(db: Db, actor: Actor, companyId: number, q: ReconciliationQuery): Promise<Reconciliation> {
  if (q.to < q.from) throw new Invalid('The period is empty', [{ field: 'to', message: `must be on or after from (${q.from})`, rule: 'before_start', params: { start: q.from } }], 'period_empty');
  if (addDays(q.from, MAX_PERIOD_DAYS) <= q.to) throw new Invalid('The period is too long', [{ field: 'to', message: `at most ${MAX_PERIOD_DAYS} days after from`, rule: 'period_too_long', params: { days: MAX_PERIOD_DAYS } }], 'period_too_long', { days: MAX_PERIOD_DAYS });
  const reach = await companyReach(db, actor, companyId, 'read');
  const before = addDays(q.to, 1);
  const scope = { companyId: reach.id, branchIds: reach.branchIds };
  const households = await householdCollections(db, { ...scope, from: q.from, before });
  const remittances = await remittanceLines(db, { ...scope, from: q.from, before });
  const collectedBefore = await collectedTotal(db, { ...scope, from: null, before: q.from });
  const remittedBefore = sumFen(await remittanceLines(db, { ...scope, from: null, before: q.from }));
  const collectedFen = sumFen(households);
  const remittedFen = sumFen(remittances);
  const openingOwedFen = collectedBefore - remittedBefore;
  return {
    propertyCompanyId: reach.id,
    name: reach.name,
    from: q.from,
    to: q.to,
    openingOwedFen,
    collectedFen,
    remittedFen,
    closingOwedFen: openingOwedFen + collectedFen - remittedFen,
    households,
    remittances,
  };
}

const householdColumns: SheetColumn<HouseholdCollection>[] = [
  { header: '户号', value: (h) => h.accountNo },
  { header: '户主', value: (h) => h.holderName },
  { header: '地址', value: (h) => h.address, width: 36 },
  { header: '代收笔数', value: (h) => h.payments },
  { header: '代收金额（元）', value: (h) => h.collectedFen, fen: true },
];

const remittanceColumns: SheetColumn<RemittanceLine>[] = [
  { header: '上缴日期', value: (r) => r.remittedOn },
  { header: '方式', value: (r) => (r.method === 'cash' ? '现金' : '银行转账') },
  { header: '凭证号', value: (r) => r.reference, width: 24 },
  { header: '服务期', value: (r) => r.tenureId },
  { header: '金额（元）', value: (r) => r.amountFen, fen: true },
];

const yuan = (fen: number) => (fen / 100).toFixed(2);

export function reconciliationWorkbook(r: Reconciliation): Promise<Buffer> {
  const preamble = [
    `${r.name} 代收对账 ${r.from} 至 ${r.to}`,
    `期初欠缴 ${yuan(r.openingOwedFen)} 元；本期代收 ${yuan(r.collectedFen)} 元；本期上缴 ${yuan(r.remittedFen)} 元；期末欠缴 ${yuan(r.closingOwedFen)} 元`,
  ];
  return workbookBuffer([
    { name: '代收明细', preamble, columns: householdColumns, rows: r.households },
    { name: '上缴记录', columns: remittanceColumns, rows: r.remittances },
  ]);
}

export function statementWorkbook(s: StatementDetail): Promise<Buffer> {
  const preamble = [
    `交接结算单 #${s.id}：${s.propertyCompanyName} · ${s.compoundName}`,
    `服务期 ${s.startsOn} 至 ${s.endsOn ?? '—'}；状态 ${s.status === 'closed' ? '已结清' : '未结清'}`,
    `代收 ${yuan(s.collectedFen)} 元；已上缴 ${yuan(s.remittedFen)} 元；尚欠 ${yuan(s.owedFen)} 元`,
  ];
  return workbookBuffer([
    { name: '按户代收', preamble, columns: householdColumns, rows: s.households },
    { name: '上缴记录', columns: remittanceColumns, rows: s.remittances },
  ]);
}

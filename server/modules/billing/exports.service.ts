/**
 * .xlsx exports for office staff: the payment-rate table of a branch and a list of payments
 * (one household's, or a branch's for a season). Payments are streamed page by page (keyset on
 * the payment id), so a whole branch never sits in memory; scope is checked before the first byte.
 */
import { PassThrough, type Readable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { hasRole, scopeIds, type Actor } from '../../kernel/actor.ts';
import type { Clock } from '../../kernel/clock.ts';
import { queryRows, type Db } from '../../kernel/db.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import { householdForReading } from './household-access.ts';
import type { CompoundRate, PaymentRateQuery, PaymentsExportQuery } from './online.contract.ts';
import { workbookBuffer } from './workbook.ts';
import { paymentRate } from './payment-rate.service.ts';
import { findNumberedReceipt } from './receipts.ts';

type Deps = { db: Db; clock: Clock };
const PAGE = 5_000;
const yuan = (fen: number) => fen / 100;
const MODE_ZH: Record<string, string> = { direct: '直供(真空)', agent: '物业代收' };
const CHANNEL_ZH: Record<string, string> = { counter: '柜台', agent: '物业代收', temp_point: '临时缴费点', online: '在线' };

export async function paymentRateWorkbook(deps: Deps, actor: Actor, query: PaymentRateQuery): Promise<Buffer> {
  const view = await paymentRate(deps, actor, query);
  const percent = (r: number | null) => (r === null ? '' : `${(r * 100).toFixed(2)}%`);
  const total: CompoundRate = {
    compoundId: 0,
    compoundName: '合计 total',
    households: view.compounds.reduce((s, c) => s + c.households, 0),
    billedFen: view.billedFen,
    paidFen: view.paidFen,
    rate: view.rate,
    serviceMode: '',
    vacuum: false,
  };
  return workbookBuffer([{
    name: `收费率 ${view.season}`,
    preamble: [`收费率 payment rate · ${view.season} · ${view.date}`],
    columns: [
      { header: '小区 compound', value: (c: CompoundRate) => c.compoundName, width: 24 },
      { header: '户数 households', value: (c: CompoundRate) => c.households, width: 12 },
      { header: '应收(元) billed', value: (c: CompoundRate) => c.billedFen, fen: true, width: 16 },
      { header: '实收(元) paid', value: (c: CompoundRate) => c.paidFen, fen: true, width: 16 },
      { header: '收费率 rate', value: (c: CompoundRate) => percent(c.rate), width: 12 },
      { header: '服务模式 mode', value: (c: CompoundRate) => MODE_ZH[c.serviceMode] ?? c.serviceMode, width: 14 },
      { header: '真空 vacuum', value: (c: CompoundRate) => (c.vacuum ? '是' : ''), width: 10 },
    ],
    rows: [...view.compounds, total],
  }]);
}

/** The payments the actor may list: one household (its resident or branch staff), or a branch (its clerks, admins). */
async function paymentsWhere(db: Db, actor: Actor, query: PaymentsExportQuery): Promise<SQL> {
  const season = query.season === undefined ? sql`TRUE` : sql`EXISTS (SELECT 1 FROM journal_entries e JOIN bills b ON b.id = e.bill_id
    WHERE e.transaction_id = p.journal_transaction_id AND b.season = ${query.season})`;
  if (query.householdId !== undefined) {
    await householdForReading(db, actor, query.householdId);
    return sql`p.household_id = ${query.householdId} AND ${season}`;
  }
  if (query.branchId === undefined) throw new Invalid('Name a household or a branch', [{ field: 'householdId', message: 'or branchId is required', rule: 'household_or_branch' }], 'household_or_branch_required');
  if (!hasRole(actor, 'clerk', 'admin')) throw new Forbidden('Branch payment lists are for clerks and admins', 'office_only');
  const mine = scopeIds(actor, 'branch');
  if (!mine.includes(query.branchId) && !(hasRole(actor, 'admin') && mine.length === 0)) throw new Forbidden('This branch is not in your scope', 'other_branch');
  return sql`p.branch_id = ${query.branchId} AND ${season}`;
}

interface PaymentRow {
  id: number;
  created_at: Date | string;
  receipt_no: string | null;
  account_no: string;
  holder_name: string;
  channel: string;
  provider: string | null;
  amount_fen: string;
}

export async function paymentsWorkbook(deps: Deps, actor: Actor, query: PaymentsExportQuery): Promise<Readable> {
  const where = await paymentsWhere(deps.db, actor, query);
  const out = new PassThrough();
  void (async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('缴费 payments');
    sheet.columns = [
      { header: '时间 time', key: 'at', width: 20 },
      { header: '收据号 receipt', key: 'receipt', width: 20, style: { numFmt: '@' } },
      { header: '户号 account', key: 'account', width: 14, style: { numFmt: '@' } },
      { header: '户主 holder', key: 'holder', width: 12 },
      { header: '渠道 channel', key: 'channel', width: 12 },
      { header: '支付机构 provider', key: 'provider', width: 14 },
      { header: '金额(元) amount', key: 'amount', width: 14, style: { numFmt: '#,##0.00' } },
    ];
    let last = 0;
    for (;;) {
      const rows = await queryRows<PaymentRow>(
        deps.db,
        sql`SELECT p.id, p.created_at, r.receipt_no, h.account_no, h.holder_name, p.channel, o.provider, p.amount_fen::text
              FROM payments p JOIN households h ON h.id = p.household_id
              LEFT JOIN receipts r ON r.payment_id = p.id LEFT JOIN online_orders o ON o.payment_id = p.id
             WHERE ${where} AND p.id > ${last} ORDER BY p.id LIMIT ${PAGE}`,
      );
      for (const r of rows) {
        sheet.addRow({
          at: new Date(r.created_at).toISOString().replace('T', ' ').slice(0, 19),
          // A receipt caught between its payment's commit and its numbering is numbered now (rare).
          receipt: r.receipt_no ?? (await findNumberedReceipt(deps.db, { paymentId: r.id }))?.receiptNo ?? null,
          account: r.account_no,
          holder: r.holder_name,
          channel: CHANNEL_ZH[r.channel] ?? r.channel,
          provider: r.provider,
          amount: yuan(Number(r.amount_fen)),
        }).commit();
      }
      if (rows.length < PAGE) break;
      last = rows[rows.length - 1]!.id;
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err: unknown) => out.destroy(err as Error));
  return out;
}

/**
 * Small .xlsx exports of billing lists (reconciliation, settlement statements, arrears): one or
 * more sheets of rows with Chinese headers. Amounts arrive as integer fen and are written as yuan
 * with two decimals, which is what office staff sum in Excel; text columns stay text so account
 * numbers keep their leading zeros.
 */
import ExcelJS from 'exceljs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface SheetColumn<R> {
  header: string;
  value: (row: R) => string | number | null;
  /** The value is fen: shown as yuan. */
  fen?: boolean;
  width?: number;
}

export interface Sheet<R> {
  name: string;
  /** Lines above the table (title, period, totals). */
  preamble?: string[];
  columns: SheetColumn<R>[];
  rows: R[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- sheets of different row types in one workbook
export async function workbookBuffer(sheets: Sheet<any>[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    for (const line of spec.preamble ?? []) sheet.addRow([line]).font = { bold: true };
    if (spec.preamble?.length) sheet.addRow([]);
    const header = sheet.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    spec.columns.forEach((c, i) => {
      const col = sheet.getColumn(i + 1);
      col.width = c.width ?? 14;
      col.numFmt = c.fen ? '#,##0.00' : '@';
    });
    for (const row of spec.rows) {
      sheet.addRow(spec.columns.map((c) => {
        const v = c.value(row);
        return c.fen && typeof v === 'number' ? v / 100 : v;
      }));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function attachment(name: string): string {
  return `attachment; filename="${name}"`;
}

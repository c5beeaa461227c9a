import ExcelJS from 'exceljs';
import type { Client } from '../../test/test-app.ts';

/** Test helpers: household files as offices make them, and multipart uploads of them. */
export async function xlsxFile(rows: (string | number | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function csvFile(rows: (string | number | null)[][], opts: { bom?: boolean } = {}): Buffer {
  const quote = (v: string | number | null) => {
    const text = v === null ? '' : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([opts.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

export async function upload(client: Client, fileName: string, content: Buffer, url = '/api/registry/households/import') {
  const boundary = `----hs${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const body = Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return client.post(url, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

export async function readXlsx(content: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push(Array.from((row.values as ExcelJS.CellValue[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v as string | number)))));
  return rows;
}

export const HEADER_ZH = ['户号', '社区', '小区', '楼栋', '单元', '房号', '户主', '电话', '建筑面积', '套内面积', '用户类型', '状态', '网格'];

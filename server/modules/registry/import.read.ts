import fs from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { BadRequest, DomainError } from '../../kernel/errors.ts';
import { CsvParser } from './import.csv.ts';

/**
 * Rows of an uploaded household file, streamed: a 1.3 M-row sheet never sits in memory whole.
 * .xlsx is read with exceljs's streaming reader (first worksheet only); .csv with the small
 * RFC 4180 parser of import.csv.ts, in UTF-8 or — as Excel saves "CSV" on a Chinese Windows — GB18030.
 */
export type FileFormat = 'xlsx' | 'csv';

export class UnsupportedFile extends DomainError {
  constructor(message: string) {
    super(415, 'unsupported_file', message);
  }
}

/** Decide the format from the name and the first bytes; an .xls renamed .csv is not a CSV. */
export async function detectFormat(path: string, fileName: string): Promise<FileFormat> {
  const handle = await fs.promises.open(path, 'r');
  const head = Buffer.alloc(4096);
  const { bytesRead } = await handle.read(head, 0, head.length, 0).finally(() => handle.close());
  if (bytesRead === 0) throw new BadRequest('The file is empty', undefined, 'empty_file');
  const bytes = head.subarray(0, bytesRead);
  const isZip = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xlsx' && isZip) return 'xlsx';
  if (ext === 'csv' && !isZip && !bytes.includes(0)) return 'csv';
  if (ext === 'xls' || bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new UnsupportedFile('Old Excel .xls files are not read: save the sheet as .xlsx (Excel 2007 or later) or .csv');
  }
  throw new UnsupportedFile(`"${fileName}" is not an .xlsx or .csv file`);
}

export interface RowSource {
  /** Rows in batches (a chunk of the file each): one await per batch, not per row. */
  batches: AsyncIterable<string[][]>;
  /** Bytes of the file consumed so far, for a progress bar. */
  bytesRead(): number;
}

function counted(path: string): { stream: Readable; bytesRead: () => number } {
  let bytes = 0;
  const stream = fs.createReadStream(path).pipe(
    new PassThrough({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    }),
  );
  return { stream, bytesRead: () => bytes };
}

export function readRows(path: string, format: FileFormat): RowSource {
  const { stream, bytesRead } = counted(path);
  return { batches: format === 'xlsx' ? xlsxRows(stream) : csvRows(stream), bytesRead };
}

type CellValue = ExcelJS.CellValue;

/** Cell text as a person sees it: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellText(value.result);
  if ('text' in value) return String(value.text);
  return '';
}

const XLSX_BATCH = 2_000;

async function* xlsxRows(stream: Readable): AsyncIterable<string[][]> {
  let batch: string[][] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  try {
    for await (const sheet of reader) {
      let expected = 1;
      for await (const row of sheet) {
        // Blank rows are skipped by the reader; keep row numbers true to what Excel shows.
        for (; expected < row.number; expected++) batch.push([]);
        expected = row.number + 1;
        const values = row.values as CellValue[];
        batch.push(values.slice(1).map(cellText));
        if (batch.length >= XLSX_BATCH) {
          yield batch;
          batch = [];
        }
      }
      break; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new UnsupportedFile(`The .xlsx file could not be read: ${(err as Error).message}`);
  }
  if (batch.length) yield batch;
}

/** UTF-8 unless the start of the file is not valid UTF-8; then GB18030 (a superset of GBK). */
function decoderFor(first: Buffer): TextDecoder {
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return new TextDecoder('utf-8', { ignoreBOM: false });
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
    return new TextDecoder('utf-8');
  } catch {
    return new TextDecoder('gb18030');
  }
}

async function* csvRows(stream: Readable): AsyncIterable<string[][]> {
  let decoder: TextDecoder | undefined;
  const parser = new CsvParser();
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    decoder ??= decoderFor(chunk);
    const rows = parser.push(decoder.decode(chunk, { stream: true }));
    if (rows.length) yield rows;
  }
  const last = parser.push(decoder?.decode() ?? '');
  last.push(...parser.end());
  if (last.length) yield last;
}

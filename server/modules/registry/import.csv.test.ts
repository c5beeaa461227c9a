import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRow, mapHeader } from './import.columns.ts';
import { CsvParser } from './import.csv.ts';
import { readRows } from './import.read.ts';
import { copyText } from './import.stage.ts';

/** Parse `text` fed in pieces of `size` characters, as a file stream would cut it. */
function parse(text: string, size = text.length): string[][] {
  const parser = new CsvParser();
  const rows: string[][] = [];
  for (let i = 0; i < text.length; i += size) rows.push(...parser.push(text.slice(i, i + size)));
  rows.push(...parser.end());
  return rows;
}

async function readFile(content: Buffer): Promise<string[][]> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hs-csv-')), 'f.csv');
  fs.writeFileSync(file, content);
  const rows: string[][] = [];
  const source = readRows(file, 'csv');
  for await (const batch of source.batches) rows.push(...batch);
  fs.rmSync(path.dirname(file), { recursive: true });
  return rows;
}

describe('CSV parser (RFC 4180)', () => {
  // A record split across chunks, quotes at chunk ends, CRLF inside quotes: the parser's edges.
  const tricky = [
    '户号,小区,户主,备注',
    '0101,"金色港湾小区","王, 建国","说 ""你好"""',
    '0102,代书胡同3号院,"李\r\n秀英",',
    '"0103",,"",x"y',
    '',
    '0104,a,b,c',
  ].join('\r\n');
  const expected = [
    ['户号', '小区', '户主', '备注'],
    ['0101', '金色港湾小区', '王, 建国', '说 "你好"'],
    ['0102', '代书胡同3号院', '李\r\n秀英', ''],
    ['0103', '', '', 'x"y'],
    [''],
    ['0104', 'a', 'b', 'c'],
  ];

  it('reads quoted fields with commas, quotes and line breaks, and CRLF or LF line ends', () => {
    expect(parse(tricky)).toEqual(expected);
    expect(parse(tricky.replace(/\r\n(?!秀)/g, '\n'))).toEqual(expected);
  });

  it('gives the same rows however the text is cut into chunks', () => {
    for (const size of [1, 2, 3, 5, 7, 13, 64]) expect(parse(tricky, size), `chunks of ${size}`).toEqual(expected);
    for (const size of [1, 2, 3]) expect(parse(`${tricky}\r\n`, size)).toEqual(expected);
  });

  it('keeps the last record without a line break, and text after a closing quote', () => {
    expect(parse('a,b\n1,"2"')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parse('a,"b"c,d')).toEqual([['a', 'bc', 'd']]);
    expect(parse('"unterminated,x\ny')).toEqual([['unterminated,x\ny']]);
  });

  it('reads a UTF-8 file with a BOM and Chinese headers, in many small chunks', async () => {
    const lines = ['户号,小区,楼栋,房号,户主,建筑面积'];
    for (let i = 0; i < 5000; i++) lines.push(`${String(i).padStart(10, '0')},金色港湾小区,"3号楼",${i},"周,桂兰",89.5`);
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'), 'utf8')]);
    const rows = await readFile(content);
    expect(rows).toHaveLength(5001);
    expect(rows[0]).toEqual(['户号', '小区', '楼栋', '房号', '户主', '建筑面积']);
    expect(rows[4321]).toEqual(['0000004320', '金色港湾小区', '3号楼', '4320', '周,桂兰', '89.5']);
    expect(mapHeader(rows[0]!).problems).toEqual([]);
  });
});

describe('staged rows as COPY text', () => {
  it('escapes backslashes, tabs and line breaks and writes null as \\N', () => {
    const header = mapHeader(['户号', '小区', '楼栋', '房号', '户主', '建筑面积', '热计量']);
    const { row } = checkRow(2, ['0101', '金色港湾小区', '3', '502', '王\t建\\国\n', '89.5', '是'], header);
    expect(copyText([row!])).toBe('2\t0101\t\\N\t金色港湾小区\t3号楼\t1单元\t502\t王\\t建\\\\国\t\\N\t89.50\t\\N\t\\N\t\\N\t\\N\t\\N\tt\n');
  });
});

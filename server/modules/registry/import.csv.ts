/**
 * A streaming RFC 4180 CSV parser, fast on the common case. Office files are almost all plain
 * lines (no quotes), so a line without `"` is split with String.split — native code — and only a
 * line with a quote goes through the character-by-character state machine, which may run over
 * several physical lines (line breaks inside quotes). Rows come out in arrays (one per chunk of
 * the file), because an `await` per row costs more than parsing it at 1.3 M rows.
 *
 * Rules: `,` separates fields; `\n` or `\r\n` ends a record (a lone `\r` at a line end is
 * dropped); a field that starts with `"` is quoted: `""` inside it is one `"`, and commas and
 * line breaks are data; text after the closing quote is kept as written (Excel does the same).
 */
export class CsvParser {
  private rest = '';

  /** Feed decoded text; returns the complete records it finished. */
  push(text: string): string[][] {
    const buffer = this.rest + text;
    const rows: string[][] = [];
    const end = this.parse(buffer, rows, false);
    this.rest = buffer.slice(end);
    return rows;
  }

  /** The last record, when the file does not end with a line break. */
  end(): string[][] {
    const rows: string[][] = [];
    if (this.rest !== '') this.parse(this.rest, rows, true);
    this.rest = '';
    return rows;
  }

  /** Parse whole records from `text`; returns where the unfinished tail starts. */
  private parse(text: string, rows: string[][], final: boolean): number {
    let pos = 0;
    const length = text.length;
    // The next quote, looked up again only once passed: a file without quotes is scanned once.
    let quote = text.indexOf('"');
    while (pos < length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) return pos;
        nl = length;
      }
      if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
      if (quote < 0 || quote > nl) {
        const lineEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        rows.push(text.slice(pos, lineEnd).split(','));
        pos = nl + 1;
        continue;
      }
      const next = quotedRecord(text, pos, final, rows);
      if (next < 0) return pos; // a quoted field runs past this chunk: wait for more text
      pos = next;
    }
    return length;
  }
}

/**
 * One record with quotes in it, from `start`. Pushes it and returns the position after its line
 * break, or -1 when the text ends inside the record (and more may come).
 */
function quotedRecord(text: string, start: number, final: boolean, rows: string[][]): number {
  const row: string[] = [];
  let field = '';
  let i = start;
  let fieldStart = true;
  const length = text.length;
  while (i < length) {
    const ch = text.charCodeAt(i);
    if (fieldStart && ch === 34) {
      // A quoted field: up to the quote not followed by another quote.
      i += 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0 || (q + 1 >= length && !final)) {
          if (!final) return -1;
          field += text.slice(i);
          i = length;
          break;
        }
        field += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fieldStart = false;
      continue;
    }
    fieldStart = false;
    if (ch === 44) {
      row.push(field);
      field = '';
      fieldStart = true;
      i += 1;
    } else if (ch === 10) {
      row.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      rows.push(row);
      return i + 1;
    } else {
      // Plain text up to the next separator (or after a closing quote, kept as written).
      let j = i + 1;
      while (j < length) {
        const c = text.charCodeAt(j);
        if (c === 44 || c === 10) break;
        j += 1;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  if (!final) return -1;
  row.push(field.endsWith('\r') ? field.slice(0, -1) : field);
  rows.push(row);
  return length;
}

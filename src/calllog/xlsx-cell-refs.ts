import { CallLogInputError } from './errors.js';
import { cellError } from './xlsx-cells.js';
import { layoutError } from './xlsx-layout.js';

/**
 * A worksheet's XML as exceljs's streaming reader needs it. The `r` attributes of `<row>` and `<c>`
 * (the row number, the cell reference) are optional in the format and some producers leave them
 * out; exceljs then reads every row as row NaN and fails on the cells. Here a row without `r`
 * follows the previous row and a cell without `r` the previous cell, as the format says, and the
 * attribute is written in. Tags with `r` pass through unchanged and set the count.
 * A cell at or before the previous cell of its row (the format wants them in column order) is an
 * input error naming `sheet`: exceljs kept the last of two cells at one place, so a `recorded` 0
 * followed by a 1 read as recorded, where Excel, which refuses such a file or repairs it, may show
 * either. So is a row at or before the previous row (a row number twice, or rows out of order):
 * exceljs read both rows of one number, and gave two calls one place, where Excel repairs the sheet.
 * The bytes are decoded with one streaming decoder, so a character cut by a chunk boundary stays whole.
 */
export async function* withCellRefs(chunks: AsyncIterable<Buffer | string>, sheet = ''): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const refs = new CellRefs(sheet);
  for await (const chunk of chunks) {
    const out = refs.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (out !== '') yield out;
  }
  const out = refs.push(decoder.decode()) + refs.end();
  if (out !== '') yield out;
}

const R_ATTRIBUTE = /\sr\s*=\s*["']([^"']*)["']/;

class CellRefs {
  constructor(private readonly sheet: string) {}

  private row = 0;
  private column = 0;
  /** A tag cut by the end of the previous chunk. */
  private pending = '';

  push(chunk: string): string {
    const text = this.pending + chunk;
    const out: string[] = [];
    let copied = 0;
    for (let open = text.indexOf('<'); open !== -1; open = text.indexOf('<', open + 1)) {
      const kind = tagKind(text, open);
      if (kind === undefined) continue;
      const close = text.indexOf('>', open);
      if (close === -1) {
        out.push(text.slice(copied, open));
        this.pending = text.slice(open);
        return out.join('');
      }
      const tag = text.slice(open, close + 1);
      const given = R_ATTRIBUTE.exec(tag)?.[1];
      const nameEnd = open + kind.length + 1;
      if (kind === 'row') {
        const row = given !== undefined && /^\d+$/.test(given) ? Number(given) : this.row + 1;
        if (row <= this.row) {
          throw layoutError(
            `工作表「${this.sheet}」的第 ${row} 行排在第 ${this.row} 行之后（同一行号出现两次，或行的顺序颠倒）`,
            `row ${row} of worksheet "${this.sheet}" comes after row ${this.row} (one row number twice, or rows out of order)`,
          );
        }
        this.row = row;
        this.column = 0;
        if (given === undefined) {
          out.push(text.slice(copied, nameEnd), ` r="${this.row}"`);
          copied = nameEnd;
        }
      } else {
        const letters = given !== undefined ? /^[A-Za-z]+/.exec(given)?.[0] : undefined;
        const column = letters !== undefined ? columnNumber(letters) : this.column + 1;
        if (column <= this.column) {
          const at = `${columnLetters(column)}${this.row}`;
          throw new CallLogInputError(cellError(this.sheet, at, `该单元格排在同一行的 ${columnLetters(this.column)}${this.row} 之后（同一位置有两个单元格，或顺序颠倒）`, `it comes after ${columnLetters(this.column)}${this.row} in its row (two cells at one place, or out of order)`));
        }
        this.column = column;
        if (given === undefined) {
          out.push(text.slice(copied, nameEnd), ` r="${columnLetters(this.column)}${this.row}"`);
          copied = nameEnd;
        }
      }
      open = close;
    }
    // A `<` at the very end may begin a row or cell tag whose name the next chunk completes.
    const tail = text.endsWith('<') ? 1 : text.endsWith('<r') ? 2 : text.endsWith('<ro') ? 3 : 0;
    out.push(text.slice(copied, text.length - tail));
    this.pending = text.slice(text.length - tail);
    return out.join('');
  }

  end(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }
}

/** `row` or `c` when a `<row` or `<c` tag opens at `at` (its name followed by space, `>` or `/`). */
function tagKind(text: string, at: number): 'row' | 'c' | undefined {
  const isEnd = (i: number) => {
    const code = text.charCodeAt(i);
    return code === 0x20 || code === 0x3e || code === 0x2f || code === 0x09 || code === 0x0a || code === 0x0d || Number.isNaN(code);
  };
  if (text.charCodeAt(at + 1) === 0x63 /* c */ && isEnd(at + 2)) return 'c';
  if (text.startsWith('row', at + 1) && isEnd(at + 4)) return 'row';
  return undefined;
}

/** `A` → 1, `Z` → 26, `AA` → 27. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters.toUpperCase()) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}

/** 1 → `A`, 27 → `AA`: a column as a spreadsheet names it. */
export function columnLetters(n: number): string {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

import path from 'node:path';
import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';

/**
 * Where a workbook's parts are, read as Excel reads them: from its relationships, not from the
 * names parts usually have. exceljs finds its parts by fixed names (`xl/worksheets/sheet1.xml`…), so
 * a worksheet stored under another name (`xl/worksheets/sheet.xml`, as the Open XML SDK names the
 * first) was never read while a part the workbook does not list was; tmcheck reads the worksheets
 * the workbook lists, wherever they are, and refuses a layout it cannot read the way Excel does.
 */

/** A relationship of a `.rels` part (as exceljs's RelationshipsXform gives them). */
export interface Relationship {
  Id?: string;
  Type?: string;
  Target?: string;
  TargetMode?: string;
}

/** A sheet as the workbook lists it (exceljs's WorkbookXform model). */
export interface ListedSheet {
  name?: string;
  id?: number;
  rId?: string;
  state?: string;
}

export interface WorksheetPart {
  name: string;
  id: number;
  state?: string;
}

export const WORKBOOK_PART = 'xl/workbook.xml';
const FIXED_PARTS: Record<string, string> = { sharedStrings: 'xl/sharedStrings.xml', styles: 'xl/styles.xml' };

/**
 * The relationships in a small `.rels` part (the package's own, `_rels/.rels`). A tag inside a
 * comment, a CDATA section or a processing instruction is none: a commented-out relationship naming
 * xl/workbook.xml before the real one, naming another part, made tmcheck read another workbook than
 * Excel does.
 */
export function readRelationships(xml: string): Relationship[] {
  const out: Relationship[] = [];
  for (const tag of xml.replace(NOT_ELEMENTS, '').matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const attributes: Record<string, string> = {};
    for (const attribute of tag[1]!.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes[attribute[1]!] = attribute[2] ?? attribute[3] ?? '';
    out.push({ Id: attributes.Id, Type: attributes.Type, Target: attributes.Target, TargetMode: attributes.TargetMode });
  }
  return out;
}

/** Comments, CDATA sections and processing instructions, whichever opens first. */
const NOT_ELEMENTS = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;

/** A relationship's target as a zip entry path: from the package root, or from the folder of the part that holds it. Lower case: part names ignore case. */
export function partPath(target: string, folder: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : folder + target;
  return path.posix.normalize(joined).replace(/^(\.\.\/)+/, '').toLowerCase();
}

const typeOf = (relationship: Relationship) => (relationship.Type ?? '').split('/').pop() ?? '';

/** Throws for a zip holding two entries of one name: which one a reader takes is the reader's choice. */
export function checkEntryNames(paths: readonly string[]): void {
  const seen = new Set<string>();
  for (const entry of paths) {
    const key = entry.toLowerCase();
    if (seen.has(key)) throw layoutError(`压缩包中有两个名为 ${entry} 的条目`, `the zip holds two entries named ${entry}`);
    seen.add(key);
  }
}

/**
 * The worksheets the workbook lists, by entry path, with the names and states Excel shows. Throws
 * when the workbook is not where exceljs reads it from, when the shared strings or styles are
 * stored elsewhere than exceljs reads them from, or when a sheet has no part or is of a kind
 * tmcheck cannot read (a dialog or macro sheet). Chart sheets hold no cells and are left out.
 */
export function listedWorksheets(packageRels: Relationship[] | undefined, workbookRels: Relationship[] | undefined, sheets: ListedSheet[] | undefined): Map<string, WorksheetPart> {
  const main = packageRels?.find((r) => typeOf(r) === 'officeDocument');
  if (main?.Target !== undefined && partPath(main.Target, '') !== WORKBOOK_PART) {
    throw layoutError(`工作簿存放在 ${main.Target}，本工具只能读取 ${WORKBOOK_PART}`, `the workbook is stored as ${main.Target}; tmcheck reads it only from ${WORKBOOK_PART}`);
  }
  if (sheets === undefined) throw layoutError(`文件中没有 ${WORKBOOK_PART}`, `the file has no ${WORKBOOK_PART}`);
  const rels = workbookRels ?? [];
  for (const relationship of rels) {
    const fixed = FIXED_PARTS[typeOf(relationship)];
    if (fixed !== undefined && relationship.Target !== undefined && partPath(relationship.Target, 'xl/') !== fixed.toLowerCase()) {
      throw layoutError(`工作簿的 ${typeOf(relationship)} 部件存放在 ${relationship.Target}，本工具只能读取 ${fixed}`, `the workbook's ${typeOf(relationship)} part is stored as ${relationship.Target}; tmcheck reads it only from ${fixed}`);
    }
  }
  const parts = new Map<string, WorksheetPart>();
  for (const [index, sheet] of sheets.entries()) {
    const name = sheet.name ?? `#${index + 1}`;
    const relationship = rels.find((r) => r.Id !== undefined && r.Id === sheet.rId);
    const kind = relationship ? typeOf(relationship) : '';
    if (kind === 'chartsheet') continue;
    if (!relationship || relationship.Target === undefined || relationship.TargetMode === 'External') {
      throw layoutError(`工作表「${name}」在文件中找不到对应的部件`, `worksheet "${name}" has no part in the file`);
    }
    if (kind !== 'worksheet') throw layoutError(`工作表「${name}」是 ${kind}，本工具无法读取`, `sheet "${name}" is a ${kind}, which tmcheck cannot read`);
    parts.set(partPath(relationship.Target, 'xl/'), { name, id: sheet.id ?? index + 1, ...(sheet.state ? { state: sheet.state } : {}) });
  }
  return parts;
}

/** A worksheet the workbook lists whose part the file does not hold (or that could not be read). */
export function unreadWorksheetError(sheet: WorksheetPart, part: string): CallLogInputError {
  return layoutError(`工作表「${sheet.name}」（${part}）未能读取`, `worksheet "${sheet.name}" (${part}) could not be read`);
}

export function layoutError(zh: string, en: string): CallLogInputError {
  return new CallLogInputError(
    inputError(
      'xlsx-layout',
      `无法按 Excel 的方式读取该 XLSX 文件：${zh}；请用 Excel 打开后重新保存再检查`,
      `the XLSX file cannot be read the way Excel reads it: ${en}; open it in Excel, save it again and check again`,
    ),
  );
}

import type { ZipEntryInput } from './zip.js';

/** Pieces of SpreadsheetML the XLSX call-log tests build their workbooks from. */
export const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** The vendor of fixtures/report-compliant.yaml. */
export const V1 = '91370102MA3C4F5G9F';
/** A call log's columns, in the spec's order. */
export const HEADER = ['call_id', 'vendor_credit_code', 'agent_id', 'started_at', 'duration_s', 'recorded'];
/** A zip entry holding `text` as UTF-8. */
export const part = (name: string, text: string): ZipEntryInput => ({ name, chunks: () => [Buffer.from(text, 'utf8')] });
/** An inline-string cell at `ref`. */
export const inline = (text: string, ref: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/**
 * The parts of a workbook with one sheet `calls` whose sheetData is `sheetData`; with `sharedStrings`
 * its shared-string table (the `<si>` items) and with `styles` its styles part (a whole styleSheet).
 */
export function oneSheetBook(sheetData: string, { sharedStrings, styles }: { sharedStrings?: string; styles?: string } = {}): ZipEntryInput[] {
  const rels = [
    `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`,
    styles === undefined ? '' : `<Relationship Id="rId8" Type="${REL}/styles" Target="styles.xml"/>`,
    sharedStrings === undefined ? '' : `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`,
  ].join('');
  return [
    part('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="calls" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    part('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`),
    ...(styles === undefined ? [] : [part('xl/styles.xml', styles)]),
    ...(sharedStrings === undefined ? [] : [part('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">${sharedStrings}</sst>`)]),
    part('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${sheetData}</sheetData></worksheet>`),
  ];
}

/** Row 1: the call log's header, as inline strings. */
export const headerRow = () => `<row r="1">${HEADER.map((h, i) => inline(h, `${'ABCDEF'[i]}1`)).join('')}</row>`;

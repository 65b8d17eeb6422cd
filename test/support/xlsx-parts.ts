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

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { templatesDir } from '../../src/paths.js';

export const CREDIT_CODE = '91370102MA3C4F5G9F';
export const SIGNED_BY_LISTED_COMPANY = ['signing_entity: 联通新国信通信有限公司山东分公司', 'signing_entity: 中国联合网络通信有限公司山东省分公司'] as const;
export const HANDLED_BY_MARKETING = ['handled_by: city_cs', 'handled_by: marketing'] as const;

export function tempDir(prefix = 'tmcheck-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The compliant dossier template with some `[from, to]` text replacements: each must apply once. */
export function dossierText(...edits: ReadonlyArray<readonly [string, string]>): string {
  let text = readFileSync(path.join(templatesDir, 'vendor-dossier.yaml'), 'utf8');
  for (const [from, to] of edits) {
    if (text.split(from).length !== 2) throw new Error(`template edit does not apply exactly once: ${from}`);
    text = text.replace(from, to);
  }
  return text;
}

export function writeDossier(dir: string, name: string, ...edits: ReadonlyArray<readonly [string, string]>): string {
  const file = path.join(dir, name);
  writeFileSync(file, dossierText(...edits));
  return file;
}

/** 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`not found: ${needle}`);
  return index + 1;
}

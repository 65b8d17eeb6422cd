/** The document kinds tmcheck reads, keyed by the value of their `kind:` field. */
export const DOCUMENT_KINDS = {
  VendorDossier: { schemaFile: 'vendor-dossier.schema.json', template: 'vendor-dossier.yaml', initName: 'dossier' },
  MonthlyReport: { schemaFile: 'monthly-report.schema.json', template: 'monthly-report.yaml', initName: 'report' },
} as const;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export const KIND_NAMES = Object.keys(DOCUMENT_KINDS) as DocumentKind[];

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DOCUMENT_KINDS, value);
}

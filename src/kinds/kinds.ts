/** The document kinds tmcheck reads, keyed by the value of their `kind:` field. */
export const DOCUMENT_KINDS = {
  VendorDossier: { schemaFile: 'vendor-dossier.schema.json', template: 'vendor-dossier.yaml', initName: 'dossier' },
  MonthlyReport: { schemaFile: 'monthly-report.schema.json', template: 'monthly-report.yaml', initName: 'report' },
} as const;

/**
 * Kinds tmcheck builds itself from a call log's aggregates (src/calllog). Rules may apply to them,
 * but no file can claim one with `kind:`: they are not in KIND_NAMES and isDocumentKind rejects them.
 */
export const INTERNAL_KINDS = {
  CallLogDay: { schemaFile: 'call-log-day.schema.json', template: 'internal/call-log-day.yaml' },
  CallLogAgent: { schemaFile: 'call-log-agent.schema.json', template: 'internal/call-log-agent.yaml' },
} as const;

/** A kind a file may declare with `kind:`. */
export type FileKind = keyof typeof DOCUMENT_KINDS;
export type InternalKind = keyof typeof INTERNAL_KINDS;
/** Every kind a rule may apply to: the file kinds and the internal ones. */
export type DocumentKind = FileKind | InternalKind;
export const KIND_NAMES = Object.keys(DOCUMENT_KINDS) as FileKind[];

export function isDocumentKind(value: unknown): value is FileKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DOCUMENT_KINDS, value);
}

/** The JSON Schema file and example template of any kind, internal ones included. */
export function kindFiles(kind: DocumentKind): { schemaFile: string; template: string } {
  return isDocumentKind(kind) ? DOCUMENT_KINDS[kind] : INTERNAL_KINDS[kind];
}

/**
 * The branch's own monthly assessment (schemas/monthly-assessment.schema.json). Not a document kind:
 * it is read only from --assessments, and a file of this kind among the inputs is an input error.
 */
export const ASSESSMENT_KIND = 'MonthlyAssessment';
export const ASSESSMENT_SCHEMA_FILE = 'monthly-assessment.schema.json';

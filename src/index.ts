// The library API (`import { createChecker } from 'tmcheck'`): docs/api.md. The command line is
// built on the same pipeline; everything a program needs is exported from here, with its types.
export { createChecker, type Checker, type CheckerOptions, type CheckControls, type Limits } from './api/checker.js';
export type { CheckInput, InMemoryInput, StreamedInput } from './api/inputs.js';
export type { ControlFiles } from './api/controls.js';
export { TmcheckConfigError, type ConfigProblem } from './api/errors.js';
export { exitCode, format, type FormatChoice } from './api/format.js';
export { FORMAT_NAMES, type FormatName } from './format/registry.js';
export type { Formatter, FormatOptions } from './format/formatter.js';
export type {
  BatchSummary,
  FailOn,
  FileResult,
  FileStatus,
  Finding,
  Location,
  Report,
  RuleInfo,
  Severity,
  ShardRecord,
  Summary,
  VendorMonth,
} from './report/model.js';
export type { InputError } from './read/input-error.js';
export type { Bilingual, Lang } from './util/i18n.js';
export type { Explanation, RuleExplanation, RequirementExplanation, ParamExplanation, ExampleExplanation } from './explain/explain.js';

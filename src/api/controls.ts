import path from 'node:path';
import type { ReadLimits } from '../read/limits.js';
import type { InputError } from '../read/input-error.js';
import { sourceFromBytes } from '../read/read-source.js';
import { displayPath } from '../util/display-path.js';
import { chooseWaiverFiles, loadWaiverFile, parseWaivers, type WaiverFile, type WaiverFileProblem } from '../controls/waivers.js';
import { loadBaseline, parseBaseline, type Baseline } from '../controls/baseline.js';
import type { Controls } from '../controls/apply-controls.js';
import { localToday } from '../util/dates.js';
import { isValidDate } from '../util/dates.js';
import { bytesOf, type InMemoryInput } from './inputs.js';
import { TmcheckConfigError } from './errors.js';

/** Waivers and a baseline for one check: only what is named here is read (never a file found beside the inputs). */
export interface ControlFiles {
  /** Waivers files (paths or in-memory contents). One that cannot be used is an invalid file in the report. */
  waivers?: ReadonlyArray<string | InMemoryInput>;
  /** A baseline written by `--write-baseline` (or `baseline` of checkWithBaseline): its findings leave the report. */
  baseline?: string | InMemoryInput;
  /** The date (YYYY-MM-DD) waiver expiry is judged on when the checker has no asOf (as --today); default: the current date. */
  today?: string;
  /**
   * As the command line: without `waivers`, apply tmcheck.waivers.yaml of the working folder (unless
   * that folder is under check), and note the waivers files beside file inputs as ignored. Default false:
   * only the waivers named are read.
   */
  findWaivers?: boolean;
}

/** Reads the waivers and the baseline; a baseline that cannot be used is a configuration error. `inputs`: the paths checked. */
export function loadControls(files: ControlFiles, inputs: readonly string[], asOf: string | undefined, cwd: string, limits: ReadLimits): Controls {
  if (files.today !== undefined && !isValidDate(files.today)) {
    throw new TmcheckConfigError('option', { zh: `today 应为 YYYY-MM-DD 日期：${files.today}`, en: `today must be a date as YYYY-MM-DD: ${files.today}` });
  }
  const waiverFiles: WaiverFile[] = [];
  const waiverProblems: WaiverFileProblem[] = [];
  const named = files.waivers ?? [];
  const chosen = files.findWaivers ? chooseWaiverFiles(inputs, cwd, named.filter((w) => typeof w === 'string')) : undefined;
  const apply = chosen ? [...chosen.apply, ...named.filter((w) => typeof w !== 'string')] : named;
  for (const waivers of apply) {
    const loaded = typeof waivers === 'string' ? loadWaiverFile(path.resolve(cwd, waivers), cwd, limits) : waiversFromMemory(waivers, limits);
    if ('errors' in loaded) waiverProblems.push(loaded);
    else waiverFiles.push(loaded);
  }
  return {
    waiverFiles,
    waiverProblems,
    // Without findWaivers, only the waivers given are read: there are no others to ignore.
    ignoredWaivers: chosen?.ignored ?? [],
    ...(files.baseline !== undefined ? { baseline: readBaseline(files.baseline, cwd, limits) } : {}),
    // As the command line: --as-of, then --today, then the current date.
    judgedOn: asOf ?? files.today ?? localToday(),
  };
}

function waiversFromMemory(input: InMemoryInput, limits: ReadLimits): WaiverFile | WaiverFileProblem {
  const source = sourceFromBytes(bytesOf(input.content), limits.maxFileBytes);
  if ('code' in source) return { file: input.name, errors: [source] };
  const parsed = parseWaivers(source.text, input.name, limits);
  return Array.isArray(parsed) ? { file: input.name, errors: parsed } : parsed;
}

function readBaseline(input: string | InMemoryInput, cwd: string, limits: ReadLimits): { file: string; baseline: Baseline } {
  const file = typeof input === 'string' ? displayPath(path.resolve(cwd, input), cwd) : input.name;
  const loaded = typeof input === 'string' ? loadBaseline(path.resolve(cwd, input), limits.maxFileBytes) : baselineFromMemory(input, limits);
  if ('code' in loaded) {
    throw new TmcheckConfigError('baseline', { zh: '无法使用基线文件', en: 'cannot use the baseline' }, [
      { file, ...(loaded.line !== undefined ? { line: loaded.line, column: loaded.column ?? 1 } : {}), message: loaded.message },
    ]);
  }
  return { file, baseline: loaded };
}

function baselineFromMemory(input: InMemoryInput, limits: ReadLimits): Baseline | InputError {
  const source = sourceFromBytes(bytesOf(input.content), limits.maxFileBytes);
  return 'code' in source ? source : parseBaseline(source.text);
}

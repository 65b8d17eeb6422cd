import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { inputError, readError, type InputError } from './input-error.js';
import { DEFAULT_LIMITS, type ReadLimits } from './limits.js';
import { compareText } from '../util/compare.js';
import { displayPath, displayPathsIn } from '../util/display-path.js';
import { ownFileKind, type OwnFileKind, type RunOwnFiles } from './own-files.js';
import { globBase, globToRegExp, hasGlobMagic } from './glob.js';
import { backupOriginal, loneBackupError, unreadInputError } from './unread-names.js';
import { hiddenFileSkipped, hiddenFolderLooked, hiddenInputError, holdsInputs, isHidden, namesInput } from './hidden-names.js';

/** Extensions of the files a folder contributes to a run. */
export const DOCUMENT_EXTENSIONS = ['.yaml', '.yml', '.json'];
export const TABLE_EXTENSIONS = ['.csv', '.xlsx'];

export interface DiscoveredFile {
  /** As shown in reports: relative to the working directory when inside it, with `/` separators. */
  display: string;
  absolute: string;
  /** Content handed over in memory (library API): read from here, never from `absolute`. */
  content?: Uint8Array;
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Arguments that named nothing checkable (a missing path, an empty folder) and folders that could not be read. */
  problems: Array<{ display: string; error: InputError }>;
  /** tmcheck's own files (waivers, baselines, reports) found in folders and by patterns: not checked. */
  skipped: Array<{ display: string; absolute: string; kind: OwnFileKind }>;
  /**
   * Files a folder walk found and did not read, not named as inputs (`notes.txt`, `scan.pdf`, a
   * backup beside its original): listed in the report, so that what was not judged is seen.
   * Hidden files and tmcheck's own are not among them (they have their own treatment).
   */
  unreadFiles: string[];
  /** Hidden folders a walk did not read that hold files named as inputs (hidden-names.ts): each is said in a warning. */
  hiddenFolders: Array<{ display: string; absolute: string }>;
  /**
   * The files (display names) a folder walk found as plain files in their folder's listing: not
   * reached through a symbolic link, so each is the one directory entry of that name there. The
   * command line's check that no report replaces an input uses it instead of listing the folder again.
   */
  listed: ReadonlySet<string>;
}

/**
 * Expands the command line's files, folders and quoted glob patterns into the files to check,
 * sorted and without duplicates. A pattern only picks files with the run's extensions. Folders are
 * walked recursively; hidden folders and node_modules are skipped, and a folder reached twice
 * through symbolic links is walked once (so link loops end). tmcheck's own files found by a walk
 * are set aside (`skipped`), and so are the files the run names as its own (`runOwn`: the --profile
 * file); a folder or entry of a walk that cannot be read is a problem on its path. A hidden file a
 * walk finds whose name says it is an input is a problem (unless it is one of tmcheck's own), and a
 * hidden folder holding such names is listed (`hiddenFolders`): hidden-names.ts.
 */
export function discoverInputs(
  inputs: string[],
  cwd: string,
  extensions = [...DOCUMENT_EXTENSIONS, ...TABLE_EXTENSIONS],
  limits: ReadLimits = DEFAULT_LIMITS,
  runOwn?: RunOwnFiles,
): Discovery {
  const files = new Map<string, DiscoveredFile>();
  const problems: Discovery['problems'] = [];
  const skipped = new Map<string, Discovery['skipped'][number]>();
  // Keyed by path: folders named twice (`tmcheck . sub`) have their hidden entries said once.
  const hiddenFolders = new Map<string, Discovery['hiddenFolders'][number] | undefined>();
  const hiddenFiles = new Set<string>();
  const unreadFiles = new Set<string>();
  const listed = new Set<string>();
  const ownKind = (file: string) => runOwn?.kindOf(file) ?? ownFileKind(file, limits);
  const shown = displayPathsIn(cwd);
  /** Adds a walk's documents, own files and problems; says how many documents it found. */
  const take = (walk: Walk): number => {
    for (const { path: folder, error } of walk.problems) problems.push({ display: shown(folder), error });
    let documents = 0;
    for (const file of walk.files) {
      const display = shown(file);
      const own = ownKind(file);
      if (own) skipped.set(file, { display, absolute: file, kind: own });
      else {
        files.set(file, { absolute: file, display });
        if (walk.linked.size === 0 || !walk.linked.has(file)) listed.add(display);
        documents += 1;
      }
    }
    return documents;
  };
  for (const input of inputs) {
    // `tmcheck "$UPLOADS"` with the variable unset: path.resolve would make it the working folder,
    // and the run would check (and pass) whatever lies there instead of the uploads.
    if (input === '') {
      problems.push({ display: '""', error: inputError('empty-path', '路径为空（可能是未设置的变量），未检查任何文件', 'the path is empty (an unset variable?); nothing was checked for it') });
      continue;
    }
    const absolute = path.resolve(cwd, input);
    let stat;
    try {
      stat = statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Not a path: a quoted pattern such as 'reports/**/*.yaml' (a file whose name has * wins).
      if (code === 'ENOENT' && hasGlobMagic(input)) {
        const matched = expandGlob(absolute, extensions);
        // A pattern that matched only tmcheck's own files matched no document: never an empty pass.
        if (take(matched) === 0 && matched.problems.length === 0) {
          problems.push({
            display: input,
            error: inputError('no-match', `没有文件与模式匹配（${extensions.join(' ')}）`, `no files match the pattern (${extensions.join(' ')})`),
          });
        }
        continue;
      }
      problems.push({ display: displayPath(absolute, cwd), error: readError(error, { zh: '文件或文件夹不存在', en: 'no such file or folder' }) });
      continue;
    }
    if (!stat.isDirectory()) {
      // A call log named as one only to the eye, or a spreadsheet tmcheck cannot read, would be read as a document.
      const unread = extensions.includes(path.extname(absolute).toLowerCase()) ? undefined : unreadInputError(path.basename(absolute), TABLE_EXTENSIONS.filter((e) => extensions.includes(e)), extensions.includes('.xlsx'));
      if (unread) problems.push({ display: displayPath(absolute, cwd), error: unread });
      else files.set(absolute, { absolute, display: displayPath(absolute, cwd) });
      continue;
    }
    const walk = walkFolder(absolute, extensions);
    for (const file of walk.unread) problems.push({ display: displayPath(file.path, cwd), error: file.error });
    for (const file of walk.unreadFiles) if (!runOwn?.kindOf(file)) unreadFiles.add(displayPath(file, cwd));
    // A hidden file is tmcheck's own (a `.waivers.yaml`, a report) by the same test as any other.
    for (const file of walk.hidden) {
      if (hiddenFiles.has(file)) continue;
      hiddenFiles.add(file);
      const own = ownKind(file);
      if (own) skipped.set(file, { display: displayPath(file, cwd), absolute: file, kind: own });
      else problems.push({ display: displayPath(file, cwd), error: hiddenInputError() });
    }
    const tables = extensions.includes('.xlsx');
    for (const folder of walk.hiddenFolders) {
      if (!hiddenFolders.has(folder)) hiddenFolders.set(folder, holdsInputs(folder, extensions, tables) ? { display: displayPath(folder, cwd), absolute: folder } : undefined);
    }
    // A folder that could not be listed has had its problem reported; "no documents" would be untrue.
    if (take(walk) === 0 && !walk.problems.some((p) => p.path === absolute)) {
      problems.push({
        display: displayPath(absolute, cwd),
        error: inputError('no-documents', `文件夹中没有可检查的文件（${extensions.join(' ')}）`, `folder holds no documents to check (${extensions.join(' ')})`),
      });
    }
  }
  return {
    files: [...files.values()].sort((a, b) => compareText(a.display, b.display)),
    problems,
    skipped: [...skipped.values()].sort((a, b) => compareText(a.display, b.display)),
    hiddenFolders: [...hiddenFolders.values()].filter((f) => f !== undefined).sort((a, b) => compareText(a.display, b.display)),
    unreadFiles: [...unreadFiles].sort(compareText),
    listed,
  };
}

/**
 * The folders a run walks, as absolute paths: folder inputs, and the fixed leading folders of
 * patterns. Whatever lies inside them is under check (and so the vendor's, not the officer's).
 */
export function checkedFolders(inputs: string[], cwd: string): string[] {
  const folders: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    try {
      if (statSync(absolute).isDirectory()) folders.push(absolute);
      continue;
    } catch {
      // not a path: a pattern, or a missing input
    }
    if (hasGlobMagic(input)) folders.push(globBase(absolute.split(path.sep).join('/')).split('/').join(path.sep) || path.sep);
  }
  return folders;
}

/**
 * A file input lying directly in `folder` (as the user named it), if any: an own file found there
 * by name (a config, a waivers file) lies beside a checked file, as a vendor's upload would bring it.
 */
export function fileInputIn(inputs: readonly string[], folder: string, cwd: string): string | undefined {
  const real = (absolute: string) => {
    try {
      return realpathSync(absolute);
    } catch {
      return absolute;
    }
  };
  const target = real(path.resolve(cwd, folder));
  return inputs.find((input) => {
    const absolute = path.resolve(cwd, input);
    try {
      if (!statSync(absolute).isFile()) return false;
    } catch {
      return false;
    }
    // Where it is named and, through a link, where it really is: either way it sits beside.
    return real(path.dirname(absolute)) === target || path.dirname(real(absolute)) === target;
  });
}

interface Walk {
  files: string[];
  /** Those of `files` the listing did not show as plain files (links, and entries of a type it does not say). */
  linked: ReadonlySet<string>;
  /** Files not read whose names say they are inputs (unread-names.ts): each an input error. */
  unread: Array<{ path: string; error: InputError }>;
  /** The other files not read (not hidden): listed in the report. */
  unreadFiles: string[];
  /** Folders (and entries) the walk could not read: each is an input error on its path. */
  problems: Array<{ path: string; error: InputError }>;
  /** Hidden files named as inputs (not AppleDouble files): each an input error, unless tmcheck's own. */
  hidden: string[];
  /** Hidden folders not read, version control's apart: each is looked into for names of inputs. */
  hiddenFolders: string[];
}

/** Files under the pattern's fixed leading folders that match it, found by the same loop-safe walk. */
function expandGlob(absolutePattern: string, extensions: string[]): Walk {
  const pattern = absolutePattern.split(path.sep).join('/');
  const base = globBase(pattern);
  try {
    if (!statSync(base).isDirectory()) return { files: [], linked: new Set(), unread: [], unreadFiles: [], problems: [], hidden: [], hiddenFolders: [] };
  } catch {
    return { files: [], linked: new Set(), unread: [], unreadFiles: [], problems: [], hidden: [], hiddenFolders: [] };
  }
  const matcher = globToRegExp(pattern);
  const walk = walkFolder(base, extensions);
  // A folder deeper than the pattern reaches (without **) cannot hold a match: its problem is not the run's.
  const depth = pattern.split('/').length;
  const reaches = (folder: string) => pattern.includes('**') || folder.split(path.sep).join('/').split('/').length < depth;
  return {
    // A pattern picks what it matches: hidden names, as in a shell, are not among them.
    files: walk.files.filter((file) => matcher.test(file.split(path.sep).join('/'))),
    linked: walk.linked,
    // A pattern picks what it matches and says nothing of other names, as in a shell.
    unread: [],
    unreadFiles: [],
    hidden: [],
    hiddenFolders: [],
    // A link to nothing is the pattern's problem only when the pattern names it.
    problems: walk.problems.filter((p) => (p.error.code === 'dangling-link' ? matcher.test(p.path.split(path.sep).join('/')) : reaches(p.path))),
  };
}

function walkFolder(root: string, extensions: string[]): Walk {
  const out: string[] = [];
  const linked = new Set<string>();
  const unread: Walk['unread'] = [];
  const unreadFiles: string[] = [];
  const problems: Walk['problems'] = [];
  const hidden: string[] = [];
  const hiddenFolders: string[] = [];
  // Only where call logs are looked for (not --history, which reads documents only) is a spreadsheet one.
  const tables = extensions.includes('.xlsx');
  const visited = new Set<string>();
  // Normal (separators, no trailing one), so that a folder and a name make a path by concatenation.
  const stack = [path.resolve(root)];
  // A folder or entry removed while the walk runs has nothing to check; any other error is reported.
  const fail = (at: string, error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    problems.push({ path: at, error: readError(error) });
  };
  while (stack.length > 0) {
    const dir = stack.pop()!;
    // A name from the listing has no separator: joined by concatenation (path.join per file cost 10 MB for 20,000).
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      fail(dir, error);
      continue;
    }
    if (visited.has(real)) continue;
    visited.add(real);
    let entries: Dirent[];
    let undecodable: ReadonlySet<string> | undefined;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
      undecodable = undecodableNames(dir, entries);
    } catch (error) {
      fail(dir, error);
      continue;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name === 'node_modules') continue;
      const full = prefix + name;
      if (undecodable?.has(name) && !isHidden(name)) {
        // Opened by its decoded name it is "not found", which the walk took for a file removed meanwhile.
        if (isFolder(entry, full) || namesInput(name, extensions, tables)) problems.push({ path: full, error: undecodableNameError() });
        continue;
      }
      if (isHidden(name)) {
        // Not read: a hidden folder is looked into later, a hidden file said when its name says input.
        if (isFolder(entry, full)) {
          if (hiddenFolderLooked(name)) hiddenFolders.push(full);
        } else if (!hiddenFileSkipped(name, full, extensions, tables)) hidden.push(full);
        continue;
      }
      // The folder listing tells plain files and folders apart; only links (and file systems that do not say) need a stat.
      let isDirectory = entry.isDirectory();
      const plain = entry.isFile();
      if (!plain && !isDirectory) {
        try {
          isDirectory = statSync(full).isDirectory();
        } catch (error) {
          // A link to nothing named as a file the run checks is said: the officer sees its name in the
          // folder (an unpacked upload keeps the vendor's links), and it was not checked. A link loop
          // or an unreadable target is said too.
          const extension = path.extname(name).toLowerCase();
          if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (extensions.includes(extension) || unreadInputError(name, extensions, tables)) && isLink(full)) {
            problems.push({ path: full, error: inputError('dangling-link', '符号链接指向的文件不存在，未检查', 'symbolic link to a file that does not exist; not checked') });
          } else fail(full, error);
          continue;
        }
      }
      if (isDirectory) {
        stack.push(full);
        continue;
      }
      const extension = path.extname(name).toLowerCase();
      if (extensions.includes(extension)) {
        out.push(full);
        if (!plain) linked.add(full);
      } else {
        const error = unreadInputError(name, extensions, tables);
        const original = error ? undefined : backupOriginal(name, extensions, tables);
        if (error) unread.push({ path: full, error });
        // A backup beside its original is an older copy of a file checked here; alone it may be the only copy.
        else if (original !== undefined && !entries.some((e) => e.name === original)) unread.push({ path: full, error: loneBackupError(original) });
        else unreadFiles.push(full);
      }
    }
  }
  return { files: out, linked, unread, unreadFiles, problems, hidden, hiddenFolders };
}

/**
 * The names of a listing that are not valid UTF-8 (a zip made on Chinese Windows keeps GBK names,
 * which `unzip` writes as they are): Node decodes them with U+FFFD, and no file has that name. Undefined
 * when no name has a U+FFFD, as nearly always (the folder is then listed once).
 */
function undecodableNames(dir: string, entries: Dirent[]): ReadonlySet<string> | undefined {
  if (!entries.some((entry) => entry.name.includes('\uFFFD'))) return undefined;
  const names = new Set<string>();
  for (const raw of readdirSync(dir, { encoding: 'buffer' })) if (!isUtf8(raw)) names.add(raw.toString('utf8'));
  return names;
}

function undecodableNameError(): InputError {
  return inputError(
    'name-encoding',
    '名称不是有效的 UTF-8（可能是中文 Windows 上制作的压缩包中的 GBK 名称），无法按此名称打开，未检查：请改名（或用 unzip -O GBK 解压）后再检查',
    'the name is not valid UTF-8 (a GBK name from a zip made on Chinese Windows?) and cannot be opened by it; not checked: rename it (or unpack with unzip -O GBK) and check again',
  );
}

/** Whether an entry is a folder, or a link to one (a link to nothing is not). */
function isFolder(entry: Dirent, full: string): boolean {
  if (entry.isDirectory()) return true;
  if (entry.isFile()) return false;
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}


/** Whether the path is itself a symbolic link (still there, whatever its target). */
function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

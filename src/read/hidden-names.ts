import { closeSync, constants, readdirSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { inputError, type InputError } from './input-error.js';
import { readName, unreadInputError } from './unread-names.js';
import type { Bilingual } from '../util/i18n.js';

/**
 * Hidden entries (names starting with `.`) met by a folder walk. The walk does not read them, but a
 * hidden file named as an input (`.calls.csv`, `.dossier.yaml`) shows in Windows Explorer and in a
 * portal's upload list: the officer believes it was checked, so it is an input error, never a silent
 * skip. Hidden folders (`.git`, `.github`, `.vscode`) stay unread (a repository's workflow files are
 * no dossiers), and one holding files named as inputs is said in a warning.
 */

/** Version-control folders: their files are history, not uploads, and they are not looked into. */
const VERSION_CONTROL_FOLDERS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn']);

/** The walk has no limit of its own: the look into one hidden folder stops after this many entries or this depth. */
export const HIDDEN_FOLDER_LOOK = { entries: 10_000, depth: 16 } as const;

/** The first bytes of a macOS AppleDouble file (`._name`, the resource fork a Mac leaves beside a copied file). */
const APPLE_DOUBLE_MAGIC = [0x00, 0x05, 0x16, 0x07];

export function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/**
 * Whether a name, read as a reader reads it (unread-names.ts: NFKC, case, look-alike letters, trailing
 * dots and spaces), ends in one of `extensions` (a name that is only one, `.csv`, too), or is one the
 * walk reports unread (a compressed input, a spreadsheet tmcheck cannot read).
 */
export function namesInput(name: string, extensions: readonly string[], tables: boolean): boolean {
  const plain = readName(name);
  const extension = path.extname(plain) || plain;
  return extensions.includes(extension) || unreadInputError(name, extensions, tables) !== undefined;
}

/**
 * Whether a hidden file is left out of a walk without a word: an AppleDouble file (its name `._…` and
 * its first four bytes the AppleDouble magic) or a file not named as an input. A `._calls.csv` that is
 * no AppleDouble file is a hidden input like any other.
 */
export function hiddenFileSkipped(name: string, absolute: string, extensions: readonly string[], tables: boolean): boolean {
  if (!namesInput(name, extensions, tables)) return true;
  return name.startsWith('._') && startsWith(absolute, APPLE_DOUBLE_MAGIC);
}

export function hiddenInputError(): InputError {
  return inputError(
    'hidden-input',
    '隐藏文件（文件名以句点开头），名称表明是输入文件，未检查：请去掉文件名开头的句点，或将其移出被检查的文件夹',
    'a hidden file (its name starts with a dot) named as an input is not checked: rename it without the leading dot, or move it out of the folder',
  );
}

/** The warning about a hidden folder that holds files named as inputs (a report note on the folder, and a line on standard error). */
export const HIDDEN_FOLDER_NOTE: Bilingual = {
  zh: '隐藏文件夹（名称以句点开头）中有名称表明是输入文件的文件，未检查：tmcheck 不读取隐藏文件夹；需要检查的文件请移出该文件夹',
  en: 'a hidden folder (its name starts with a dot) holds files named as inputs, not checked: tmcheck does not read hidden folders; move the files to check out of it',
};

export function isHiddenFolderNote(message: Bilingual): boolean {
  return message.en === HIDDEN_FOLDER_NOTE.en;
}

/** Whether a hidden folder is looked into at all (version-control folders are not). */
export function hiddenFolderLooked(name: string): boolean {
  return !VERSION_CONTROL_FOLDERS.has(name);
}

/**
 * Whether a hidden folder holds, directly or below, a file named as an input. Bounded (HIDDEN_FOLDER_LOOK):
 * links to folders are not followed (so no loop), and a folder that cannot be listed is passed over.
 */
export function holdsInputs(folder: string, extensions: readonly string[], tables: boolean): boolean {
  let budget: number = HIDDEN_FOLDER_LOOK.entries;
  const stack: Array<{ dir: string; depth: number }> = [{ dir: folder, depth: 0 }];
  while (stack.length > 0 && budget > 0) {
    const { dir, depth } = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (--budget < 0) return false;
      if (entry.isDirectory()) {
        if (depth + 1 < HIDDEN_FOLDER_LOOK.depth && hiddenFolderLooked(entry.name)) stack.push({ dir: path.join(dir, entry.name), depth: depth + 1 });
      } else if (namesInput(entry.name, extensions, tables)) return true;
    }
  }
  return false;
}

/** Whether a regular file's first bytes are `bytes`; false on any error or for anything but a file. */
function startsWith(absolute: string, bytes: readonly number[]): boolean {
  let fd: number | undefined;
  try {
    // Non-blocking: a FIFO named `._x.csv` must not hang the walk.
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    const buffer = Buffer.alloc(bytes.length);
    const n = readSync(fd, buffer, 0, bytes.length, 0);
    return n === bytes.length && bytes.every((b, i) => buffer[i] === b);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

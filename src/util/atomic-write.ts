import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { trackTemp, untrackTemp } from './temp-files.js';

/**
 * Writes a whole file or nothing: the content goes to a temporary file in the same folder (so the
 * rename stays on one file system) and is renamed over the target. A reader never sees half a report.
 */
export function writeFileAtomic(target: string, content: string | Uint8Array): void {
  const dir = path.dirname(path.resolve(target));
  mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  trackTemp(temp);
  try {
    writeFileSync(temp, content, { flag: 'wx', mode: 0o644 });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  } finally {
    untrackTemp(temp);
  }
}

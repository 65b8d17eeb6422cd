import { linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { trackTemp, untrackTemp } from './temp-files.js';

/**
 * Writes a whole file or nothing: the content goes to a temporary file in the same folder (so the
 * rename stays on one file system) and is renamed over the target. A reader never sees half a report.
 */
export function writeFileAtomic(target: string, content: string | Uint8Array): void {
  writeThroughTemp(target, content, renameSync);
}

/**
 * Creates a file with its whole content, or fails with EEXIST if the name is taken, never
 * overwriting: the temporary file is hard-linked to the target (link(2) refuses an existing name
 * atomically, unlike rename(2)).
 */
export function writeNewFileAtomic(target: string, content: string | Uint8Array): void {
  writeThroughTemp(target, content, linkSync);
}

/**
 * Writes the content to a fresh temporary file beside the target, then lets `publish` put it in
 * place. The temporary name is always removed (after a rename it is already gone) and is tracked
 * meanwhile, so an interrupted run removes it too.
 */
function writeThroughTemp(target: string, content: string | Uint8Array, publish: (temp: string, target: string) => void): void {
  const absolute = path.resolve(target);
  const dir = path.dirname(absolute);
  mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(absolute)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  trackTemp(temp);
  try {
    writeFileSync(temp, content, { flag: 'wx', mode: 0o644 });
    publish(temp, absolute);
  } finally {
    rmSync(temp, { force: true });
    untrackTemp(temp);
  }
}

import { linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { trackTemp, untrackTemp } from './temp-files.js';

/**
 * Creates a file with its whole content, or fails with EEXIST if the name is taken, never
 * overwriting: the content goes to a temporary file in the same folder, which is then hard-linked
 * to the target (link(2) refuses an existing name atomically, unlike rename(2)).
 */
export function writeNewFileAtomic(target: string, content: string | Uint8Array): void {
  const absolute = path.resolve(target);
  const dir = path.dirname(absolute);
  mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(absolute)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  trackTemp(temp);
  try {
    writeFileSync(temp, content, { flag: 'wx', mode: 0o644 });
    linkSync(temp, absolute);
  } finally {
    rmSync(temp, { force: true });
    untrackTemp(temp);
  }
}

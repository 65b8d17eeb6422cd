import { rmSync } from 'node:fs';

/**
 * Temporary files that are being written and not yet renamed into place. A signal handler removes
 * them, so an interrupted run leaves neither a partial report nor a stray temporary file.
 */
const pending = new Set<string>();

export function trackTemp(file: string): void {
  pending.add(file);
}

export function untrackTemp(file: string): void {
  pending.delete(file);
}

export function removePendingTemps(): void {
  for (const file of pending) rmSync(file, { force: true });
  pending.clear();
}

import { removePendingTemps } from '../util/temp-files.js';

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/**
 * Ctrl-C (or a CI job's SIGTERM) ends the run with 128 + the signal number and leaves no partial
 * output: a JavaScript handler runs only between synchronous steps, so a report being written
 * (write to a temporary file, then rename) is finished first, and any temporary file still
 * pending is removed. Without a handler Node would die mid-write and leave the temporary file.
 * Installed by bin/tmcheck.js only: in-process callers of main() keep their own signal handling.
 */
export function exitCleanlyOnSignals(): void {
  for (const [signal, number] of Object.entries(SIGNALS)) {
    process.once(signal, () => {
      removePendingTemps();
      process.exit(128 + number);
    });
  }
}

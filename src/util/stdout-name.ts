/**
 * The name that means standard output wherever tmcheck writes a file (`-o -`, `-f json=-`,
 * `--write-baseline -`, `merge -o -`, `init dossier -`, and `output`/`formats` in the config file),
 * as for most command-line tools. A file really named `-` is written as `./-`.
 */
export const STDOUT_NAME = '-';

/** Whether an output name (undefined: none given) means standard output. */
export function namesStdout(file: string | undefined): boolean {
  return file === undefined || file === STDOUT_NAME;
}

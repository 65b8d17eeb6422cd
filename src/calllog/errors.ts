import type { InputError } from '../read/input-error.js';

/** A problem that makes a whole call log uncheckable (unreadable file, bad header, endless line). */
export class CallLogInputError extends Error {
  constructor(readonly error: InputError) {
    super(error.message.en);
    this.name = 'CallLogInputError';
  }
}

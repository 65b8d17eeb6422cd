import * as crypto from 'node:crypto';

// crypto.hash (Node 20.12+) hashes in one call, without a Hash object: a third of the cost for the
// small files a --cache run hashes by the thousand. Older Node 20 releases take the long way.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array) => string }).hash;

export function sha256(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data) : crypto.createHash('sha256').update(data).digest('hex');
}

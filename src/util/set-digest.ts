import { sha256 } from './hash.js';

/** 2^128: digests are sums of 128-bit values, kept below it. */
const MODULUS = 1n << 128n;

/**
 * An order-free digest of a set of texts: the sum, mod 2^128, of the first 128 bits of each text's
 * SHA-256, as 32 hex digits. Digests of disjoint sets add up (addDigests) to the digest of their
 * union, so the parts of a split can each record theirs and a merge can compare a whole set with
 * its parts without any of them listing it.
 */
export function setDigest(texts: Iterable<string>): string {
  let sum = 0n;
  for (const text of texts) sum = (sum + BigInt(`0x${sha256(text).slice(0, 32)}`)) % MODULUS;
  return hex(sum);
}

/** The digest of the union of disjoint sets, from their digests. */
export function addDigests(digests: Iterable<string>): string {
  let sum = 0n;
  for (const digest of digests) sum = (sum + BigInt(`0x${digest}`)) % MODULUS;
  return hex(sum);
}

const hex = (value: bigint) => value.toString(16).padStart(32, '0');

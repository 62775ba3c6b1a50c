import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret for tokens and links: 256 bits, URL-safe. */
export function randomSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * High-entropy secrets (session ids, API tokens, invitation tokens, recovery codes) are
 * stored as SHA-256: a slow hash adds nothing when the input is 256 random bits.
 */
export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

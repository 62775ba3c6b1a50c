import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Clearinghouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The key is the whole secret string as shown (`whsec_…`, UTF-8). The timestamp is signed with
 * the body, so a receiver that refuses timestamps older than the replay window (5 minutes) cannot
 * be fed an old request again.
 */

export const SIGNATURE_HEADER = 'X-Clearinghouse-Signature';
export const REPLAY_WINDOW_SECONDS = 5 * 60;

export function signatureDigest(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string | Buffer): string {
  return `t=${timestamp},v1=${signatureDigest(secret, timestamp, body)}`;
}

/**
 * What a receiver does (and what our tests do): parse the header, check the timestamp is within
 * the window, recompute and compare in constant time. Several `v1=` values are accepted, for a
 * receiver checking against an old and a new secret during rotation.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string | Buffer,
  nowSeconds: number,
  windowSeconds = REPLAY_WINDOW_SECONDS,
): boolean {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || Math.abs(nowSeconds - timestamp) > windowSeconds) return false;
  const expected = Buffer.from(signatureDigest(secret, timestamp, body), 'hex');
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}

import canonicalizeModule from 'canonicalize';

// The package is CommonJS whose typings declare an ES default; at run time the default is the function.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;
import { sha256Hex } from '../../lib/secrets.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event the hash covers: all of them, and the previous event's hash. */
export interface ChainedContent {
  seq: number;
  id: string;
  occurredAt: string;
  action: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorIp: string | null;
  organizationId: string | null;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  prevHash: string;
}

/**
 * SHA-256 over the RFC 8785 canonical JSON of the event, so the hash does not depend on key
 * order or on how either database stores JSON.
 */
export function hashEvent(content: ChainedContent): string {
  const canonical = canonicalize(content);
  if (canonical === undefined) throw new Error('audit event cannot be canonicalized');
  return sha256Hex(canonical);
}

export type ChainVerdict =
  | { ok: true; checked: number; head: string }
  | {
      ok: false;
      checked: number;
      brokenAt: number;
      reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap' | 'truncated' | 'anchor_mismatch';
    };

/** Walks events in sequence order; reports the first event whose link does not hold. */
export function verifyChain(
  events: Iterable<ChainedContent & { hash: string }>,
  start = { seq: 0, hash: GENESIS_HASH },
) {
  let expectedSeq = start.seq + 1;
  let prev = start.hash;
  let checked = 0;
  for (const e of events) {
    if (e.seq !== expectedSeq)
      return { ok: false, checked, brokenAt: e.seq, reason: 'sequence_gap' } as const;
    if (e.prevHash !== prev)
      return { ok: false, checked, brokenAt: e.seq, reason: 'prev_hash_mismatch' } as const;
    const { hash, ...content } = e;
    if (hashEvent(content) !== hash)
      return { ok: false, checked, brokenAt: e.seq, reason: 'hash_mismatch' } as const;
    prev = hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked, head: prev } as const;
}

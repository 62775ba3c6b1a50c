import { createHash } from 'node:crypto';
import { decodeTime, isValid, ulid } from 'ulid';
import { ID_PREFIXES, type Id, type IdKind } from '@clearinghouse/shared';

/**
 * A prefixed id that is the same every time it is asked for with the same `origin` and `key`, so
 * work that may run twice (a job re-run after its lease ran out) writes a row it already wrote
 * under the same id, and an insert-or-ignore keeps just one.
 *
 * It looks like every other id (`ntf_01…`): the time part is the origin's own (a job id's ULID
 * time, so the rows still sort by when the work was asked for), the rest comes from SHA-256 of
 * the kind, the origin and the key. An origin that is not a prefixed ULID gives the earliest time.
 */
export function derivedId<K extends IdKind>(kind: K, origin: string, key: string): Id<K> {
  const body = origin.slice(origin.indexOf('_') + 1);
  // At least 1 ms: ulid() takes a zero time to mean "now", which would not repeat.
  const time = Math.max(1, isValid(body) ? decodeTime(body) : 1);
  const digest = createHash('sha256').update(`${kind}\u0000${origin}\u0000${key}`).digest();
  let next = 0;
  // ulid() draws one value in [0, 1) per random character; each comes from the next digest byte.
  const fromDigest = () => (digest[next++ % digest.length] ?? 0) / 256;
  return `${ID_PREFIXES[kind]}_${ulid(time, fromDigest)}` as Id<K>;
}

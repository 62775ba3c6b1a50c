import { monotonicFactory } from 'ulid';
import { ID_PREFIXES, type Id, type IdKind } from '@clearinghouse/shared';

const nextUlid = monotonicFactory();

/** A new prefixed, time-sortable id, e.g. `usr_01JD…`. */
export function newId<K extends IdKind>(kind: K): Id<K> {
  return `${ID_PREFIXES[kind]}_${nextUlid()}` as Id<K>;
}

import type { MembershipRecord, UserRecord } from './users.repository.js';

/** What a credential (session or API token) resolves to, as loaded from the database. */
export interface Identity<C> {
  generation: number;
  user: UserRecord;
  memberships: MembershipRecord[];
  /** When the credential stops working (ISO instant), or null for never. */
  expiresAt: string | null;
  credential: C;
}

/**
 * Identities cached per credential and trusted only while the database's auth generation
 * (moved by triggers on every identity change: roles, memberships, revocations, removed
 * sessions) is unchanged, so the hot path costs one small read instead of five.
 */
export class IdentityCache<C> {
  private readonly entries = new Map<string, Identity<C>>();

  constructor(private readonly max = 10_000) {}

  /**
   * The live identity for `key`: from the cache when its generation is current, else from
   * `load` (which answers undefined for an unknown, revoked or disabled credential).
   * `generation` must be read before `load` runs, so a change landing in between forces a reload.
   */
  /** The cached identity when it is current and unexpired, without loading anything. */
  peek(key: string, generation: number, now: string): Identity<C> | undefined {
    const entry = this.entries.get(key);
    if (entry?.generation !== generation) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= now) return undefined;
    return entry;
  }

  async resolve(
    key: string,
    generation: number,
    now: string,
    load: () => Promise<Omit<Identity<C>, 'generation'> | undefined>,
  ): Promise<Identity<C> | undefined> {
    let entry = this.entries.get(key);
    if (entry?.generation !== generation) {
      const loaded = await load();
      if (!loaded || loaded.user.disabledAt !== null) {
        this.entries.delete(key);
        return undefined;
      }
      entry = { ...loaded, generation };
      if (this.entries.size >= this.max) this.entries.clear();
      this.entries.set(key, entry);
    }
    if (entry.expiresAt !== null && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

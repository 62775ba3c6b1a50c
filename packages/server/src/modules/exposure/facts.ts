import { mergeVulnerability, type StoredVulnerability } from './ranking.js';

/**
 * Vulnerability facts are kept per source and merged for each reader over the sources that reader may
 * read: an AMBER advisory's title, exploitation or fix never reach a CLEAR reader through a CVE id
 * another, public source shares. Our own advisories come first, so their title wins.
 */
export interface SourceFact {
  sourceId: string;
  vulnKey: string;
  summary: unknown;
}

export function mergeFacts(
  rows: readonly SourceFact[],
  allowed: (sourceId: string) => boolean,
): Map<string, StoredVulnerability> {
  const out = new Map<string, StoredVulnerability>();
  const ordered = [...rows].sort(
    (a, b) => Number(!a.sourceId.startsWith('advisory:')) - Number(!b.sourceId.startsWith('advisory:')),
  );
  for (const r of ordered) {
    if (!allowed(r.sourceId)) continue;
    out.set(r.vulnKey, mergeVulnerability(out.get(r.vulnKey), r.summary as StoredVulnerability));
  }
  return out;
}

/** The facts of one exposure: its vulnerability as told by its own sources that the org may read. */
export function factsOf(
  rows: readonly SourceFact[],
  vulnKey: string,
  sourceIds: readonly string[],
): StoredVulnerability | undefined {
  return mergeFacts(
    rows.filter((r) => r.vulnKey === vulnKey),
    (id) => sourceIds.includes(id),
  ).get(vulnKey);
}

import { z } from 'zod';

/** Traffic Light Protocol 2.0 labels, from least to most restrictive. */
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export const Tlp = z.enum(TLP_LABELS);
export type Tlp = z.infer<typeof Tlp>;

export function tlpRank(label: Tlp): number {
  return TLP_LABELS.indexOf(label);
}

/** When several labels apply to one object, the most restrictive one wins. */
export function mostRestrictiveTlp(labels: readonly Tlp[]): Tlp {
  if (labels.length === 0) throw new Error('mostRestrictiveTlp needs at least one label');
  return labels.reduce((a, b) => (tlpRank(b) > tlpRank(a) ? b : a));
}

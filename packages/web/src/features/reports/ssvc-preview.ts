import type { SsvcInput, SsvcResult } from '@clearinghouse/shared';

type Decision = SsvcResult['decision'];

/**
 * The CISA coordinator tree (SSVC `cisa:DT_CO:2.0.3`), for a preview while the form is filled in
 * only: the server decides, and what it saved is what counts. Keyed by exploitation, automatable
 * and technical impact; each entry gives the decision for low, medium and high mission and
 * well-being impact.
 */
const TREE: Record<
  `${SsvcInput['exploitation']}/${SsvcInput['automatable']}/${SsvcInput['technicalImpact']}`,
  readonly [Decision, Decision, Decision]
> = {
  'none/no/partial': ['track', 'track', 'track'],
  'none/no/total': ['track', 'track', 'track_star'],
  'none/yes/partial': ['track', 'track', 'attend'],
  'none/yes/total': ['track', 'track', 'attend'],
  'public_poc/no/partial': ['track', 'track', 'track_star'],
  'public_poc/no/total': ['track', 'track_star', 'attend'],
  'public_poc/yes/partial': ['track', 'track', 'attend'],
  'public_poc/yes/total': ['track', 'track_star', 'attend'],
  'active/no/partial': ['track', 'track', 'attend'],
  'active/no/total': ['track', 'attend', 'act'],
  'active/yes/partial': ['attend', 'attend', 'act'],
  'active/yes/total': ['attend', 'act', 'act'],
};

const MISSION_INDEX: Record<SsvcInput['missionWellbeing'], 0 | 1 | 2> = { low: 0, medium: 1, high: 2 };

export function previewSsvcDecision(input: SsvcInput): Decision {
  return TREE[`${input.exploitation}/${input.automatable}/${input.technicalImpact}`][
    MISSION_INDEX[input.missionWellbeing]
  ];
}

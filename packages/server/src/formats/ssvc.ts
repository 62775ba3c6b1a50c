/**
 * SSVC: the CISA coordinator decision tree, version 2.0.3 (CERT/CC SSVC decision table
 * `cisa:DT_CO:2.0.3`). Four decision points decide one of four CISA levels:
 *
 * - Exploitation (ssvc:E:1.1.0): none, public PoC, active
 * - Automatable (ssvc:A:2.0.0): no, yes
 * - Technical Impact (ssvc:TI:1.0.0): partial, total
 * - Mission and Well-Being Impact (ssvc:MWI:1.0.0): low, medium, high
 * - outcome, CISA Levels (cisa:CISA:1.1.0): track, track*, attend, act
 *
 * The table is written out below rather than read from the published data, so the server carries no
 * data files; the unit tests check it against every row of the published CSV and JSON.
 */

export const SSVC_TREE = {
  namespace: 'cisa',
  key: 'DT_CO',
  version: '2.0.3',
  name: 'CISA Coordinator',
} as const;

export const SSVC_EXPLOITATION = ['none', 'public_poc', 'active'] as const;
export type SsvcExploitation = (typeof SSVC_EXPLOITATION)[number];

export const SSVC_AUTOMATABLE = ['no', 'yes'] as const;
export type SsvcAutomatable = (typeof SSVC_AUTOMATABLE)[number];

export const SSVC_TECHNICAL_IMPACT = ['partial', 'total'] as const;
export type SsvcTechnicalImpact = (typeof SSVC_TECHNICAL_IMPACT)[number];

export const SSVC_MISSION_WELLBEING = ['low', 'medium', 'high'] as const;
export type SsvcMissionWellbeing = (typeof SSVC_MISSION_WELLBEING)[number];

/** From least to most urgent. `track_star` is the CISA level written "Track*". */
export const SSVC_DECISIONS = ['track', 'track_star', 'attend', 'act'] as const;
export type SsvcDecision = (typeof SSVC_DECISIONS)[number];

export interface SsvcInput {
  readonly exploitation: SsvcExploitation;
  readonly automatable: SsvcAutomatable;
  readonly technicalImpact: SsvcTechnicalImpact;
  readonly missionWellbeing: SsvcMissionWellbeing;
}

/** One row of the tree for fixed exploitation, automatable and technical impact: low, medium, high. */
type ByMission = Readonly<Record<SsvcMissionWellbeing, SsvcDecision>>;
const row = (low: SsvcDecision, medium: SsvcDecision, high: SsvcDecision): ByMission => ({
  low,
  medium,
  high,
});

/** exploitation → automatable → technical impact → mission and well-being → decision. */
const TREE: Readonly<
  Record<SsvcExploitation, Record<SsvcAutomatable, Record<SsvcTechnicalImpact, ByMission>>>
> = {
  none: {
    no: { partial: row('track', 'track', 'track'), total: row('track', 'track', 'track_star') },
    yes: { partial: row('track', 'track', 'attend'), total: row('track', 'track', 'attend') },
  },
  public_poc: {
    no: { partial: row('track', 'track', 'track_star'), total: row('track', 'track_star', 'attend') },
    yes: { partial: row('track', 'track', 'attend'), total: row('track', 'track_star', 'attend') },
  },
  active: {
    no: { partial: row('track', 'track', 'attend'), total: row('track', 'attend', 'act') },
    yes: { partial: row('attend', 'attend', 'act'), total: row('attend', 'act', 'act') },
  },
};

/** The CISA coordinator decision for one set of decision-point values. */
export function decideSsvc(input: SsvcInput): SsvcDecision {
  return TREE[input.exploitation][input.automatable][input.technicalImpact][input.missionWellbeing];
}

const EXPLOITATION_CODE: Readonly<Record<SsvcExploitation, string>> = {
  none: 'N',
  public_poc: 'P',
  active: 'A',
};
const AUTOMATABLE_CODE: Readonly<Record<SsvcAutomatable, string>> = { no: 'N', yes: 'Y' };
const TECHNICAL_IMPACT_CODE: Readonly<Record<SsvcTechnicalImpact, string>> = { partial: 'P', total: 'T' };
const MISSION_WELLBEING_CODE: Readonly<Record<SsvcMissionWellbeing, string>> = {
  low: 'L',
  medium: 'M',
  high: 'H',
};
const DECISION_CODE: Readonly<Record<SsvcDecision, string>> = {
  track: 'T',
  track_star: 'R',
  attend: 'A',
  act: 'C',
};

/**
 * The SSVC abbreviated form ("vector") of a decision, for labels in tables and charts, for example
 * `SSVCv2/E:A/A:Y/T:T/M:H/D:C/2026-11-27T00:00:00Z/`.
 *
 * The form follows CERT/CC's SSVC guidance ("Communicating Results": an `SSVCv2/` prefix,
 * `point:value` pairs, an RFC 3339 time, a closing `/`) with the letters in common use for the CISA
 * tree: E (Exploitation: N, P, A), A (Automatable: N, Y), T (Technical Impact: P, T), M (Mission &
 * Well-being: L, M, H) and D (Decision: T track, R track*, A attend, C act), in the tree's order
 * rather than sorted. The time is UTC to the second. The decision is written as given, so
 * a coordinator's override of the tree's outcome is recorded as made. The JSON decision record, not
 * this string, is what should be stored and exchanged.
 */
export function ssvcVector(input: SsvcInput, decision: SsvcDecision, timestamp: Date | string): string {
  const time = new Date(timestamp);
  if (Number.isNaN(time.getTime())) throw new RangeError(`invalid SSVC timestamp: ${String(timestamp)}`);
  return [
    'SSVCv2',
    `E:${EXPLOITATION_CODE[input.exploitation]}`,
    `A:${AUTOMATABLE_CODE[input.automatable]}`,
    `T:${TECHNICAL_IMPACT_CODE[input.technicalImpact]}`,
    `M:${MISSION_WELLBEING_CODE[input.missionWellbeing]}`,
    `D:${DECISION_CODE[decision]}`,
    `${time.toISOString().slice(0, 19)}Z`,
    '',
  ].join('/');
}

import type {
  CvssScore,
  DiscoveryMethod,
  ReportStatus,
  ReportSummary,
  SsvcInput,
  SsvcResult,
  Tlp,
} from '@clearinghouse/shared';

export const STATUS_LABELS: Record<ReportStatus, string> = {
  received: 'Received',
  needs_info: 'Needs information',
  valid: 'Valid',
  invalid: 'Invalid',
  duplicate: 'Duplicate',
  accepted: 'Accepted',
  deferred: 'Deferred',
  closed: 'Closed',
};

/** What a triage button says for moving a report to that status. */
export const TRANSITION_LABELS: Record<ReportStatus, string> = {
  received: 'Return to the queue',
  needs_info: 'Ask for information',
  valid: 'Mark valid',
  invalid: 'Mark invalid',
  duplicate: 'Mark as duplicate',
  accepted: 'Accept into a case',
  deferred: 'Defer',
  closed: 'Close',
};

/** The moves that need a reason, which the reporter reads. */
export const REASON_REQUIRED: readonly ReportStatus[] = ['needs_info', 'invalid', 'deferred', 'closed'];

export const DISCOVERY_METHOD_LABELS: Record<DiscoveryMethod, string> = {
  manual: 'Manual research',
  tool_assisted: 'With a tool',
  ai_assisted: 'AI-assisted',
  ai_autonomous: 'AI-autonomous',
};

export const DISCOVERY_METHOD_HINTS: Record<DiscoveryMethod, string> = {
  manual: 'You found it yourself: reading code, testing, reverse engineering.',
  tool_assisted: 'A scanner, fuzzer or static analyser found it, and you looked into it.',
  ai_assisted: 'An AI model helped you find or confirm it.',
  ai_autonomous: 'An AI system or agent found it on its own.',
};

export function isAiDiscovery(method: DiscoveryMethod | ''): boolean {
  return method === 'ai_assisted' || method === 'ai_autonomous';
}

/** TLP 2.0 in one plain line each: who may see what you tell us. */
export const TLP_EXPLANATIONS: Record<Tlp, string> = {
  CLEAR: 'Anyone, with no limit: it may be published.',
  GREEN: 'The security community, but not the public.',
  AMBER: 'Only the organizations that need it to protect themselves, and their clients.',
  'AMBER+STRICT': 'Only the organizations that need it, not their clients.',
  RED: 'Only the people named on it, and no one else.',
};

export const CREDIT_LABELS = {
  name: 'By my name',
  handle: 'By a handle or alias',
  anonymous: 'Do not credit me',
} as const;

export const SSVC_LABELS = {
  exploitation: { none: 'None', public_poc: 'Public proof of concept', active: 'Active' },
  automatable: { no: 'No', yes: 'Yes' },
  technicalImpact: { partial: 'Partial', total: 'Total' },
  missionWellbeing: { low: 'Low', medium: 'Medium', high: 'High' },
} as const satisfies { [K in keyof SsvcInput]: Record<SsvcInput[K], string> };

export const SSVC_DECISION_LABELS: Record<SsvcResult['decision'], string> = {
  track: 'Track',
  track_star: 'Track*',
  attend: 'Attend',
  act: 'Act',
};

/** What each CISA decision asks of the coordinator, in a line. */
export const SSVC_DECISION_HINTS: Record<SsvcResult['decision'], string> = {
  track: 'Nothing to do now; remediate within standard update timelines.',
  track_star: 'Watch it closely for changes; remediate within standard update timelines.',
  attend: 'Needs attention from senior staff; remediate sooner than standard timelines.',
  act: 'Needs immediate action from senior leadership; remediate as soon as possible.',
};

export const SEVERITY_LABELS: Record<CvssScore['severity'], string> = {
  NONE: 'None',
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  CRITICAL: 'Critical',
};

export const SOURCE_LABELS: Record<ReportSummary['source'], string> = {
  web: 'web form',
  api: 'API',
  sarif: 'SARIF upload',
};

/** "9.8 Critical". */
export function formatCvss(score: CvssScore): string {
  return `${score.baseScore.toFixed(1)} ${SEVERITY_LABELS[score.severity]}`;
}

/** How long ago: "12 minutes", "5 hours", "3 days". */
export function formatAge(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours === 1 ? '1 hour' : `${hours} hours`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

import type { Exposure, ExposureStatus, PriorityTier, VexJustification } from '@clearinghouse/shared';

export const PRIORITY_TIER_LABELS: Record<PriorityTier, string> = {
  exploited: 'Known exploited',
  act: 'Act',
  attend: 'Attend',
  track: 'Track',
};

/** What each tier asks of an operator, in a line. */
export const PRIORITY_TIER_HINTS: Record<PriorityTier, string> = {
  exploited: 'Attackers are using this now. Fix it first.',
  act: 'Act as soon as you can (SSVC decision Act).',
  attend: 'Plan the fix sooner than your usual update cycle (SSVC decision Attend).',
  track: 'Fix within your usual update cycle.',
};

export const EXPOSURE_STATUS_LABELS: Record<ExposureStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  remediated: 'Remediated',
  mitigated: 'Mitigated',
  not_affected: 'Not affected',
  risk_accepted: 'Risk accepted',
};

/** CISA's VEX justifications, as an operator would say them about what they run. */
export const VEX_JUSTIFICATION_LABELS: Record<VexJustification, string> = {
  component_not_present: 'The vulnerable component is not actually in what we run',
  vulnerable_code_not_present: 'Our version does not contain the vulnerable code',
  vulnerable_code_cannot_be_controlled_by_adversary:
    'An attacker cannot reach or control the vulnerable code',
  vulnerable_code_not_in_execute_path: 'The vulnerable code is never run in our set-up',
  inline_mitigations_already_exist: 'Protections already in place block the attack',
};

/** How sure the match is, in plain words. */
export const CONFIDENCE_EXPLANATIONS: Record<Exposure['confidence'], string> = {
  purl: 'Exact match: the package URL (name and version) you listed is one the advisory names as affected.',
  cpe: 'Strong match: the CPE product identifier and version you listed are named as affected.',
  model: 'Likely match: the vendor and model number you listed are named as affected.',
  name: 'Possible match: only the product name and version look alike. Check that it really is the same product.',
};

export const TRIAGE_LABELS: Record<Exposure['triage'], string> = {
  auto: 'Shown automatically',
  promoted: 'Promoted by your organization',
  dismissed: 'Dismissed by your organization',
};

/** "Acme Infusion Pump 4.1.0" — vendor, name and version, as a person reads them. */
export function componentLabel(
  component: Pick<Exposure['component'], 'vendor' | 'name' | 'version'>,
): string {
  return [component.vendor, component.name, component.version].filter(Boolean).join(' ');
}

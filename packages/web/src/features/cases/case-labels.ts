import type {
  CaseStatus,
  CaseSummary,
  Embargo,
  ParticipantRole,
  ParticipantStatus,
  StatementStatus,
  VendorSuggestion,
  VexJustification,
} from '@clearinghouse/shared';

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  active: 'Active',
  published: 'Published',
  closed: 'Closed',
};

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, string> = {
  vendor: 'Vendor',
  reporter: 'Reporter',
  coordinator: 'Coordinator',
  observer: 'Observer',
};

/** "You take part as …" in the list of cases. */
export const MY_ROLE_LABELS: Record<NonNullable<CaseSummary['myRole']>, string> = {
  ...PARTICIPANT_ROLE_LABELS,
  staff: 'Clearinghouse coordinator',
};

export const PARTICIPANT_STATUS_LABELS: Record<ParticipantStatus, string> = {
  proposed: 'Proposed, awaiting a coordinator',
  invited: 'Invited',
  active: 'Taking part',
  declined: 'Declined',
  rejected: 'Proposal rejected',
  removed: 'Removed',
};

export const STATEMENT_STATUS_LABELS: Record<StatementStatus | 'unknown', string> = {
  affected: 'Affected',
  not_affected: 'Not affected',
  fixed: 'Fixed',
  under_investigation: 'Under investigation',
  unknown: 'Unknown',
};

/** What each status means, for the vendor choosing it. */
export const STATEMENT_STATUS_HINTS: Record<StatementStatus, string> = {
  affected: 'The product is vulnerable and no fix is available yet.',
  not_affected: 'The product is not vulnerable. Say why with a VEX justification.',
  fixed: 'A version or patch fixes it. Give the fixed versions or a patch link.',
  under_investigation: 'You are still finding out whether the product is affected.',
};

/** CISA's VEX justifications, in words. */
export const VEX_JUSTIFICATION_LABELS: Record<VexJustification, string> = {
  component_not_present: 'The vulnerable component is not present',
  vulnerable_code_not_present: 'The vulnerable code is not present',
  vulnerable_code_cannot_be_controlled_by_adversary:
    'The vulnerable code cannot be controlled by an attacker',
  vulnerable_code_not_in_execute_path: 'The vulnerable code is not in the execute path',
  inline_mitigations_already_exist: 'Inline mitigations already exist',
};

export const EMBARGO_STATUS_LABELS: Record<Embargo['status'], string> = {
  proposed: 'Proposed',
  active: 'Agreed (active)',
  rejected: 'Rejected',
  superseded: 'Superseded',
  withdrawn: 'Withdrawn',
};

/** Why a vendor is suggested: which of its listed products matched, and how. */
export const SUGGESTION_MATCH_LABELS: Record<VendorSuggestion['matches'][number]['on'], string> = {
  purl: 'package URL',
  cpe: 'CPE name',
  name: 'vendor name',
};

import type {
  AdvisoryProfile,
  AdvisoryStatus,
  ImportIntegrity,
  ImportOutcome,
  RemediationCategory,
} from '@clearinghouse/shared';

export const ADVISORY_STATUS_LABELS: Record<AdvisoryStatus, string> = {
  draft: 'Draft',
  review: 'In review',
  approved: 'Approved',
  released: 'Released',
};

/** What each step means, for the coordinator moving an advisory along. */
export const ADVISORY_STATUS_HINTS: Record<AdvisoryStatus, string> = {
  draft: 'Only clearinghouse coordinators see it. Edit it until it is ready.',
  review: 'The organizations taking part in the case can read it and comment in the case.',
  approved: 'It will be published by itself when the embargo ends.',
  released: 'It is published. Saving changes makes a new revision to release.',
};

export const PROFILE_LABELS: Record<AdvisoryProfile, string> = {
  csaf_security_advisory: 'Security advisory',
  csaf_vex: 'VEX statement (product status only)',
};

export const REMEDIATION_CATEGORY_LABELS: Record<RemediationCategory, string> = {
  vendor_fix: 'Vendor fix (update or patch)',
  workaround: 'Workaround',
  mitigation: 'Mitigation',
  none_available: 'No fix available',
  no_fix_planned: 'No fix planned',
};

export const REFERENCE_CATEGORY_LABELS: Record<'external' | 'self', string> = {
  external: 'Elsewhere',
  self: 'This advisory',
};

export const IMPORT_OUTCOME_LABELS: Record<ImportOutcome['outcome'], string> = {
  inserted: 'Inserted',
  updated: 'Updated',
  unchanged: 'Unchanged',
  rejected: 'Rejected',
};

export const INTEGRITY_LABELS: Record<ImportIntegrity['sha256'], string> = {
  verified: 'verified',
  mismatch: 'does not match',
  absent: 'not published',
  unavailable: 'could not be fetched',
};

export const SIGNATURE_LABELS: Record<ImportIntegrity['signature'], string> = {
  verified: 'verified',
  bad: 'bad signature',
  absent: 'not signed',
  unknown_key: 'unknown key',
  unavailable: 'could not be fetched',
};

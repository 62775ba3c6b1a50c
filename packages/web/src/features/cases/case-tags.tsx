import { Tag } from '@trussworks/react-uswds';
import type { CaseStatus, Embargo, StatementStatus } from '@clearinghouse/shared';
import { CASE_STATUS_LABELS, EMBARGO_STATUS_LABELS, STATEMENT_STATUS_LABELS } from './case-labels';

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  return <Tag className={`case-status case-status--${status}`}>{CASE_STATUS_LABELS[status]}</Tag>;
}

/** A vendor's status, always in words: the colour only repeats them. */
export function StatementStatusTag({ status }: { status: StatementStatus | 'unknown' }) {
  return (
    <Tag className={`statement-status statement-status--${status.replace('_', '-')}`}>
      {STATEMENT_STATUS_LABELS[status]}
    </Tag>
  );
}

export function EmbargoStatusTag({ status }: { status: Embargo['status'] }) {
  return <Tag className={`embargo-status embargo-status--${status}`}>{EMBARGO_STATUS_LABELS[status]}</Tag>;
}

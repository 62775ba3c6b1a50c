import { Tag } from '@trussworks/react-uswds';
import type { AdvisoryStatus } from '@clearinghouse/shared';
import { ADVISORY_STATUS_LABELS } from './advisory-labels';

/** An advisory's step, always in words: the colour only repeats them. */
export function AdvisoryStatusTag({ status }: { status: AdvisoryStatus }) {
  return <Tag className={`advisory-status advisory-status--${status}`}>{ADVISORY_STATUS_LABELS[status]}</Tag>;
}

import { Tag } from '@trussworks/react-uswds';
import type { ExposureStatus, PriorityTier } from '@clearinghouse/shared';
import { EXPOSURE_STATUS_LABELS, PRIORITY_TIER_LABELS } from './exposure-labels';

/** The tier, always in words: the colour only repeats them. */
export function PriorityTag({ tier }: { tier: PriorityTier }) {
  return <Tag className={`priority-tag priority-tag--${tier}`}>{PRIORITY_TIER_LABELS[tier]}</Tag>;
}

export function ExposureStatusTag({ status }: { status: ExposureStatus }) {
  return (
    <Tag className={`exposure-status exposure-status--${status.replace('_', '-')}`}>
      {EXPOSURE_STATUS_LABELS[status]}
    </Tag>
  );
}

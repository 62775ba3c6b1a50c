import { Tag } from '@trussworks/react-uswds';
import type { ReportStatus, ResponseTimes, SsvcResult, Tlp } from '@clearinghouse/shared';
import { SSVC_DECISION_LABELS, STATUS_LABELS } from './report-labels';

export function StatusTag({ status }: { status: ReportStatus }) {
  return <Tag className={`report-status report-status--${status}`}>{STATUS_LABELS[status]}</Tag>;
}

/** TLP 2.0 labels look as the standard draws them: the colour on black, "TLP:" included. */
export function TlpTag({ tlp }: { tlp: Tlp }) {
  const modifier = tlp.toLowerCase().replace('+', '-');
  return <Tag className={`tlp-tag tlp-tag--${modifier}`}>TLP:{tlp}</Tag>;
}

export function SsvcTag({ decision }: { decision: SsvcResult['decision'] }) {
  return (
    <Tag className={`ssvc-tag ssvc-tag--${decision.replace('_', '-')}`}>
      SSVC: {SSVC_DECISION_LABELS[decision]}
    </Tag>
  );
}

/** "First response overdue", "Triage overdue": only what is late. */
export function OverdueTags({ times }: { times: ResponseTimes }) {
  return (
    <>
      {times.firstResponseOverdue && <Tag className="overdue-tag">First response overdue</Tag>}{' '}
      {times.triageOverdue && <Tag className="overdue-tag">Triage overdue</Tag>}{' '}
    </>
  );
}

export function ExploitedTag() {
  return <Tag className="overdue-tag">Exploited in the wild</Tag>;
}

import { Button } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Report } from '@clearinghouse/shared';
import { AssignmentPanel } from './assignment-panel';
import { AttachmentsSection } from './report-attachments';
import { Conversation } from './report-conversation';
import {
  ProductsTable,
  ReportFacts,
  ReportTagsRow,
  ResponseTimesList,
  ValidationSummary,
} from './report-details';
import { attachmentUrl, useAddMessage, useReport, useUploadAttachment } from './reports.api';
import { TriageActions } from './triage-actions';
import { ValidationForm } from './validation-form';
import { isApiError } from '../../app/api';
import { isTriageStaff, useSession } from '../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { Markdown } from '../../components/markdown';
import { PageHeading } from '../../components/page-heading';
import { LiveRegion, Loading, SuccessMessage } from '../../components/status-message';
import { OpenCaseLink } from '../cases/open-case-link';

function ReportNotFound() {
  return (
    <>
      <PageHeading title="Report not found" />
      <p className="usa-intro">
        There is no report at this address, or it is not visible to you. TLP:RED reports are visible only to
        the people named on them.
      </p>
      <p>
        <Link className="usa-link" to="/reports">
          Back to Reports
        </Link>
      </p>
    </>
  );
}

const VALIDATABLE: readonly Report['status'][] = ['received', 'needs_info', 'valid', 'deferred'];

/** The latest validation for everyone who reads the report; for staff, the form to record one. */
function ValidationSection({ report, routeId, staff }: { report: Report; routeId: string; staff: boolean }) {
  const [editing, setEditing] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);
  useEffect(() => {
    if (!editing && returnFocus.current) openRef.current?.focus();
    returnFocus.current = false;
  }, [editing]);

  const canValidate = staff && VALIDATABLE.includes(report.status);
  return (
    <section aria-labelledby="validation-heading" className="margin-top-4">
      <h2 id="validation-heading">Validation</h2>
      <LiveRegion>
        {outcome && (
          <div ref={outcomeRef} tabIndex={-1}>
            <SuccessMessage>{outcome}</SuccessMessage>
          </div>
        )}
      </LiveRegion>
      {report.validation ? (
        <ValidationSummary validation={report.validation} attachments={report.attachments} />
      ) : (
        <p>Not validated yet.</p>
      )}
      {canValidate &&
        (editing ? (
          <ValidationForm
            report={report}
            routeId={routeId}
            onSaved={(message) => {
              setEditing(false);
              setOutcome(message);
            }}
            onCancel={() => {
              returnFocus.current = true;
              setEditing(false);
            }}
          />
        ) : (
          <Button
            ref={openRef}
            type="button"
            outline
            onClick={() => {
              setOutcome(null);
              setEditing(true);
            }}
          >
            {report.validation ? 'Revise the validation' : 'Record a validation'}
          </Button>
        ))}
    </section>
  );
}

/** `/reports/:id` (an id or a VR- reference): the report, its conversation and files; triage for staff. */
export function ReportPage() {
  const { id = '' } = useParams();
  const me = useSession();
  const staff = isTriageStaff(me);
  const report = useReport(id);
  const reply = useAddMessage(id);
  const upload = useUploadAttachment(id);

  if (!report.data) {
    if (isApiError(report.error, 'not_found')) return <ReportNotFound />;
    return (
      <>
        <PageHeading title="Report" />
        {report.isError ? (
          <ErrorAlert error={report.error} heading="Could not load the report" />
        ) : (
          <Loading label="Loading the report…" />
        )}
      </>
    );
  }

  const r = report.data;
  return (
    <>
      <PageHeading title={`${r.ref}: ${r.title}`} />
      <ReportTagsRow report={r} />
      <div className="grid-row grid-gap-4">
        <div className="desktop:grid-col-8">
          <section aria-labelledby="description-heading">
            <h2 id="description-heading">Description</h2>
            <Markdown className="report-description">{r.description}</Markdown>
          </section>

          <section aria-labelledby="details-heading" className="margin-top-4">
            <h2 id="details-heading">Details</h2>
            <ReportFacts report={r} signedIn />
            <h3>Affected products</h3>
            <ProductsTable report={r} />
          </section>

          <ValidationSection report={r} routeId={id} staff={staff} />

          <section aria-labelledby="conversation-heading" className="margin-top-4">
            <h2 id="conversation-heading">Conversation</h2>
            <Conversation report={r} reply={reply} staff={staff} />
          </section>

          <section aria-labelledby="attachments-heading" className="margin-top-4">
            <h2 id="attachments-heading">Attachments</h2>
            <AttachmentsSection
              report={r}
              download={{ kind: 'link', href: (attachment) => attachmentUrl(r.id, attachment.id) }}
              upload={upload}
            />
          </section>
        </div>

        <div className="desktop:grid-col-4 report-side">
          {staff && (
            <>
              <section aria-labelledby="triage-heading" className="side-panel">
                <h2 id="triage-heading">Triage</h2>
                <TriageActions report={r} routeId={id} />
                <OpenCaseLink report={r} />
              </section>
              <section aria-labelledby="assignment-heading" className="side-panel">
                <h2 id="assignment-heading">Assignment and label</h2>
                <AssignmentPanel report={r} routeId={id} me={me} />
              </section>
            </>
          )}
          <section aria-labelledby="response-times-heading" className="side-panel">
            <h2 id="response-times-heading">Response times</h2>
            <ResponseTimesList times={r.responseTimes} />
          </section>
        </div>
      </div>
    </>
  );
}

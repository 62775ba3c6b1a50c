import { useQueryClient } from '@tanstack/react-query';
import { Alert, AlertHeading, AlertText, Button, Form } from '@trussworks/react-uswds';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import type { Report } from '@clearinghouse/shared';
import { AttachmentsSection } from './report-attachments';
import { Conversation } from './report-conversation';
import { ProductsTable, ReportFacts, ReportTagsRow } from './report-details';
import {
  downloadFollowupAttachment,
  readFollowupSecret,
  reportKeys,
  storeFollowupSecret,
  useFollowupReply,
  useFollowupReport,
  useFollowupUpload,
} from './reports.api';
import { isApiError } from '../../app/api';
import { FormErrorSummary, type FieldErrors } from '../../app/form-errors';
import { ErrorAlert } from '../../components/error-alert';
import { TextField } from '../../components/form-fields';
import { Markdown } from '../../components/markdown';
import { PageHeading } from '../../components/page-heading';
import { LiveRegion, Loading, SuccessMessage } from '../../components/status-message';

const SECRET_FIELD = { secret: { label: 'Follow-up secret', id: 'followup-secret' } };

function SecretForm({
  onOpen,
  failure,
  busy,
}: {
  onOpen: (secret: string) => void;
  failure: unknown;
  busy: boolean;
}) {
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const secret = value.trim();
    if (secret.length < 10 || secret.length > 200) {
      setErrors({ secret: 'Paste the follow-up secret you were shown when you sent the report.' });
      return;
    }
    setErrors({});
    onOpen(secret);
  };

  const unknownSecret = isApiError(failure, 'unauthenticated');
  return (
    <>
      <FormErrorSummary errors={errors} fields={SECRET_FIELD} />
      {Object.keys(errors).length === 0 &&
        (unknownSecret ? (
          <Alert type="error" role="alert" className="margin-bottom-2">
            <AlertHeading level="h2">That secret does not open a report</AlertHeading>
            <AlertText>
              Check that you pasted all of it. Follow-up secrets start with <code>chf_</code>.
            </AlertText>
          </Alert>
        ) : (
          Boolean(failure) && <ErrorAlert error={failure} heading="Could not open the report" />
        ))}
      <Form onSubmit={submit} noValidate>
        <TextField
          id={SECRET_FIELD.secret.id}
          label={SECRET_FIELD.secret.label}
          hint="Shown once when you sent the report. It stays in this browser tab only, until you close it or choose “Forget the secret”."
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          error={errors.secret}
          onChange={(event) => {
            setValue(event.target.value);
          }}
        />
        <Button type="submit" disabled={busy}>
          {busy ? 'Opening…' : 'Open my report'}
        </Button>
      </Form>
    </>
  );
}

function FollowupReport({
  report,
  secret,
  onForget,
}: {
  report: Report;
  secret: string;
  onForget: () => void;
}) {
  const reply = useFollowupReply(secret);
  const upload = useFollowupUpload(secret);
  return (
    <>
      <ReportTagsRow report={report} />
      <div className="page-title-row">
        <p className="margin-0">
          You opened this report with its follow-up secret. Others using this device could too while this tab
          is open.
        </p>
        <Button type="button" outline onClick={onForget}>
          Forget the secret
        </Button>
      </div>

      <section aria-labelledby="followup-conversation-heading">
        <h2 id="followup-conversation-heading">Conversation</h2>
        <Conversation report={report} reply={reply} staff={false} idPrefix="followup-reply" />
      </section>

      <section aria-labelledby="followup-description-heading">
        <h2 id="followup-description-heading">Your report</h2>
        <Markdown className="report-description">{report.description}</Markdown>
        <h3>Details</h3>
        <ReportFacts report={report} signedIn={false} />
        <h3>Affected products</h3>
        <ProductsTable report={report} />
      </section>

      <section aria-labelledby="followup-attachments-heading">
        <h2 id="followup-attachments-heading">Attachments</h2>
        <AttachmentsSection
          report={report}
          idPrefix="followup-attachment"
          download={{
            kind: 'fetch',
            download: (attachment) => downloadFollowupAttachment(secret, attachment),
          }}
          upload={upload}
        />
      </section>
    </>
  );
}

/**
 * `/reports/follow-up`: an anonymous reporter reads and answers their report with the follow-up
 * secret, with no account. The secret is kept in this tab's session storage only.
 */
export function FollowUpPage() {
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(readFollowupSecret);
  const [forgotten, setForgotten] = useState(false);
  const report = useFollowupReport(secret);
  const opened = useRef(false);

  // After "Open my report", the report's heading takes focus (the form that had it is gone).
  useEffect(() => {
    if (report.data && opened.current) {
      opened.current = false;
      document.querySelector<HTMLElement>('main h1')?.focus();
    }
  }, [report.data]);

  const open = (value: string) => {
    opened.current = true;
    setForgotten(false);
    storeFollowupSecret(value);
    // The same secret again (after a failure) is asked again.
    if (value === secret) void report.refetch();
    else setSecret(value);
  };

  const forget = () => {
    storeFollowupSecret(null);
    queryClient.removeQueries({ queryKey: reportKeys.followup });
    setSecret(null);
    setForgotten(true);
    requestAnimationFrame(() => {
      document.getElementById(SECRET_FIELD.secret.id)?.focus();
    });
  };

  if (secret !== null && report.data) {
    return (
      <>
        <PageHeading title={`${report.data.ref}: ${report.data.title}`} />
        <FollowupReport report={report.data} secret={secret} onForget={forget} />
      </>
    );
  }

  return (
    <>
      <PageHeading title="Follow up on your report" />
      <LiveRegion>
        {forgotten && <SuccessMessage>This tab has forgotten the follow-up secret.</SuccessMessage>}
      </LiveRegion>
      <p className="usa-intro">
        Reported a vulnerability without an account? Paste the follow-up secret you were given to read our
        questions and answer them.
      </p>
      {secret !== null && report.isFetching && <Loading label="Opening your report…" />}
      <SecretForm onOpen={open} failure={report.isFetching ? null : report.error} busy={report.isFetching} />
      <p className="margin-top-4">
        Have an account?{' '}
        <Link className="usa-link" to="/reports">
          Your reports
        </Link>{' '}
        are listed when you sign in. Something new to tell us?{' '}
        <Link className="usa-link" to="/reports/new">
          Report a vulnerability
        </Link>
        .
      </p>
    </>
  );
}

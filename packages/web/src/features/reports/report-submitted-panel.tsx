import { Alert, AlertHeading, AlertText, Button } from '@trussworks/react-uswds';
import { useEffect } from 'react';
import { Link } from 'react-router';
import type { ReportSubmitted } from '@clearinghouse/shared';
import { CopyButton } from '../../components/copy-button';

/**
 * What the reporter sees once the report is in: its reference, and for an anonymous report the
 * follow-up secret, shown this once. The heading takes focus so that it is read out.
 */
export function ReportSubmittedPanel({
  submitted,
  signedIn,
  onAnother,
}: {
  submitted: ReportSubmitted;
  signedIn: boolean;
  onAnother: () => void;
}) {
  useEffect(() => {
    document.getElementById('report-submitted-heading')?.focus();
  }, []);

  return (
    <section aria-labelledby="report-submitted-heading" className="report-submitted">
      <Alert type="success" className="margin-bottom-3">
        <AlertHeading level="h2" id="report-submitted-heading" tabIndex={-1}>
          Thank you. We received your report.
        </AlertHeading>
        <AlertText>
          Its reference is <strong className="report-ref">{submitted.ref}</strong>. Quote it whenever you
          write to us about it.
        </AlertText>
        {submitted.acknowledgementSentTo && (
          <AlertText>We sent an acknowledgement to {submitted.acknowledgementSentTo}.</AlertText>
        )}
      </Alert>

      {submitted.followUpSecret ? (
        <Alert type="warning" className="margin-bottom-3">
          <AlertHeading level="h2">Save your follow-up secret now</AlertHeading>
          <AlertText>
            It is shown only this once, and we cannot show it again or recover it. With it, and no account,
            you can read our questions about your report and answer them.
          </AlertText>
          <p className="token-secret-line">
            <code className="token-secret" data-testid="followup-secret">
              {submitted.followUpSecret}
            </code>
          </p>
          <CopyButton text={submitted.followUpSecret} label="Copy follow-up secret" />
          <AlertText>
            Keep it somewhere safe, such as a password manager. Then{' '}
            <Link className="usa-link" to="/reports/follow-up">
              follow up on your report
            </Link>
            .
          </AlertText>
        </Alert>
      ) : (
        signedIn && (
          <p>
            <Link className="usa-link" to={`/reports/${submitted.id}`}>
              Open report {submitted.ref}
            </Link>{' '}
            to follow it, answer our questions and add files.
          </p>
        )
      )}

      <p>
        An analyst will look at it soon. Please do not disclose the issue publicly while we coordinate it.
      </p>
      <Button type="button" outline onClick={onAnother}>
        Report another vulnerability
      </Button>
    </section>
  );
}

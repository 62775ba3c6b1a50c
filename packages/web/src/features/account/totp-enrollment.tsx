import { Button } from '@trussworks/react-uswds';
import { QRCodeSVG } from 'qrcode.react';
import { useConfirmTotp, useEnrollTotp } from './account.api';
import { TotpCodeForm } from './totp-code-form';
import { ErrorAlert } from '../../components/error-alert';
import { LiveRegion } from '../../components/status-message';

/** Setting up an authenticator app: QR code and key, then one code to prove it works. */
export function TotpEnrollment({ onConfirmed }: { onConfirmed: (recoveryCodes: string[]) => void }) {
  const enroll = useEnrollTotp();
  const confirm = useConfirmTotp();

  if (!enroll.data) {
    return (
      <section aria-labelledby="enroll-heading">
        <h2 id="enroll-heading">Set up an authenticator app</h2>
        <p>
          You will need an authenticator app on your phone or computer, such as a password manager or any app
          that supports time-based one-time codes (TOTP).
        </p>
        <LiveRegion>
          {enroll.isError && (
            <ErrorAlert error={enroll.error} heading="Could not start setup" headingLevel="h3" />
          )}
        </LiveRegion>
        <Button
          type="button"
          disabled={enroll.isPending}
          onClick={() => {
            enroll.mutate();
          }}
        >
          {enroll.isPending ? 'Starting…' : 'Set up two-factor authentication'}
        </Button>
      </section>
    );
  }

  const { secret, otpauthUrl } = enroll.data;
  return (
    <section aria-labelledby="enroll-heading">
      <h2 id="enroll-heading">Set up an authenticator app</h2>
      <ol className="usa-process-list">
        <li className="usa-process-list__item">
          <h3 className="usa-process-list__heading">Scan the QR code</h3>
          <p>Open your authenticator app and scan this code.</p>
          <QRCodeSVG
            value={otpauthUrl}
            size={192}
            marginSize={2}
            role="img"
            aria-label="QR code to add Clearinghouse to your authenticator app"
            className="totp-qr"
          />
        </li>
        <li className="usa-process-list__item">
          <h3 className="usa-process-list__heading">Or enter the key by hand</h3>
          <p>If you cannot scan the code, type this key into your app (time-based, 6 digits):</p>
          <p>
            <code data-testid="totp-secret" className="totp-secret">
              {secret}
            </code>
          </p>
        </li>
        <li className="usa-process-list__item">
          <h3 className="usa-process-list__heading">Enter a code from the app</h3>
          <TotpCodeForm
            id="totp-code"
            submitLabel="Confirm"
            mutation={confirm}
            onRecoveryCodes={onConfirmed}
          />
        </li>
      </ol>
    </section>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Alert, AlertHeading, AlertText } from '@trussworks/react-uswds';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { RecoveryCodesPanel } from './recovery-codes-panel';
import { TotpEnrollment } from './totp-enrollment';
import { TotpManagement } from './totp-management';
import { meQueryKey } from '../auth/me.api';
import { useSession } from '../auth/session';
import { PageHeading } from '../../components/page-heading';

export function TwoFactorPage() {
  const me = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Remember why the user is here: after a required setup, they continue to the app.
  const [wasRequired] = useState(me.mfaEnrollmentRequired);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  const acknowledge = async () => {
    // Refresh "me" first, so the page never flashes the setup step it has just finished.
    await queryClient.invalidateQueries({ queryKey: meQueryKey });
    if (wasRequired) await navigate('/', { replace: true });
    else setRecoveryCodes(null);
  };

  return (
    <>
      <PageHeading title="Two-factor authentication" />
      {me.mfaEnrollmentRequired && !recoveryCodes && (
        <Alert type="warning" className="margin-bottom-3">
          <AlertHeading level="h2">Set up two-factor authentication to continue</AlertHeading>
          <AlertText>
            Clearinghouse staff must use two-factor authentication. Your account has a clearinghouse role, so
            the rest of the site opens once you have set it up.
          </AlertText>
        </Alert>
      )}
      {recoveryCodes ? (
        <RecoveryCodesPanel
          codes={recoveryCodes}
          onAcknowledge={() => {
            void acknowledge();
          }}
        />
      ) : me.totpEnabled ? (
        <TotpManagement canDisable={me.globalRoles.length === 0} onNewCodes={setRecoveryCodes} />
      ) : (
        <TotpEnrollment onConfirmed={setRecoveryCodes} />
      )}
    </>
  );
}

import { Alert, AlertHeading, AlertText, Button } from '@trussworks/react-uswds';
import { Fragment, useEffect, useRef } from 'react';
import { CopyButton } from '../../components/copy-button';

/** Recovery codes, shown once, until the user says they have saved them. */
export function RecoveryCodesPanel({
  codes,
  onAcknowledge,
}: {
  codes: readonly string[];
  onAcknowledge: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section aria-labelledby="recovery-codes-heading">
      <h2 id="recovery-codes-heading" ref={headingRef} tabIndex={-1}>
        Save your recovery codes
      </h2>
      <Alert type="warning" className="margin-bottom-2">
        <AlertHeading level="h3">These codes will not be shown again</AlertHeading>
        <AlertText>
          If you lose your authenticator, each code lets you sign in once. Keep them somewhere safe, such as a
          password manager.
        </AlertText>
      </Alert>
      <ul data-testid="recovery-codes" className="recovery-codes">
        {codes.map((code) => (
          // The newline keeps the codes apart in the list's plain text.
          <Fragment key={code}>
            <li data-testid="recovery-code">
              <code>{code}</code>
            </li>
            {'\n'}
          </Fragment>
        ))}
      </ul>
      <div className="margin-y-2">
        <CopyButton text={codes.join('\n')} label="Copy codes" />
      </div>
      <Button type="button" onClick={onAcknowledge}>
        I have saved these
      </Button>
    </section>
  );
}

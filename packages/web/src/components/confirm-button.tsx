import { Button } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';

/**
 * A destructive action that asks once more, in place: "Revoke" → "Revoke this token?
 * [Yes, revoke] [Cancel]". Focus follows the question and returns when it is cancelled.
 */
export function ConfirmButton({
  label,
  accessibleName,
  question,
  confirmLabel,
  onConfirm,
  busy = false,
}: {
  label: string;
  /** Names the button for screen readers when several rows have the same label. */
  accessibleName?: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (returnFocus.current) openRef.current?.focus();
    returnFocus.current = false;
  }, [asking]);

  if (!asking) {
    return (
      <Button
        ref={openRef}
        type="button"
        unstyled
        className="text-secondary-dark"
        aria-label={accessibleName}
        disabled={busy}
        onClick={() => {
          setAsking(true);
        }}
      >
        {busy ? 'Working…' : label}
      </Button>
    );
  }
  return (
    <span className="confirm-inline">
      <span>{question}</span>{' '}
      <Button
        ref={confirmRef}
        type="button"
        secondary
        className="margin-right-1"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </Button>
      <Button
        type="button"
        unstyled
        onClick={() => {
          returnFocus.current = true;
          setAsking(false);
        }}
      >
        Cancel
      </Button>
    </span>
  );
}

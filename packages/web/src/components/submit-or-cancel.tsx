import { Button } from '@trussworks/react-uswds';

/**
 * A form's submit button with Cancel beside it. While the request is out, the submit button is
 * disabled and says what is happening ("Saving…").
 */
export function SubmitOrCancel({
  label,
  pending,
  pendingLabel = 'Saving…',
  onCancel,
  spacing = 'margin-top-3',
}: {
  label: string;
  pending: boolean;
  pendingLabel?: string;
  onCancel: () => void;
  /** The space above the buttons, as a USWDS margin utility. */
  spacing?: 'margin-top-2' | 'margin-top-3';
}) {
  return (
    <div className={`button-row ${spacing}`}>
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
      <Button type="button" unstyled onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}

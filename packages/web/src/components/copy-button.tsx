import { Button } from '@trussworks/react-uswds';
import { useState } from 'react';

/** Copies a secret to the clipboard and says, politely, whether it worked. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('copied');
    } catch {
      // No clipboard outside secure contexts, or permission refused.
      setStatus('failed');
    }
  };

  return (
    <span className="copy-button">
      <Button
        type="button"
        outline
        onClick={() => {
          void copy();
        }}
      >
        {label}
      </Button>
      <span aria-live="polite" className="margin-left-1">
        {status === 'copied' && 'Copied to the clipboard.'}
        {status === 'failed' && 'Could not copy. Select the text and copy it yourself.'}
      </span>
    </span>
  );
}

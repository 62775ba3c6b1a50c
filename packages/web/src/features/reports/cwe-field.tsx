import { useEffect, useState, type ReactNode } from 'react';
import { useCweSearch } from './reports.api';
import { TextField } from '../../components/form-fields';

/** The value, once typing has paused. */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSettled(value);
    }, ms);
    return () => {
      clearTimeout(timer);
    };
  }, [value, ms]);
  return settled;
}

/** "79", "cwe-79", "CWE-79" → "CWE-79"; anything else as it is. */
function canonicalCwe(value: string): string {
  const match = /^(?:cwe-)?(\d{1,6})$/i.exec(value.trim());
  return match ? `CWE-${match[1] ?? ''}` : value.trim();
}

/**
 * A CWE id, with suggestions from the catalog as you type (an id or words) for signed-in users,
 * offered by the browser's own list (a datalist). The name of the chosen entry is said below it.
 */
export function CweField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  suggest,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  /** Only signed-in users may search the catalog. */
  suggest: boolean;
}) {
  const settled = useSettled(value);
  const search = useCweSearch(settled, suggest);
  const entries = search.data?.items ?? [];
  const chosen = value.trim() ? entries.find((entry) => entry.id === canonicalCwe(value)) : undefined;
  const listId = `${id}-suggestions`;

  return (
    <>
      <TextField
        id={id}
        label={label}
        hint={hint}
        error={error}
        value={value}
        list={suggest ? listId : undefined}
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
      {suggest && (
        <datalist id={listId}>
          {entries.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.name}
            </option>
          ))}
        </datalist>
      )}
      <p className="cwe-chosen usa-hint" aria-live="polite">
        {chosen ? `${chosen.id}: ${chosen.name}` : ''}
      </p>
    </>
  );
}

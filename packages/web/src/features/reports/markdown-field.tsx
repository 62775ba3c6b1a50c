import { FormGroup, Label, Textarea } from '@trussworks/react-uswds';
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { FieldError } from '../../components/form-fields';
import { Markdown } from '../../components/markdown';

type Tab = 'write' | 'preview';
const TABS: readonly Tab[] = ['write', 'preview'];
const TAB_LABELS: Record<Tab, string> = { write: 'Write', preview: 'Preview' };

/**
 * A Markdown text area with a Preview tab that renders it as the clearinghouse will (safely).
 * The tabs follow the WAI-ARIA tabs pattern: arrow keys, Home and End move between them. A new
 * problem with the text brings the Write tab back, so the summary's link reaches the text area.
 */
export function MarkdownField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 12,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
}) {
  const [tab, setTab] = useState<Tab>('write');
  const [shownError, setShownError] = useState(error);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ write: null, preview: null });
  if (error !== shownError) {
    setShownError(error);
    if (error) setTab('write');
  }

  const select = (next: Tab) => {
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = TABS.indexOf(tab);
    const next =
      event.key === 'ArrowRight'
        ? TABS[(index + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(index + TABS.length - 1) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    select(next);
  };

  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');

  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={id} id={`${id}-label`} error={Boolean(error)}>
        {label}
      </Label>
      {hint && (
        <span className="usa-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
      <div className="markdown-tabs" role="tablist" aria-label="Write or preview">
        {TABS.map((t) => (
          <button
            key={t}
            ref={(element) => {
              tabRefs.current[t] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${t}`}
            className="markdown-tab"
            aria-selected={tab === t}
            aria-controls={`${id}-panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => {
              setTab(t);
            }}
            onKeyDown={onKeyDown}
          >
            {TAB_LABELS[t]}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel-write`}
        aria-labelledby={`${id}-tab-write`}
        hidden={tab !== 'write'}
        className="markdown-panel"
      >
        <Textarea
          id={id}
          name={id}
          rows={rows}
          className="markdown-textarea"
          value={value}
          error={Boolean(error)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel-preview`}
        aria-labelledby={`${id}-tab-preview`}
        hidden={tab !== 'preview'}
        tabIndex={0}
        className="markdown-panel markdown-preview"
      >
        {tab === 'preview' &&
          (value.trim() === '' ? (
            <p className="text-base">Nothing to preview yet.</p>
          ) : (
            <Markdown>{value}</Markdown>
          ))}
      </div>
    </FormGroup>
  );
}

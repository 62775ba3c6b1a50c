import { Button, Checkbox, Fieldset } from '@trussworks/react-uswds';
import type { ReactNode } from 'react';
import {
  REMEDIATION_CATEGORIES,
  STATEMENT_STATUSES,
  TLP_LABELS,
  VEX_JUSTIFICATIONS,
  type Acknowledgment,
  type AdvisoryContent,
  type AdvisoryProduct,
  type AdvisoryReference,
  type AdvisoryVulnerability,
  type ProductStatusEntry,
  type Remediation,
  type RemediationCategory,
  type StatementStatus,
  type VexJustification,
} from '@clearinghouse/shared';
import { PROFILE_LABELS, REFERENCE_CATEGORY_LABELS, REMEDIATION_CATEGORY_LABELS } from './advisory-labels';
import { fieldId } from './advisory-paths';
import type { FieldErrors } from '../../app/form-errors';
import { STATEMENT_STATUS_LABELS, VEX_JUSTIFICATION_LABELS } from '../cases/case-labels';
import { MarkdownField } from '../reports/markdown-field';
import { FieldError, SelectField, TextField } from '../../components/form-fields';

/** A change to the content being edited. */
export type Edit = (change: (content: AdvisoryContent) => AdvisoryContent) => void;

function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((existing, i) => (i === index ? item : existing));
}

function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** '' is "not given" for optional text. */
function orNull(value: string): string | null {
  return value === '' ? null : value;
}

/** One value a line, for lists of short values (model numbers, names). */
function lines(value: string): string[] {
  return value.split('\n').map((line) => line.trim());
}

interface Bound {
  errors: FieldErrors;
}

/** A text input whose id and error come from its path into the content. */
function PathField({
  path,
  label,
  hint,
  value,
  onChange,
  errors,
  mono = false,
}: Bound & {
  path: string;
  label: string;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  mono?: boolean;
}) {
  return (
    <TextField
      id={fieldId(path)}
      label={label}
      hint={hint}
      value={value}
      error={errors[path]}
      spellCheck={mono ? false : undefined}
      autoComplete="off"
      onChange={(event) => {
        onChange(event.target.value);
      }}
    />
  );
}

/** A plain text area (not Markdown) for a few lines. */
function PathTextarea({
  path,
  label,
  hint,
  value,
  onChange,
  errors,
  rows = 3,
}: Bound & {
  path: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
}) {
  const id = fieldId(path);
  const error = errors[path];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={error ? 'usa-form-group usa-form-group--error' : 'usa-form-group'}>
      <label className={error ? 'usa-label usa-label--error' : 'usa-label'} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <span className="usa-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
      <textarea
        id={id}
        name={id}
        rows={rows}
        className={error ? 'usa-textarea usa-input--error' : 'usa-textarea'}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </div>
  );
}

/** A date (yyyy-mm-dd), with the browser's date picker. */
function DateField({
  path,
  label,
  hint,
  value,
  onChange,
  errors,
}: Bound & { path: string; label: string; hint: string; value: string; onChange: (value: string) => void }) {
  const id = fieldId(path);
  const error = errors[path];
  return (
    <div className={error ? 'usa-form-group usa-form-group--error' : 'usa-form-group'}>
      <label className={error ? 'usa-label usa-label--error' : 'usa-label'} htmlFor={id}>
        {label}
      </label>
      <span className="usa-hint" id={`${id}-hint`}>
        {hint}
      </span>
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
      <input
        id={id}
        name={id}
        type="date"
        className={error ? 'usa-input usa-input--error' : 'usa-input'}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </div>
  );
}

/** A group of fields for one row of a list, with a button to remove it. */
function Row({
  path,
  legend,
  removeLabel,
  onRemove,
  children,
}: {
  path: string;
  legend: string;
  removeLabel: string;
  onRemove: () => void;
  children: ReactNode;
}) {
  return (
    <Fieldset legend={legend} id={fieldId(path)} className="editor-group">
      {children}
      <Button type="button" unstyled className="margin-top-2 text-secondary-dark" onClick={onRemove}>
        {removeLabel}
      </Button>
    </Fieldset>
  );
}

function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button type="button" outline className="margin-top-2" onClick={onClick}>
      {label}
    </Button>
  );
}

/** Products chosen among the advisory's, as a list box (several with Ctrl or Shift). */
function ProductKeysField({
  path,
  label,
  hint,
  products,
  value,
  onChange,
  errors,
}: Bound & {
  path: string;
  label: string;
  hint: string;
  products: readonly AdvisoryProduct[];
  value: readonly string[];
  onChange: (keys: string[]) => void;
}) {
  return (
    <SelectField
      id={fieldId(path)}
      label={label}
      hint={hint}
      error={errors[path]}
      multiple
      size={Math.min(6, Math.max(2, products.length))}
      value={[...value]}
      onChange={(event) => {
        onChange(Array.from(event.target.selectedOptions, (option) => option.value));
      }}
    >
      {products.map((p) => (
        <option key={p.key} value={p.key}>
          {p.key}: {p.vendor} {p.product} {p.version ?? p.range ?? ''}
        </option>
      ))}
    </SelectField>
  );
}

// ---- the advisory as a whole ---------------------------------------------------------------

export function GeneralFields({ content, edit, errors }: Bound & { content: AdvisoryContent; edit: Edit }) {
  return (
    <section aria-labelledby="editor-general-heading" className="advisory-section">
      <h2 id="editor-general-heading">About the advisory</h2>
      <PathField
        path="title"
        label="Title"
        hint="What readers see first: the product and the kind of problem, in a few words."
        value={content.title}
        errors={errors}
        onChange={(title) => {
          edit((c) => ({ ...c, title }));
        }}
      />
      <SelectField
        id={fieldId('tlp')}
        label="TLP label"
        hint="Who may read it once released. TLP:CLEAR publishes it to everyone; the other labels keep it to those allowed."
        value={content.tlp}
        error={errors.tlp}
        onChange={(event) => {
          const tlp = TLP_LABELS.find((label) => label === event.target.value);
          if (tlp) edit((c) => ({ ...c, tlp }));
        }}
      >
        {TLP_LABELS.map((label) => (
          <option key={label} value={label}>
            TLP:{label}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={fieldId('profile')}
        label="Kind of document"
        hint="A security advisory tells readers what to do; a VEX statement only says which products are affected."
        value={content.profile}
        error={errors.profile}
        onChange={(event) => {
          const profile = event.target.value === 'csaf_vex' ? 'csaf_vex' : 'csaf_security_advisory';
          edit((c) => ({ ...c, profile }));
        }}
      >
        {(['csaf_security_advisory', 'csaf_vex'] as const).map((p) => (
          <option key={p} value={p}>
            {PROFILE_LABELS[p]}
          </option>
        ))}
      </SelectField>
      <MarkdownField
        id={fieldId('summary')}
        label="Summary"
        hint="A short paragraph: what is vulnerable, what an attacker can do, and what to do about it. Markdown."
        rows={5}
        value={content.summary}
        error={errors.summary}
        onChange={(summary) => {
          edit((c) => ({ ...c, summary }));
        }}
      />
      <MarkdownField
        id={fieldId('details')}
        label="Details (optional)"
        hint="Anything else readers need: background, detection, timeline. Markdown."
        rows={6}
        value={content.details}
        error={errors.details}
        onChange={(details) => {
          edit((c) => ({ ...c, details }));
        }}
      />
    </section>
  );
}

// ---- products -------------------------------------------------------------------------------

const NEW_PRODUCT: AdvisoryProduct = {
  key: '',
  vendor: '',
  product: '',
  version: null,
  range: null,
  purl: null,
  cpe: null,
  modelNumbers: [],
};

export function ProductsFields({ content, edit, errors }: Bound & { content: AdvisoryContent; edit: Edit }) {
  const set = (index: number, change: Partial<AdvisoryProduct>) => {
    edit((c) => {
      const current = c.products[index];
      return current ? { ...c, products: replaceAt(c.products, index, { ...current, ...change }) } : c;
    });
  };
  return (
    <section aria-labelledby="editor-products-heading" className="advisory-section" id={fieldId('products')}>
      <h2 id="editor-products-heading">Products</h2>
      <p className="usa-hint">
        Every product (and version) the advisory speaks of. Each has a short key, used below to say its status
        and its fix.
      </p>
      {errors.products && <FieldError id={`${fieldId('products')}-error`}>{errors.products}</FieldError>}
      {content.products.map((p, i) => {
        const at = `products.${i}`;
        return (
          <Row
            key={i}
            path={at}
            legend={`Product ${i + 1}${p.key ? `: ${p.key}` : ''}`}
            removeLabel={`Remove product ${i + 1}`}
            onRemove={() => {
              edit((c) => ({ ...c, products: removeAt(c.products, i) }));
            }}
          >
            <PathField
              path={`${at}.key`}
              label="Product key"
              hint="Letters, digits, dot, dash or underscore, such as widget-2.0.1. It becomes the CSAF product id."
              value={p.key}
              errors={errors}
              mono
              onChange={(key) => {
                set(i, { key });
              }}
            />
            <PathField
              path={`${at}.vendor`}
              label="Vendor"
              value={p.vendor}
              errors={errors}
              onChange={(vendor) => {
                set(i, { vendor });
              }}
            />
            <PathField
              path={`${at}.product`}
              label="Product name"
              value={p.product}
              errors={errors}
              onChange={(product) => {
                set(i, { product });
              }}
            />
            <PathField
              path={`${at}.version`}
              label="Version (optional)"
              hint="One exact version. Leave empty when you give a range."
              value={p.version ?? ''}
              errors={errors}
              mono
              onChange={(version) => {
                set(i, { version: orNull(version) });
              }}
            />
            <PathField
              path={`${at}.range`}
              label="Version range (optional)"
              hint="Preferably a vers range, such as vers:npm/>=1.0.0|<1.4.2."
              value={p.range ?? ''}
              errors={errors}
              mono
              onChange={(range) => {
                set(i, { range: orNull(range) });
              }}
            />
            <PathField
              path={`${at}.purl`}
              label="Package URL (purl) (optional)"
              hint="Such as pkg:npm/widget-parser@2.0.1"
              value={p.purl ?? ''}
              errors={errors}
              mono
              onChange={(purl) => {
                set(i, { purl: orNull(purl) });
              }}
            />
            <PathField
              path={`${at}.cpe`}
              label="CPE name (optional)"
              hint="CPE 2.3, such as cpe:2.3:a:acme:widget:2.0.1:*:*:*:*:*:*:*"
              value={p.cpe ?? ''}
              errors={errors}
              mono
              onChange={(cpe) => {
                set(i, { cpe: orNull(cpe) });
              }}
            />
            <PathTextarea
              path={`${at}.modelNumbers`}
              label="Model numbers (optional)"
              hint="For hardware: one model number a line."
              rows={2}
              value={p.modelNumbers.join('\n')}
              errors={errors}
              onChange={(value) => {
                set(i, { modelNumbers: value === '' ? [] : lines(value) });
              }}
            />
          </Row>
        );
      })}
      <AddButton
        label="Add a product"
        onClick={() => {
          edit((c) => ({ ...c, products: [...c.products, { ...NEW_PRODUCT }] }));
        }}
      />
    </section>
  );
}

// ---- references -----------------------------------------------------------------------------

function ReferencesFields({
  base,
  references,
  onChange,
  errors,
  noun,
}: Bound & {
  base: string;
  references: readonly AdvisoryReference[];
  onChange: (references: AdvisoryReference[]) => void;
  noun: string;
}) {
  return (
    <div id={fieldId(base)}>
      {references.map((r, i) => {
        const at = `${base}.${i}`;
        const set = (change: Partial<AdvisoryReference>) => {
          onChange(replaceAt(references, i, { ...r, ...change }));
        };
        return (
          <Row
            key={i}
            path={at}
            legend={`${noun} ${i + 1}`}
            removeLabel={`Remove ${noun.toLowerCase()} ${i + 1}`}
            onRemove={() => {
              onChange(removeAt(references, i));
            }}
          >
            <PathField
              path={`${at}.url`}
              label="Link"
              hint="An https:// address."
              value={r.url}
              errors={errors}
              mono
              onChange={(url) => {
                set({ url });
              }}
            />
            <PathField
              path={`${at}.summary`}
              label="Description"
              hint="What readers find there, such as “Vendor release notes”."
              value={r.summary}
              errors={errors}
              onChange={(summary) => {
                set({ summary });
              }}
            />
            <SelectField
              id={fieldId(`${at}.category`)}
              label="Points to"
              value={r.category}
              error={errors[`${at}.category`]}
              onChange={(event) => {
                set({ category: event.target.value === 'self' ? 'self' : 'external' });
              }}
            >
              {(['external', 'self'] as const).map((category) => (
                <option key={category} value={category}>
                  {REFERENCE_CATEGORY_LABELS[category]}
                </option>
              ))}
            </SelectField>
          </Row>
        );
      })}
      <AddButton
        label={`Add a ${noun.toLowerCase()}`}
        onClick={() => {
          onChange([...references, { url: '', summary: '', category: 'external' }]);
        }}
      />
    </div>
  );
}

export function AdvisoryReferencesFields({
  content,
  edit,
  errors,
}: Bound & { content: AdvisoryContent; edit: Edit }) {
  return (
    <section aria-labelledby="editor-references-heading" className="advisory-section">
      <h2 id="editor-references-heading">References</h2>
      <p className="usa-hint">Pages about the advisory as a whole, such as the vendor’s own advisory.</p>
      <ReferencesFields
        base="references"
        noun="Reference"
        references={content.references}
        errors={errors}
        onChange={(references) => {
          edit((c) => ({ ...c, references }));
        }}
      />
    </section>
  );
}

export function AcknowledgmentsFields({
  content,
  edit,
  errors,
}: Bound & { content: AdvisoryContent; edit: Edit }) {
  const set = (index: number, change: Partial<Acknowledgment>) => {
    edit((c) => {
      const current = c.acknowledgments[index];
      return current
        ? { ...c, acknowledgments: replaceAt(c.acknowledgments, index, { ...current, ...change }) }
        : c;
    });
  };
  return (
    <section aria-labelledby="editor-acknowledgments-heading" className="advisory-section">
      <h2 id="editor-acknowledgments-heading">Acknowledgments</h2>
      <p className="usa-hint">
        Who the advisory thanks, such as the reporter (as they asked to be credited).
      </p>
      <div id={fieldId('acknowledgments')}>
        {content.acknowledgments.map((ack, i) => {
          const at = `acknowledgments.${i}`;
          return (
            <Row
              key={i}
              path={at}
              legend={`Acknowledgment ${i + 1}`}
              removeLabel={`Remove acknowledgment ${i + 1}`}
              onRemove={() => {
                edit((c) => ({ ...c, acknowledgments: removeAt(c.acknowledgments, i) }));
              }}
            >
              <PathTextarea
                path={`${at}.names`}
                label="Names"
                hint="One person a line."
                rows={2}
                value={ack.names.join('\n')}
                errors={errors}
                onChange={(value) => {
                  set(i, { names: value === '' ? [] : lines(value) });
                }}
              />
              <PathField
                path={`${at}.organization`}
                label="Organization (optional)"
                value={ack.organization ?? ''}
                errors={errors}
                onChange={(organization) => {
                  set(i, { organization: orNull(organization) });
                }}
              />
              <PathField
                path={`${at}.summary`}
                label="Thanked for (optional)"
                hint="Such as “for reporting this vulnerability”."
                value={ack.summary}
                errors={errors}
                onChange={(summary) => {
                  set(i, { summary });
                }}
              />
            </Row>
          );
        })}
      </div>
      <AddButton
        label="Add an acknowledgment"
        onClick={() => {
          edit((c) => ({
            ...c,
            acknowledgments: [...c.acknowledgments, { names: [], organization: null, summary: '' }],
          }));
        }}
      />
    </section>
  );
}

// ---- vulnerabilities ------------------------------------------------------------------------

const NEW_STATUS: ProductStatusEntry = {
  productKey: '',
  status: 'affected',
  justification: null,
  statement: '',
};
const NEW_REMEDIATION: Remediation = { category: 'vendor_fix', details: '', url: null, productKeys: [] };

function StatusRows({
  at,
  v,
  products,
  set,
  errors,
}: Bound & {
  at: string;
  v: AdvisoryVulnerability;
  products: readonly AdvisoryProduct[];
  set: (change: Partial<AdvisoryVulnerability>) => void;
}) {
  const setStatus = (index: number, change: Partial<ProductStatusEntry>) => {
    const current = v.statuses[index];
    if (current) set({ statuses: replaceAt(v.statuses, index, { ...current, ...change }) });
  };
  return (
    <Fieldset legend="Product status" id={fieldId(`${at}.statuses`)} className="editor-group">
      <span className="usa-hint">For each product: is it affected by this vulnerability?</span>
      {v.statuses.map((s, j) => {
        const sp = `${at}.statuses.${j}`;
        return (
          <Row
            key={j}
            path={sp}
            legend={`Status ${j + 1}${s.productKey ? `: ${s.productKey}` : ''}`}
            removeLabel={`Remove status ${j + 1}`}
            onRemove={() => {
              set({ statuses: removeAt(v.statuses, j) });
            }}
          >
            <SelectField
              id={fieldId(`${sp}.productKey`)}
              label="Product"
              value={s.productKey}
              error={errors[`${sp}.productKey`]}
              onChange={(event) => {
                setStatus(j, { productKey: event.target.value });
              }}
            >
              <option value="">- Choose a product -</option>
              {products.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.key}: {p.vendor} {p.product} {p.version ?? p.range ?? ''}
                </option>
              ))}
            </SelectField>
            <SelectField
              id={fieldId(`${sp}.status`)}
              label="Status"
              value={s.status}
              error={errors[`${sp}.status`]}
              onChange={(event) => {
                const status = STATEMENT_STATUSES.find((x) => x === event.target.value);
                if (!status) return;
                setStatus(j, {
                  status,
                  // Only "not affected" has a justification, and it must have one.
                  justification:
                    status === 'not_affected' ? (s.justification ?? 'vulnerable_code_not_present') : null,
                });
              }}
            >
              {STATEMENT_STATUSES.map((status: StatementStatus) => (
                <option key={status} value={status}>
                  {STATEMENT_STATUS_LABELS[status]}
                </option>
              ))}
            </SelectField>
            {s.status === 'not_affected' && (
              <SelectField
                id={fieldId(`${sp}.justification`)}
                label="Why it is not affected"
                hint="The VEX justification readers’ tools understand."
                value={s.justification ?? ''}
                error={errors[`${sp}.justification`]}
                onChange={(event) => {
                  const justification = VEX_JUSTIFICATIONS.find((x) => x === event.target.value) ?? null;
                  setStatus(j, { justification });
                }}
              >
                {VEX_JUSTIFICATIONS.map((x: VexJustification) => (
                  <option key={x} value={x}>
                    {VEX_JUSTIFICATION_LABELS[x]}
                  </option>
                ))}
              </SelectField>
            )}
            <PathTextarea
              path={`${sp}.statement`}
              label="Statement (optional)"
              hint="In the vendor’s words, if they gave any."
              value={s.statement}
              errors={errors}
              onChange={(statement) => {
                setStatus(j, { statement });
              }}
            />
          </Row>
        );
      })}
      <AddButton
        label="Add a product status"
        onClick={() => {
          set({ statuses: [...v.statuses, { ...NEW_STATUS }] });
        }}
      />
    </Fieldset>
  );
}

function RemediationRows({
  at,
  v,
  products,
  set,
  errors,
}: Bound & {
  at: string;
  v: AdvisoryVulnerability;
  products: readonly AdvisoryProduct[];
  set: (change: Partial<AdvisoryVulnerability>) => void;
}) {
  const setRemediation = (index: number, change: Partial<Remediation>) => {
    const current = v.remediations[index];
    if (current) set({ remediations: replaceAt(v.remediations, index, { ...current, ...change }) });
  };
  return (
    <Fieldset legend="What to do" id={fieldId(`${at}.remediations`)} className="editor-group">
      <span className="usa-hint">Fixes, workarounds and mitigations, each for the products it helps.</span>
      {v.remediations.map((r, j) => {
        const rp = `${at}.remediations.${j}`;
        return (
          <Row
            key={j}
            path={rp}
            legend={`Remediation ${j + 1}`}
            removeLabel={`Remove remediation ${j + 1}`}
            onRemove={() => {
              set({ remediations: removeAt(v.remediations, j) });
            }}
          >
            <SelectField
              id={fieldId(`${rp}.category`)}
              label="Kind of remediation"
              value={r.category}
              error={errors[`${rp}.category`]}
              onChange={(event) => {
                const category = REMEDIATION_CATEGORIES.find((x) => x === event.target.value);
                if (category) setRemediation(j, { category });
              }}
            >
              {REMEDIATION_CATEGORIES.map((category: RemediationCategory) => (
                <option key={category} value={category}>
                  {REMEDIATION_CATEGORY_LABELS[category]}
                </option>
              ))}
            </SelectField>
            <PathTextarea
              path={`${rp}.details`}
              label="What to do"
              hint="Such as “Update to 2.0.1 or later.”"
              value={r.details}
              errors={errors}
              onChange={(details) => {
                setRemediation(j, { details });
              }}
            />
            <PathField
              path={`${rp}.url`}
              label="Link (optional)"
              hint="Where to get the fix or read more: an https:// address."
              value={r.url ?? ''}
              errors={errors}
              mono
              onChange={(url) => {
                setRemediation(j, { url: orNull(url) });
              }}
            />
            <ProductKeysField
              path={`${rp}.productKeys`}
              label="Products it applies to"
              hint="Choose one or more (hold Ctrl or Shift for several)."
              products={products}
              value={r.productKeys}
              errors={errors}
              onChange={(productKeys) => {
                setRemediation(j, { productKeys });
              }}
            />
          </Row>
        );
      })}
      <AddButton
        label="Add a remediation"
        onClick={() => {
          set({ remediations: [...v.remediations, { ...NEW_REMEDIATION }] });
        }}
      />
    </Fieldset>
  );
}

function VulnerabilityFields({
  index,
  v,
  products,
  edit,
  errors,
}: Bound & { index: number; v: AdvisoryVulnerability; products: readonly AdvisoryProduct[]; edit: Edit }) {
  const at = `vulnerabilities.${index}`;
  const set = (change: Partial<AdvisoryVulnerability>) => {
    edit((c) => {
      const current = c.vulnerabilities[index];
      return current
        ? { ...c, vulnerabilities: replaceAt(c.vulnerabilities, index, { ...current, ...change }) }
        : c;
    });
  };
  return (
    <Fieldset legend={`Vulnerability ${index + 1}`} id={fieldId(at)} className="editor-group">
      <PathField
        path={`${at}.cveId`}
        label="CVE ID (optional)"
        hint="Such as CVE-2026-12345, once one is assigned."
        value={v.cveId ?? ''}
        errors={errors}
        mono
        onChange={(cveId) => {
          set({ cveId: orNull(cveId) });
        }}
      />
      <PathField
        path={`${at}.title`}
        label="Title"
        value={v.title}
        errors={errors}
        onChange={(title) => {
          set({ title });
        }}
      />
      <MarkdownField
        id={fieldId(`${at}.notes`)}
        label="Description"
        hint="What the vulnerability is and what an attacker can do with it. Markdown."
        rows={5}
        value={v.notes}
        error={errors[`${at}.notes`]}
        onChange={(notes) => {
          set({ notes });
        }}
      />
      <PathField
        path={`${at}.cwe`}
        label="Weakness (CWE) (optional)"
        hint="Such as CWE-787 (out-of-bounds write)."
        value={v.cwe ?? ''}
        errors={errors}
        mono
        onChange={(cwe) => {
          set({ cwe: orNull(cwe) });
        }}
      />
      <PathField
        path={`${at}.cvss31`}
        label="CVSS 3.1 vector (optional)"
        hint="Such as CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
        value={v.cvss31 ?? ''}
        errors={errors}
        mono
        onChange={(cvss31) => {
          set({ cvss31: orNull(cvss31) });
        }}
      />
      <PathField
        path={`${at}.cvss40`}
        label="CVSS 4.0 vector (optional)"
        hint="Such as CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
        value={v.cvss40 ?? ''}
        errors={errors}
        mono
        onChange={(cvss40) => {
          set({ cvss40: orNull(cvss40) });
        }}
      />
      <div className="usa-form-group">
        <Checkbox
          id={fieldId(`${at}.exploited`)}
          name={fieldId(`${at}.exploited`)}
          label="Known to be exploited"
          labelDescription="Attackers are using it now. Exploited vulnerabilities with a CVE ID go into the KEV list."
          checked={v.exploited}
          onChange={(event) => {
            set({
              exploited: event.target.checked,
              exploitedSince: event.target.checked ? v.exploitedSince : null,
            });
          }}
        />
      </div>
      {v.exploited && (
        <DateField
          path={`${at}.exploitedSince`}
          label="Exploited since (optional)"
          hint="The first day it was seen exploited."
          value={v.exploitedSince ?? ''}
          errors={errors}
          onChange={(exploitedSince) => {
            set({ exploitedSince: orNull(exploitedSince) });
          }}
        />
      )}
      <StatusRows at={at} v={v} products={products} set={set} errors={errors} />
      <RemediationRows at={at} v={v} products={products} set={set} errors={errors} />
      <Fieldset legend="References" className="editor-group">
        <ReferencesFields
          base={`${at}.references`}
          noun="Reference"
          references={v.references}
          errors={errors}
          onChange={(references) => {
            set({ references });
          }}
        />
      </Fieldset>
      <Button
        type="button"
        unstyled
        className="margin-top-2 text-secondary-dark"
        onClick={() => {
          edit((c) => ({ ...c, vulnerabilities: removeAt(c.vulnerabilities, index) }));
        }}
      >
        Remove vulnerability {index + 1}
      </Button>
    </Fieldset>
  );
}

export function VulnerabilitiesFields({
  content,
  edit,
  errors,
}: Bound & { content: AdvisoryContent; edit: Edit }) {
  return (
    <section
      aria-labelledby="editor-vulnerabilities-heading"
      className="advisory-section"
      id={fieldId('vulnerabilities')}
    >
      <h2 id="editor-vulnerabilities-heading">Vulnerabilities</h2>
      {errors.vulnerabilities && (
        <FieldError id={`${fieldId('vulnerabilities')}-error`}>{errors.vulnerabilities}</FieldError>
      )}
      {content.vulnerabilities.map((v, i) => (
        <VulnerabilityFields
          key={i}
          index={i}
          v={v}
          products={content.products}
          edit={edit}
          errors={errors}
        />
      ))}
      <AddButton
        label="Add a vulnerability"
        onClick={() => {
          edit((c) => ({
            ...c,
            vulnerabilities: [
              ...c.vulnerabilities,
              {
                caseVulnerabilityId: null,
                cveId: null,
                title: '',
                notes: '',
                cwe: null,
                cvss31: null,
                cvss40: null,
                ssvc: null,
                exploited: false,
                exploitedSince: null,
                statuses: [],
                remediations: [],
                references: [],
              },
            ],
          }));
        }}
      />
    </section>
  );
}

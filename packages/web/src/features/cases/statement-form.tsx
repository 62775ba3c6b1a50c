import { Button, Checkbox, Fieldset, Form, FormGroup, Label, Textarea } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import {
  STATEMENT_STATUSES,
  StatementInput,
  VEX_JUSTIFICATIONS,
  type Case,
  type CaseParticipant,
  type CaseVulnerability,
  type StatementStatus,
  type VendorStatement,
} from '@clearinghouse/shared';
import { STATEMENT_STATUS_HINTS, STATEMENT_STATUS_LABELS, VEX_JUSTIFICATION_LABELS } from './case-labels';
import { useFocusOnMount } from './case-ui';
import { usePutStatement } from './cases.api';
import { FormProblems, type FieldKey, type FieldLabels } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { blankToNull } from '../orgs/org-form-fields';
import { choiceId, FieldError, RadioGroupField, SelectField, TextField } from '../../components/form-fields';
import { SubmitOrCancel } from '../../components/submit-or-cancel';

interface PatchRow {
  key: number;
  url: string;
  sha256: string;
}

let nextPatchKey = 1;

function patchRow(url = '', sha256 = ''): PatchRow {
  return { key: nextPatchKey++, url, sha256 };
}

/** A package URL names the product, not a version: "pkg:npm/x@1.2" → "pkg:npm/x". */
function purlWithoutVersion(purl: string): string {
  return purl.replace(/[?#].*$/, '').replace(/@[^/]*$/, '');
}

/** "4.2.1, 4.3" → ["4.2.1", "4.3"]. */
function splitVersions(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Problems with a patch link are shown beside that row's field; every other at its top-level field. */
const statementFieldKey: FieldKey = (path) =>
  path[0] === 'patches' && path.length >= 3
    ? `patches.${String(path[1])}.${String(path[2])}`
    : String(path[0] ?? '');

const FRIENDLY = {
  product: 'Name the product, in up to 300 characters.',
  status: 'Choose the status of the product.',
  'patches.*.url': 'Enter a link that starts with https:// or http://.',
  'patches.*.sha256': 'A SHA-256 is 64 hexadecimal characters; or leave it blank.',
};

/**
 * A vendor's status of one product for one vulnerability (VEX): not affected needs a
 * justification, fixed needs the fixed versions or a patch link. Saving the same product again
 * replaces the earlier statement, which then needs a coordinator's approval again.
 */
export function StatementForm({
  c,
  routeId,
  vulnerability,
  participations,
  statement,
  onSaved,
  onCancel,
}: {
  c: Case;
  routeId: string;
  vulnerability: CaseVulnerability;
  /** The vendor organizations the user states for (usually one). */
  participations: CaseParticipant[];
  /** The statement being revised, if any. */
  statement?: VendorStatement;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const put = usePutStatement(routeId);
  const prefix = `statement-${vulnerability.id}`;
  const myOrgs = participations.flatMap((p) => (p.organization ? [p.organization] : []));
  const [organizationId, setOrganizationId] = useState(statement?.organization.id ?? myOrgs[0]?.id ?? '');
  const orgName = myOrgs.find((o) => o.id === organizationId)?.name ?? '';
  // A new statement starts from the case's product of this vendor (or its only product).
  const suggested =
    c.products.find((p) => p.vendor.trim().toLowerCase() === orgName.trim().toLowerCase()) ??
    (c.products.length === 1 ? c.products[0] : undefined);
  const [product, setProduct] = useState(statement?.product ?? suggested?.product ?? '');
  const [purl, setPurl] = useState(
    statement?.purl ?? (suggested?.purl ? purlWithoutVersion(suggested.purl) : ''),
  );
  const [status, setStatus] = useState<StatementStatus | ''>(statement?.status ?? '');
  const [justification, setJustification] = useState<string>(statement?.justification ?? '');
  const [text, setText] = useState(statement?.statement ?? '');
  const [affectedVersions, setAffectedVersions] = useState(
    statement?.affectedVersions ?? suggested?.versions ?? '',
  );
  const [fixedVersions, setFixedVersions] = useState(statement?.fixedVersions.join(', ') ?? '');
  const [patches, setPatches] = useState<PatchRow[]>(
    statement?.patches.map((p) => patchRow(p.url, p.sha256 ?? '')) ?? [],
  );
  const [shared, setShared] = useState(statement?.shared ?? false);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const addPatchRef = useRef<HTMLButtonElement>(null);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);

  useEffect(() => {
    if (focusTarget === null) return;
    if (focusTarget === 'add') addPatchRef.current?.focus();
    else document.getElementById(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const fields: FieldLabels = {
    organizationId: { label: 'On behalf of', id: `${prefix}-org` },
    vulnerabilityId: { label: 'Vulnerability', id: `${prefix}-heading` },
    product: { label: 'Product', id: `${prefix}-product` },
    purl: { label: 'Package URL', id: `${prefix}-purl` },
    status: { label: 'Status', id: choiceId(`${prefix}-status`, STATEMENT_STATUSES[0]) },
    justification: { label: 'Justification', id: `${prefix}-justification` },
    statement: { label: 'Statement', id: `${prefix}-text` },
    affectedVersions: { label: 'Affected versions', id: `${prefix}-affected` },
    fixedVersions: { label: 'Fixed versions', id: `${prefix}-fixed` },
    patches: { label: 'Patch links', id: `${prefix}-patch-add` },
    shared: { label: 'Sharing', id: `${prefix}-shared` },
  };
  patches.forEach((row, index) => {
    fields[`patches.${String(index)}.url`] = {
      label: `Patch ${String(index + 1)} link`,
      id: `${prefix}-patch-${String(row.key)}-url`,
    };
    fields[`patches.${String(index)}.sha256`] = {
      label: `Patch ${String(index + 1)} SHA-256`,
      id: `${prefix}-patch-${String(row.key)}-sha256`,
    };
  });

  const { onSubmit, errors } = useFormSubmission(
    put,
    () =>
      checkParsed(
        StatementInput.safeParse({
          vulnerabilityId: vulnerability.id,
          organizationId: organizationId || undefined,
          product,
          purl: blankToNull(purl),
          cpe: statement?.cpe ?? null,
          status: status || undefined,
          justification: status === 'not_affected' ? blankToNull(justification) : null,
          statement: text,
          affectedVersions,
          fixedVersions: splitVersions(fixedVersions),
          patches: patches.map((p) => ({ url: p.url.trim(), sha256: blankToNull(p.sha256) })),
          shared,
        }),
        FRIENDLY,
        {},
        statementFieldKey,
      ),
    {
      onSuccess: () => {
        onSaved(
          `Your statement for ${product.trim()} is saved${
            shared ? '; the other participants see it once a coordinator approves it' : ''
          }.`,
        );
      },
    },
    statementFieldKey,
  );

  const updatePatch = (key: number, field: 'url' | 'sha256', value: string) => {
    setPatches((rows) => rows.map((row) => (row.key === key ? { ...row, [field]: value } : row)));
  };

  return (
    <section aria-labelledby={`${prefix}-heading`} className="case-form">
      <h4 id={`${prefix}-heading`} ref={headingRef} tabIndex={-1}>
        {statement ? `Revise your statement on ${statement.product}` : 'Add a statement'} for vulnerability{' '}
        {vulnerability.ordinal}
      </h4>
      <FormProblems
        errors={errors}
        error={put.error}
        fields={fields}
        heading="The statement was not saved"
        headingLevel="h5"
      />
      <Form onSubmit={onSubmit} noValidate large>
        {myOrgs.length > 1 && (
          <SelectField
            id={`${prefix}-org`}
            label="On behalf of"
            value={organizationId}
            error={errors.organizationId}
            onChange={(event) => {
              setOrganizationId(event.target.value);
            }}
          >
            {myOrgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          id={`${prefix}-product`}
          label="Product"
          hint="As your customers know it. One statement per product: stating the same product again replaces the earlier statement."
          value={product}
          maxLength={300}
          list={c.products.length > 0 ? `${prefix}-products` : undefined}
          autoComplete="off"
          error={errors.product}
          onChange={(event) => {
            const { value } = event.target;
            setProduct(value);
            const known = c.products.find((p) => p.product === value);
            if (known?.purl && purl.trim() === '') setPurl(purlWithoutVersion(known.purl));
          }}
        />
        {c.products.length > 0 && (
          <datalist id={`${prefix}-products`}>
            {c.products.map((p, index) => (
              <option key={index} value={p.product}>
                {p.vendor}
              </option>
            ))}
          </datalist>
        )}
        <TextField
          id={`${prefix}-purl`}
          label="Package URL (optional)"
          hint="Identifies the product, for example pkg:npm/acme-ui"
          value={purl}
          maxLength={1000}
          spellCheck={false}
          autoComplete="off"
          error={errors.purl}
          onChange={(event) => {
            setPurl(event.target.value);
          }}
        />
        <RadioGroupField
          id={`${prefix}-status`}
          legend="Status"
          error={errors.status}
          value={status}
          options={STATEMENT_STATUSES.map((s) => ({
            value: s,
            label: STATEMENT_STATUS_LABELS[s],
            description: STATEMENT_STATUS_HINTS[s],
          }))}
          onChange={(value) => {
            setStatus(value);
          }}
        />
        {status === 'not_affected' && (
          <SelectField
            id={`${prefix}-justification`}
            label="Justification"
            hint="Why the product is not affected (VEX)."
            value={justification}
            error={errors.justification}
            onChange={(event) => {
              setJustification(event.target.value);
            }}
          >
            <option value="">- Choose a justification -</option>
            {VEX_JUSTIFICATIONS.map((j) => (
              <option key={j} value={j}>
                {VEX_JUSTIFICATION_LABELS[j]}
              </option>
            ))}
          </SelectField>
        )}
        {status !== 'not_affected' && errors.justification && (
          // A justification problem the form no longer shows a field for.
          <FieldError id={`${prefix}-justification-error`}>{errors.justification}</FieldError>
        )}
        <FormGroup error={Boolean(errors.statement)}>
          <Label htmlFor={`${prefix}-text`} error={Boolean(errors.statement)}>
            Statement (optional)
          </Label>
          <span className="usa-hint" id={`${prefix}-text-hint`}>
            What customers should know or do, such as how to update.
          </span>
          {errors.statement && <FieldError id={`${prefix}-text-error`}>{errors.statement}</FieldError>}
          <Textarea
            id={`${prefix}-text`}
            name="statement"
            rows={4}
            value={text}
            error={Boolean(errors.statement)}
            aria-describedby={
              errors.statement ? `${prefix}-text-hint ${prefix}-text-error` : `${prefix}-text-hint`
            }
            onChange={(event) => {
              setText(event.target.value);
            }}
          />
        </FormGroup>
        <TextField
          id={`${prefix}-affected`}
          label="Affected versions (optional)"
          hint="For example “>= 4.0, < 4.2.1”."
          value={affectedVersions}
          maxLength={500}
          error={errors.affectedVersions}
          onChange={(event) => {
            setAffectedVersions(event.target.value);
          }}
        />
        <TextField
          id={`${prefix}-fixed`}
          label="Fixed versions"
          hint="Separated by commas, for example “4.2.1, 4.3.0”. Fixed needs these or a patch link."
          value={fixedVersions}
          error={errors.fixedVersions}
          onChange={(event) => {
            setFixedVersions(event.target.value);
          }}
        />
        <Fieldset legend="Patch links" className="margin-top-3">
          {patches.length === 0 && <p className="usa-hint margin-top-1">No patch links.</p>}
          {patches.map((row, index) => {
            const urlKey = `patches.${String(index)}.url`;
            const shaKey = `patches.${String(index)}.sha256`;
            return (
              <fieldset key={row.key} className="usa-fieldset product-row">
                <legend>Patch {index + 1}</legend>
                <TextField
                  id={`${prefix}-patch-${String(row.key)}-url`}
                  label="Link"
                  hint="https:// or http://"
                  type="url"
                  value={row.url}
                  maxLength={1000}
                  spellCheck={false}
                  error={errors[urlKey]}
                  onChange={(event) => {
                    updatePatch(row.key, 'url', event.target.value);
                  }}
                />
                <TextField
                  id={`${prefix}-patch-${String(row.key)}-sha256`}
                  label="SHA-256 (optional)"
                  hint="Of the file the link serves, so that people can check their download."
                  value={row.sha256}
                  maxLength={64}
                  spellCheck={false}
                  autoComplete="off"
                  className="hash-input"
                  error={errors[shaKey]}
                  onChange={(event) => {
                    updatePatch(row.key, 'sha256', event.target.value);
                  }}
                />
                <Button
                  type="button"
                  unstyled
                  className="margin-top-1"
                  onClick={() => {
                    setPatches((rows) => rows.filter((r) => r.key !== row.key));
                    setFocusTarget('add');
                  }}
                >
                  Remove patch {index + 1}
                </Button>
              </fieldset>
            );
          })}
          {errors.patches && <FieldError id={`${prefix}-patches-error`}>{errors.patches}</FieldError>}
          <Button
            ref={addPatchRef}
            id={`${prefix}-patch-add`}
            type="button"
            outline
            className="margin-top-2"
            disabled={patches.length >= 20}
            onClick={() => {
              const row = patchRow();
              setPatches((rows) => [...rows, row]);
              setFocusTarget(`${prefix}-patch-${String(row.key)}-url`);
            }}
          >
            Add a patch link
          </Button>
        </Fieldset>
        <Checkbox
          id={`${prefix}-shared`}
          name="shared"
          className="margin-top-3"
          label="Share with the other participants"
          labelDescription="They see it once a clearinghouse coordinator approves it. Unshared, only your organization and the clearinghouse see it."
          checked={shared}
          onChange={(event) => {
            setShared(event.target.checked);
          }}
        />
        <SubmitOrCancel label="Save statement" pending={put.isPending} onCancel={onCancel} />
      </Form>
    </section>
  );
}

import { Button, Checkbox, Fieldset, Form } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  CREDIT_PREFERENCES,
  DISCOVERY_METHODS,
  ReportSubmit,
  TLP_LABELS,
  type DiscoveryMethod,
  type Me,
  type ReportSubmitted,
  type Sector,
  type Tlp,
} from '@clearinghouse/shared';
import {
  AffectedProductsFieldset,
  blankProductRow,
  PRODUCT_FIELD_LABELS,
  PRODUCT_FIELD_NAMES,
  productFieldId,
  type ProductRow,
} from './affected-products-fieldset';
import { CweField } from './cwe-field';
import { MarkdownField } from './markdown-field';
import {
  CREDIT_LABELS,
  DISCOVERY_METHOD_HINTS,
  DISCOVERY_METHOD_LABELS,
  isAiDiscovery,
  TLP_EXPLANATIONS,
} from './report-labels';
import { ReportSubmittedPanel } from './report-submitted-panel';
import { useSubmitReport } from './reports.api';
import { useCurrentOrg } from '../../app/current-org';
import { FormProblems, type FieldErrors, type FieldKey, type FieldLabels } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { useMe } from '../auth/me.api';
import { blankToNull } from '../orgs/org-form-fields';
import { SectorCheckboxes } from '../orgs/sector-checkboxes';
import { ErrorAlert } from '../../components/error-alert';
import { choiceId, RadioGroupField, SelectField, TextField } from '../../components/form-fields';
import { PageHeading } from '../../components/page-heading';
import { Loading } from '../../components/status-message';

/** Problems inside a product row or the AI provenance stay with their own field. */
const reportFieldKey: FieldKey = (path) => {
  const [head, second, third] = path;
  if (head === 'affectedProducts' && second !== undefined && third !== undefined)
    return `affectedProducts.${String(second)}.${String(third)}`;
  if ((head === 'aiProvenance' || head === 'credit') && second !== undefined)
    return `${head}.${String(second)}`;
  return String(head ?? '');
};

const FRIENDLY: Record<string, string> = {
  title: 'Enter a title of 5 to 200 characters that names the product and the kind of flaw.',
  description:
    'Describe the vulnerability in at least 20 characters: what it is, how to reproduce it, and what an attacker gains.',
  'affectedProducts.*.vendor': 'Enter the vendor’s name.',
  'affectedProducts.*.product': 'Enter the product’s name.',
  'affectedProducts.*.purl': 'Enter a package URL such as pkg:npm/left-pad@1.3.0, or leave it blank.',
  'affectedProducts.*.cpe':
    'Enter a CPE 2.3 name such as cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*, or leave it blank.',
  suspectedCwe: 'Enter a CWE id such as CWE-79, or leave it blank.',
  suggestedCvss:
    'Enter a CVSS 3.1 or 4.0 vector such as CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, or leave it blank.',
  discoveryMethod: 'Choose how the vulnerability was found.',
  aiProvenance: 'Enter the name of the AI model that found it or helped find it.',
  'aiProvenance.modelName': 'Enter the name of the AI model that found it or helped find it.',
  contactEmail: 'Enter an email address, like name@example.com, or leave it blank.',
};

const ID = {
  reporterOrgId: 'report-on-behalf',
  title: 'report-title',
  description: 'report-description',
  suspectedCwe: 'report-cwe',
  suggestedCvss: 'report-cvss',
  discoveryMethod: 'report-method',
  modelName: 'report-ai-model',
  modelVersion: 'report-ai-version',
  developerOrg: 'report-ai-developer',
  harness: 'report-ai-harness',
  humanReproduced: 'report-ai-reproduced',
  requestedTlp: 'report-tlp',
  credit: 'report-credit',
  creditName: 'report-credited-name',
  creditHandle: 'report-credited-handle',
  contactName: 'report-contact-name',
  contactEmail: 'report-contact-email',
};

/** Labels and ids for the summary of problems: the fixed fields, and one set per product row. */
function fieldLabels(rows: readonly ProductRow[]): FieldLabels {
  const labels: FieldLabels = {
    reporterOrgId: { label: 'Report on behalf of', id: ID.reporterOrgId },
    title: { label: 'Title', id: ID.title },
    description: { label: 'Description', id: ID.description },
    affectedProducts: { label: 'Affected products', id: 'report-products' },
    suspectedCwe: { label: 'Suspected weakness (CWE)', id: ID.suspectedCwe },
    suggestedCvss: { label: 'Suggested CVSS vector', id: ID.suggestedCvss },
    discoveryMethod: { label: 'How it was found', id: choiceId(ID.discoveryMethod, DISCOVERY_METHODS[0]) },
    aiProvenance: { label: 'AI model name', id: ID.modelName },
    'aiProvenance.modelName': { label: 'AI model name', id: ID.modelName },
    'aiProvenance.modelVersion': { label: 'Model version', id: ID.modelVersion },
    'aiProvenance.developerOrg': { label: 'Model developer', id: ID.developerOrg },
    'aiProvenance.harness': { label: 'Harness or agent', id: ID.harness },
    sectors: { label: 'Sectors affected', id: 'report-sectors' },
    requestedTlp: { label: 'Sharing label (TLP)', id: choiceId(ID.requestedTlp, TLP_LABELS[0]) },
    credit: { label: 'Credit', id: choiceId(ID.credit, CREDIT_PREFERENCES[0]) },
    'credit.name': { label: 'Name to credit', id: ID.creditName },
    'credit.handle': { label: 'Handle to credit', id: ID.creditHandle },
    contactName: { label: 'Your name', id: ID.contactName },
    contactEmail: { label: 'Email address', id: ID.contactEmail },
  };
  rows.forEach((row, index) => {
    for (const field of Object.keys(PRODUCT_FIELD_LABELS) as (keyof typeof PRODUCT_FIELD_LABELS)[]) {
      labels[`affectedProducts.${index}.${field}`] = {
        label: `Product ${index + 1}, ${PRODUCT_FIELD_NAMES[field]}`,
        id: productFieldId(row, field),
      };
    }
  });
  return labels;
}

const DISCOVERY_OPTIONS = DISCOVERY_METHODS.map((method) => ({
  value: method,
  label: DISCOVERY_METHOD_LABELS[method],
  description: DISCOVERY_METHOD_HINTS[method],
}));

const TLP_OPTIONS = TLP_LABELS.map((tlp) => ({
  value: tlp,
  label: `TLP:${tlp}`,
  description: TLP_EXPLANATIONS[tlp],
}));

const CREDIT_OPTIONS = CREDIT_PREFERENCES.map((preference) => ({
  value: preference,
  label: CREDIT_LABELS[preference],
}));

type CreditPreference = (typeof CREDIT_PREFERENCES)[number];

interface AiDraft {
  modelName: string;
  modelVersion: string;
  developerOrg: string;
  harness: string;
  humanReproduced: boolean;
}

const BLANK_AI: AiDraft = {
  modelName: '',
  modelVersion: '',
  developerOrg: '',
  harness: '',
  humanReproduced: false,
};

/**
 * The report form. Signed-in users report as themselves (and may report on behalf of one of
 * their organizations); anyone else reports anonymously and may leave a contact for the
 * acknowledgement.
 */
function ReportForm({
  me,
  onSubmitted,
}: {
  me: Me | null;
  onSubmitted: (submitted: ReportSubmitted) => void;
}) {
  const submit = useSubmitReport();
  const { current } = useCurrentOrg();
  const [reporterOrgId, setReporterOrgId] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [products, setProducts] = useState<ProductRow[]>(() => [blankProductRow()]);
  const [suspectedCwe, setSuspectedCwe] = useState('');
  const [suggestedCvss, setSuggestedCvss] = useState('');
  const [discoveryMethod, setDiscoveryMethod] = useState<DiscoveryMethod | ''>('');
  const [ai, setAi] = useState<AiDraft>(BLANK_AI);
  const [vendorContacted, setVendorContacted] = useState(false);
  const [publiclyKnown, setPubliclyKnown] = useState(false);
  const [exploitedInWild, setExploitedInWild] = useState(false);
  const [sectors, setSectors] = useState<Sector[]>([]);
  const [requestedTlp, setRequestedTlp] = useState<Tlp>('AMBER');
  const [credit, setCredit] = useState<CreditPreference>('anonymous');
  const [creditName, setCreditName] = useState(me?.name ?? '');
  const [creditHandle, setCreditHandle] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactEmail, setContactEmail] = useState('');
  const aiFound = isAiDiscovery(discoveryMethod);

  const check = () => {
    const more: FieldErrors = {};
    if (credit === 'name' && creditName.trim() === '')
      more['credit.name'] = 'Enter the name to credit, or choose another way to be credited.';
    if (credit === 'handle' && creditHandle.trim() === '')
      more['credit.handle'] = 'Enter the handle to credit, or choose another way to be credited.';
    const parsed = ReportSubmit.safeParse({
      title,
      description,
      affectedProducts: products.map((row) => ({
        vendor: row.vendor,
        product: row.product,
        versions: row.versions,
        purl: blankToNull(row.purl),
        cpe: blankToNull(row.cpe),
      })),
      suspectedCwe: blankToNull(suspectedCwe),
      suggestedCvss: blankToNull(suggestedCvss),
      discoveryMethod: discoveryMethod || undefined,
      aiProvenance: aiFound
        ? {
            modelName: ai.modelName,
            modelVersion: blankToNull(ai.modelVersion),
            developerOrg: blankToNull(ai.developerOrg),
            harness: blankToNull(ai.harness),
            humanReproduced: ai.humanReproduced,
          }
        : null,
      vendorContacted,
      publiclyKnown,
      exploitedInWild,
      sectors,
      requestedTlp,
      credit: {
        preference: credit,
        name: credit === 'name' ? blankToNull(creditName) : null,
        handle: credit === 'handle' ? blankToNull(creditHandle) : null,
      },
      reporterOrgId: me && reporterOrgId ? reporterOrgId : null,
      contactName: me ? null : blankToNull(contactName),
      contactEmail: me ? null : blankToNull(contactEmail),
    });
    return checkParsed(parsed, FRIENDLY, more, reportFieldKey);
  };

  const { onSubmit, errors } = useFormSubmission(submit, check, { onSuccess: onSubmitted }, reportFieldKey);
  const setAiField = <K extends keyof AiDraft>(field: K, value: AiDraft[K]) => {
    setAi((draft) => ({ ...draft, [field]: value }));
  };

  return (
    <>
      <FormProblems
        errors={errors}
        error={submit.error}
        fields={fieldLabels(products)}
        heading="The report was not sent"
      />
      <Form onSubmit={onSubmit} noValidate large className="report-form">
        {me && me.memberships.length > 0 && (
          <SelectField
            id={ID.reporterOrgId}
            label="Report on behalf of"
            hint="Reporting for your organization lets its members follow the report too."
            value={reporterOrgId}
            error={errors.reporterOrgId}
            onChange={(event) => {
              setReporterOrgId(event.target.value);
            }}
          >
            <option value="">Only myself ({me.name})</option>
            {me.memberships.map((m) => (
              <option key={m.organization.id} value={m.organization.id}>
                {m.organization.name}
                {m.organization.id === current?.organization.id ? ' (your current organization)' : ''}
              </option>
            ))}
          </SelectField>
        )}

        <TextField
          id={ID.title}
          label="Title"
          hint="One line naming the product and the kind of flaw, for example “SQL injection in Acme Portal login”"
          value={title}
          maxLength={200}
          error={errors.title}
          onChange={(event) => {
            setTitle(event.target.value);
          }}
        />
        <MarkdownField
          id={ID.description}
          label="Description"
          hint="What the vulnerability is, the steps to reproduce it, and what an attacker gains. Markdown works: **bold**, `code`, lists and links."
          value={description}
          error={errors.description}
          onChange={setDescription}
        />

        <AffectedProductsFieldset rows={products} onChange={setProducts} errors={errors} />

        <CweField
          id={ID.suspectedCwe}
          label="Suspected weakness (CWE)"
          hint={
            me
              ? 'Optional. Type an id such as CWE-79, or words such as “cross-site scripting”, and choose from the suggestions.'
              : 'Optional, for example CWE-79.'
          }
          value={suspectedCwe}
          error={errors.suspectedCwe}
          onChange={setSuspectedCwe}
          suggest={me !== null}
        />
        <TextField
          id={ID.suggestedCvss}
          label="Suggested CVSS vector"
          hint="Optional, CVSS 3.1 or 4.0, for example CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
          value={suggestedCvss}
          maxLength={300}
          spellCheck={false}
          autoComplete="off"
          error={errors.suggestedCvss}
          onChange={(event) => {
            setSuggestedCvss(event.target.value);
          }}
        />

        <RadioGroupField
          id={ID.discoveryMethod}
          legend="How was it found?"
          options={DISCOVERY_OPTIONS}
          value={discoveryMethod}
          error={errors.discoveryMethod}
          onChange={setDiscoveryMethod}
        />
        {aiFound && (
          <Fieldset legend="AI provenance" className="margin-top-3" aria-describedby="report-ai-hint">
            <span className="usa-hint" id="report-ai-hint">
              Which AI system found it or helped: this helps us and the vendor judge the finding, and the
              community learn what AI can find.
            </span>
            <TextField
              id={ID.modelName}
              label="Model name"
              hint="For example the model’s public name"
              value={ai.modelName}
              maxLength={200}
              error={errors['aiProvenance.modelName'] ?? errors.aiProvenance}
              onChange={(event) => {
                setAiField('modelName', event.target.value);
              }}
            />
            <TextField
              id={ID.modelVersion}
              label="Model version"
              hint="Optional"
              value={ai.modelVersion}
              maxLength={100}
              error={errors['aiProvenance.modelVersion']}
              onChange={(event) => {
                setAiField('modelVersion', event.target.value);
              }}
            />
            <TextField
              id={ID.developerOrg}
              label="Model developer"
              hint="Optional: the organization that made the model"
              value={ai.developerOrg}
              maxLength={200}
              error={errors['aiProvenance.developerOrg']}
              onChange={(event) => {
                setAiField('developerOrg', event.target.value);
              }}
            />
            <TextField
              id={ID.harness}
              label="Harness or agent"
              hint="Optional: the agent, harness or scanner that drove the model"
              value={ai.harness}
              maxLength={300}
              error={errors['aiProvenance.harness']}
              onChange={(event) => {
                setAiField('harness', event.target.value);
              }}
            />
            <Checkbox
              id={ID.humanReproduced}
              name={ID.humanReproduced}
              label="A person reproduced the finding"
              checked={ai.humanReproduced}
              onChange={(event) => {
                setAiField('humanReproduced', event.target.checked);
              }}
            />
          </Fieldset>
        )}

        <Fieldset legend="What else should we know?" className="margin-top-3">
          <Checkbox
            id="report-vendor-contacted"
            name="vendorContacted"
            label="I have already told the vendor"
            checked={vendorContacted}
            onChange={(event) => {
              setVendorContacted(event.target.checked);
            }}
          />
          <Checkbox
            id="report-publicly-known"
            name="publiclyKnown"
            label="It is already publicly known"
            checked={publiclyKnown}
            onChange={(event) => {
              setPubliclyKnown(event.target.checked);
            }}
          />
          <Checkbox
            id="report-exploited"
            name="exploitedInWild"
            label="It is being exploited in the wild"
            checked={exploitedInWild}
            onChange={(event) => {
              setExploitedInWild(event.target.checked);
            }}
          />
        </Fieldset>

        <SectorCheckboxes
          idPrefix="report"
          legend="Sectors affected"
          hint="Optional: the critical-infrastructure sectors that rely on the affected products, as far as you know."
          value={sectors}
          onChange={setSectors}
          error={errors.sectors}
        />

        <RadioGroupField
          id={ID.requestedTlp}
          legend="Who may we share it with? (TLP)"
          hint="The Traffic Light Protocol label you ask for. While we triage, we keep every report at TLP:AMBER or stricter."
          options={TLP_OPTIONS}
          value={requestedTlp}
          error={errors.requestedTlp}
          onChange={setRequestedTlp}
        />

        <RadioGroupField
          id={ID.credit}
          legend="How should we credit you in the advisory?"
          options={CREDIT_OPTIONS}
          value={credit}
          error={errors.credit}
          onChange={setCredit}
        />
        {credit === 'name' && (
          <TextField
            id={ID.creditName}
            label="Name to credit"
            value={creditName}
            maxLength={200}
            autoComplete="name"
            error={errors['credit.name']}
            onChange={(event) => {
              setCreditName(event.target.value);
            }}
          />
        )}
        {credit === 'handle' && (
          <TextField
            id={ID.creditHandle}
            label="Handle to credit"
            value={creditHandle}
            maxLength={100}
            autoComplete="nickname"
            error={errors['credit.handle']}
            onChange={(event) => {
              setCreditHandle(event.target.value);
            }}
          />
        )}

        {!me && (
          <Fieldset
            legend="Contact (optional)"
            className="margin-top-3"
            aria-describedby="report-contact-hint"
          >
            <span className="usa-hint" id="report-contact-hint">
              Only for the acknowledgement: we e-mail you the reference and tell you when we answer. Leave it
              blank to stay fully anonymous; you can still follow up with the secret we show you.
            </span>
            <TextField
              id={ID.contactName}
              label="Your name"
              value={contactName}
              maxLength={200}
              autoComplete="name"
              error={errors.contactName}
              onChange={(event) => {
                setContactName(event.target.value);
              }}
            />
            <TextField
              id={ID.contactEmail}
              label="Email address"
              type="email"
              value={contactEmail}
              maxLength={254}
              autoComplete="email"
              error={errors.contactEmail}
              onChange={(event) => {
                setContactEmail(event.target.value);
              }}
            />
          </Fieldset>
        )}

        <Button type="submit" className="margin-top-4" disabled={submit.isPending}>
          {submit.isPending ? 'Sending…' : 'Submit report'}
        </Button>
      </Form>
    </>
  );
}

/** `/reports/new`: open to everyone, signed in or not. */
export function ReportFormPage() {
  const me = useMe();
  const [submitted, setSubmitted] = useState<ReportSubmitted | null>(null);
  // A new form (after "Report another") starts blank.
  const [formKey, setFormKey] = useState(0);

  // Until we know who is here, the form waits: a signed-in user must not report anonymously.
  if (me.isPending) {
    return (
      <>
        <PageHeading title="Report a vulnerability" />
        <Loading label="Checking whether you are signed in…" />
      </>
    );
  }
  const user = me.data ?? null;

  return (
    <>
      <PageHeading title="Report a vulnerability" />
      {submitted ? (
        <ReportSubmittedPanel
          submitted={submitted}
          signedIn={user !== null}
          onAnother={() => {
            setSubmitted(null);
            setFormKey((key) => key + 1);
          }}
        />
      ) : (
        <>
          <p className="usa-intro">
            Tell us about a vulnerability in a product or AI system, or one that an AI system found. We
            validate it, work with the vendor on a fix, and publish an advisory when it is safe to.
          </p>
          {me.isError && (
            <ErrorAlert
              error={me.error}
              heading="Could not check whether you are signed in"
              headingLevel="h2"
            />
          )}
          {user ? (
            <p>
              You are reporting as <strong>{user.name}</strong> ({user.email}). You can follow the report
              under{' '}
              <Link className="usa-link" to="/reports">
                Reports
              </Link>
              .
            </p>
          ) : (
            <p>
              You are not signed in, so this report is anonymous: after sending it you get a follow-up secret
              to read and answer our questions.{' '}
              <Link className="usa-link" to={`/sign-in?next=${encodeURIComponent('/reports/new')}`}>
                Sign in
              </Link>{' '}
              to report under your account instead.
            </p>
          )}
          <ReportForm key={formKey} me={user} onSubmitted={setSubmitted} />
        </>
      )}
    </>
  );
}

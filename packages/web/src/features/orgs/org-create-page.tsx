import { Button, Form } from '@trussworks/react-uswds';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ORGANIZATION_KINDS, OrganizationCreate, type Sector } from '@clearinghouse/shared';
import { blankToNull, ORG_FIELD_MESSAGES, orgFields } from './org-form-fields';
import { useCreateOrg } from './orgs.api';
import { SectorCheckboxes } from './sector-checkboxes';
import { FormProblems } from '../../app/form-errors';
import { ORGANIZATION_KIND_LABELS } from '../../app/format';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { SelectField, TextField } from '../../components/form-fields';
import { PageHeading } from '../../components/page-heading';

const FIELDS = orgFields('org');

export function OrgCreatePage() {
  const navigate = useNavigate();
  const create = useCreateOrg();
  const [name, setName] = useState('');
  const [kind, setKind] = useState('');
  const [sectors, setSectors] = useState<Sector[]>([]);
  const [website, setWebsite] = useState('');
  const [contactEmail, setContactEmail] = useState('');
  const { onSubmit, errors } = useFormSubmission(
    create,
    () =>
      checkParsed(
        OrganizationCreate.safeParse({
          name,
          kind,
          sectors,
          website: blankToNull(website),
          contactEmail: blankToNull(contactEmail),
        }),
        ORG_FIELD_MESSAGES,
      ),
    {
      onSuccess: (org) => {
        void navigate(`/orgs/${org.id}`);
      },
    },
  );

  return (
    <>
      <PageHeading title="Create organization" />
      <p className="usa-intro">
        You will be the new organization's first administrator, and can invite colleagues once it exists.
      </p>
      <FormProblems
        errors={errors}
        error={create.error}
        fields={FIELDS}
        heading="The organization was not created"
      />
      <Form onSubmit={onSubmit} noValidate large>
        <TextField
          id={FIELDS.name.id}
          label={FIELDS.name.label}
          autoComplete="organization"
          value={name}
          error={errors.name}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
        <SelectField
          id={FIELDS.kind.id}
          label={FIELDS.kind.label}
          hint="What the organization mainly does here"
          value={kind}
          error={errors.kind}
          onChange={(event) => {
            setKind(event.target.value);
          }}
        >
          <option value="">- Select -</option>
          {ORGANIZATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {ORGANIZATION_KIND_LABELS[k]}
            </option>
          ))}
        </SelectField>
        <SectorCheckboxes idPrefix="org" value={sectors} onChange={setSectors} error={errors.sectors} />
        <TextField
          id={FIELDS.website.id}
          label={FIELDS.website.label}
          hint="Optional, for example https://www.example.com"
          type="url"
          autoComplete="url"
          value={website}
          error={errors.website}
          onChange={(event) => {
            setWebsite(event.target.value);
          }}
        />
        <TextField
          id={FIELDS.contactEmail.id}
          label={FIELDS.contactEmail.label}
          hint="Optional: where security reports and notices should go"
          type="email"
          autoComplete="email"
          value={contactEmail}
          error={errors.contactEmail}
          onChange={(event) => {
            setContactEmail(event.target.value);
          }}
        />
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create organization'}
        </Button>
      </Form>
    </>
  );
}

import { Button, Checkbox, Fieldset, Form } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import { OrganizationUpdate, type Organization, type Sector } from '@clearinghouse/shared';
import { ClientPicker } from './client-picker';
import { blankToNull, ORG_FIELD_MESSAGES, orgFields } from './org-form-fields';
import { useUpdateOrg } from './orgs.api';
import { SectorCheckboxes } from './sector-checkboxes';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { TextField } from '../../components/form-fields';
import { LiveRegion, SuccessMessage } from '../../components/status-message';

const FIELDS = orgFields('org-edit');

interface Permissions {
  /** Organization admins edit the details. */
  canEditDetails: boolean;
  /** Clearinghouse admins mark an organization verified. */
  canVerify: boolean;
}

function OrgEditForm({
  org,
  permissions,
  update,
}: {
  org: Organization;
  permissions: Permissions;
  update: ReturnType<typeof useUpdateOrg>;
}) {
  const [name, setName] = useState(org.name);
  const [sectors, setSectors] = useState<Sector[]>(org.sectors);
  const [website, setWebsite] = useState(org.website ?? '');
  const [contactEmail, setContactEmail] = useState(org.contactEmail ?? '');
  const [clientIds, setClientIds] = useState(org.clients.map((c) => c.id));
  const [verified, setVerified] = useState(org.verifiedAt !== null);
  const { onSubmit, errors } = useFormSubmission(update, () =>
    checkParsed(
      OrganizationUpdate.safeParse({
        ...(permissions.canEditDetails && {
          name,
          sectors,
          website: blankToNull(website),
          contactEmail: blankToNull(contactEmail),
          clientIds,
        }),
        ...(permissions.canVerify && { verified }),
      }),
      ORG_FIELD_MESSAGES,
    ),
  );

  return (
    <>
      <FormProblems
        errors={errors}
        error={update.error}
        fields={FIELDS}
        heading="Your changes were not saved"
        headingLevel="h3"
      />
      <Form onSubmit={onSubmit} noValidate large>
        {permissions.canEditDetails && (
          <>
            <TextField
              id={FIELDS.name.id}
              label={FIELDS.name.label}
              value={name}
              error={errors.name}
              onChange={(event) => {
                setName(event.target.value);
              }}
            />
            <SectorCheckboxes
              idPrefix="org-edit"
              value={sectors}
              onChange={setSectors}
              error={errors.sectors}
            />
            <TextField
              id={FIELDS.website.id}
              label={FIELDS.website.label}
              hint="Optional, for example https://www.example.com"
              type="url"
              value={website}
              error={errors.website}
              onChange={(event) => {
                setWebsite(event.target.value);
              }}
            />
            <TextField
              id={FIELDS.contactEmail.id}
              label={FIELDS.contactEmail.label}
              hint="Optional"
              type="email"
              value={contactEmail}
              error={errors.contactEmail}
              onChange={(event) => {
                setContactEmail(event.target.value);
              }}
            />
            <ClientPicker org={org} value={clientIds} onChange={setClientIds} />
          </>
        )}
        {permissions.canVerify && (
          <Fieldset
            legend="Verification"
            className="margin-top-4 padding-top-2 border-top-1px border-base-lighter"
            aria-describedby="org-edit-verified-hint"
          >
            <span className="usa-hint" id="org-edit-verified-hint">
              Only clearinghouse administrators can change this.
            </span>
            <Checkbox
              id={FIELDS.verified.id}
              name="verified"
              label="Verified"
              labelDescription="Clearinghouse staff have confirmed that this organization is who it says it is."
              checked={verified}
              onChange={(event) => {
                setVerified(event.target.checked);
              }}
            />
          </Fieldset>
        )}
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save changes'}
        </Button>
      </Form>
    </>
  );
}

/**
 * "Saved" appears right under the Save button, and takes focus: the form is remounted with what
 * the server kept, so the button that had focus is gone.
 */
function SavedMessage({ saved }: { saved: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (saved) ref.current?.focus();
  }, [saved]);
  return (
    <LiveRegion className="margin-top-2">
      {saved && (
        <div ref={ref} tabIndex={-1}>
          <SuccessMessage>Your changes have been saved.</SuccessMessage>
        </div>
      )}
    </LiveRegion>
  );
}

export function OrgEditSection({ org, permissions }: { org: Organization; permissions: Permissions }) {
  const update = useUpdateOrg(org.id);
  return (
    <section aria-labelledby="org-edit-heading" className="margin-top-5">
      <h2 id="org-edit-heading">
        {permissions.canEditDetails ? 'Edit organization' : 'Verify organization'}
      </h2>
      {/* Remount with the saved organization, so the form shows what the server kept. */}
      <OrgEditForm key={org.updatedAt} org={org} permissions={permissions} update={update} />
      <SavedMessage saved={update.isSuccess} />
    </section>
  );
}

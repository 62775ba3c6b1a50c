import { Button, Form, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import { InventoryCreate, type Inventory } from '@clearinghouse/shared';
import './exposure.css';
import { useCreateInventory, useInventories, vexDownloadPath } from './exposure.api';
import { TextAreaField } from './exposure-fields';
import { SuppressionsSection } from './suppressions-section';
import { useCurrentOrg } from '../../app/current-org';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { TextField } from '../../components/form-fields';
import { Instant } from '../../components/instant';
import { PageHeading } from '../../components/page-heading';
import { QueryStates } from '../../components/query-states';
import { EmptyState, HiddenCaption, LiveRegion, SuccessMessage } from '../../components/status-message';

const FIELDS = {
  name: { label: 'Name', id: 'inventory-name' },
  description: { label: 'Description (optional)', id: 'inventory-description' },
};

function InventoryCreateForm({ orgId }: { orgId: string }) {
  const create = useCreateInventory();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { onSubmit, errors } = useFormSubmission(
    create,
    () =>
      checkParsed(InventoryCreate.safeParse({ name, description, orgId }), {
        name: 'Enter a name of up to 200 characters, such as the site or system.',
        description: 'Keep the description under 2,000 characters.',
      }),
    {
      onSuccess: () => {
        setName('');
        setDescription('');
      },
    },
  );
  return (
    <>
      <LiveRegion>
        {create.isSuccess && (
          <SuccessMessage>
            Created{' '}
            <Link className="usa-link" to={`/inventories/${encodeURIComponent(create.data.id)}`}>
              {create.data.name}
            </Link>
            . Open it to upload what it contains.
          </SuccessMessage>
        )}
      </LiveRegion>
      <FormProblems
        errors={errors}
        error={create.error}
        fields={FIELDS}
        heading="The inventory was not created"
        headingLevel="h3"
      />
      <Form onSubmit={onSubmit} noValidate>
        <TextField
          id={FIELDS.name.id}
          label={FIELDS.name.label}
          hint="A site or a system, such as “Main campus” or “Pharmacy systems”."
          value={name}
          error={errors.name}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
        <TextAreaField
          id={FIELDS.description.id}
          label={FIELDS.description.label}
          value={description}
          error={errors.description}
          onChange={(event) => {
            setDescription(event.target.value);
          }}
        />
        <Button type="submit" className="margin-top-2" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create inventory'}
        </Button>
      </Form>
    </>
  );
}

function InventoriesTable({ items }: { items: Inventory[] }) {
  return (
    <Table bordered fullWidth caption={<HiddenCaption>Your inventories</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Components</th>
          <th scope="col">Open exposures</th>
          <th scope="col">Last upload</th>
        </tr>
      </thead>
      <tbody>
        {items.map((inv) => (
          <tr key={inv.id}>
            <th scope="row" className="wrap-cell">
              <Link className="usa-link" to={`/inventories/${encodeURIComponent(inv.id)}`}>
                {inv.name}
              </Link>
              {inv.description && <span className="display-block text-normal">{inv.description}</span>}
            </th>
            <td>{inv.componentCount}</td>
            <td>
              {inv.openExposures > 0 ? (
                <Link className="usa-link" to={`/today?inventoryId=${encodeURIComponent(inv.id)}`}>
                  {inv.openExposures}
                  <span className="usa-sr-only"> open exposures in {inv.name}</span>
                </Link>
              ) : (
                0
              )}
            </td>
            <td className="wrap-cell">
              {inv.lastUpload ? (
                <>
                  <Instant iso={inv.lastUpload.at} />
                  <span className="display-block">{inv.lastUpload.filename}</span>
                </>
              ) : (
                'Never'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** `/inventories`: what the organization runs, grouped by site or system. */
export function InventoriesPage() {
  const { current } = useCurrentOrg();
  const orgId = current?.organization.id;
  const list = useInventories(orgId);
  const items = list.data?.items ?? [];
  if (!current) {
    return (
      <>
        <PageHeading title="Inventories" />
        <EmptyState title="You are not part of any organization yet." />
      </>
    );
  }
  return (
    <>
      <PageHeading title="Inventories" />
      <p className="usa-intro">
        Tell us what {current.organization.name} runs: software, devices and AI models. We match it against
        every published advisory and tell you on{' '}
        <Link className="usa-link" to="/today">
          What to do today
        </Link>{' '}
        what affects you.
      </p>
      <section aria-labelledby="inventories-heading" className="exposure-section">
        <h2 id="inventories-heading">Your inventories</h2>
        <QueryStates
          query={list}
          loadingLabel="Loading your inventories…"
          errorHeading="Could not load your inventories"
          headingLevel="h3"
          isEmpty={items.length === 0}
          emptyTitle="You have no inventories yet."
          emptyText={
            <p>Create one below, then upload an SBOM (CycloneDX or SPDX), a package-lock.json or a CSV.</p>
          }
        >
          <InventoriesTable items={items} />
        </QueryStates>
        <p>
          <a className="usa-link" href={vexDownloadPath(orgId)} download>
            Download VEX (CycloneDX)
          </a>
          : your statuses for every exposure, for your tools and auditors.
        </p>
      </section>
      <SuppressionsSection orgId={current.organization.id} />
      <section aria-labelledby="inventory-create-heading" className="exposure-section">
        <h2 id="inventory-create-heading">Create an inventory</h2>
        <InventoryCreateForm orgId={current.organization.id} />
      </section>
    </>
  );
}

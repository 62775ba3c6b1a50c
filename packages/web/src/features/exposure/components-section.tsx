import { Button, Form, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import { ComponentInput, type Component } from '@clearinghouse/shared';
import { useAddComponent, useComponents, useRemoveComponent } from './exposure.api';
import { componentLabel } from './exposure-labels';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { ConfirmButton } from '../../components/confirm-button';
import { TextField } from '../../components/form-fields';
import { LoadMore, ResultCount } from '../../components/paged-list';
import { MutationOutcome, QueryStates } from '../../components/query-states';
import { SearchForm } from '../../components/search-form';
import { HiddenCaption, LiveRegion, SuccessMessage } from '../../components/status-message';

const FIELDS = {
  vendor: { label: 'Vendor (optional)', id: 'component-vendor' },
  name: { label: 'Product', id: 'component-name' },
  version: { label: 'Version (optional)', id: 'component-version' },
  purl: { label: 'Package URL, purl (optional)', id: 'component-purl' },
  cpe: { label: 'CPE (optional)', id: 'component-cpe' },
  modelNumber: { label: 'Model number (optional)', id: 'component-model' },
  site: { label: 'Site (optional)', id: 'component-site' },
};
type FieldName = keyof typeof FIELDS;

const HINTS: Partial<Record<FieldName, string>> = {
  purl: 'Such as pkg:npm/lodash@4.17.21: the most exact match.',
  cpe: 'Such as cpe:2.3:o:acme:ip-200_firmware:4.1.0:*:*:*:*:*:*:*',
  site: 'Where it runs, such as “Main campus, ICU”.',
};

const EMPTY: Record<FieldName, string> = {
  vendor: '',
  name: '',
  version: '',
  purl: '',
  cpe: '',
  modelNumber: '',
  site: '',
};

/** "Add a component by hand": for what no SBOM lists (a device, a model). Matched at once. */
function AddComponentForm({ inventoryId }: { inventoryId: string }) {
  const add = useAddComponent(inventoryId);
  const [values, setValues] = useState(EMPTY);
  const optional = (v: string) => (v.trim() === '' ? null : v);
  const { onSubmit, errors } = useFormSubmission(
    add,
    () =>
      checkParsed(
        ComponentInput.safeParse({
          name: values.name,
          vendor: optional(values.vendor),
          version: optional(values.version),
          purl: optional(values.purl),
          cpe: optional(values.cpe),
          modelNumber: optional(values.modelNumber),
          site: optional(values.site),
        }),
        { name: 'Enter the product name (up to 300 characters).' },
      ),
    {
      onSuccess: () => {
        setValues(EMPTY);
      },
    },
  );
  return (
    <>
      <LiveRegion>
        {add.isSuccess && (
          <SuccessMessage>
            Added {componentLabel(add.data)}
            {add.data.openExposures > 0
              ? `: ${add.data.openExposures} ${add.data.openExposures === 1 ? 'exposure' : 'exposures'} found.`
              : '.'}
          </SuccessMessage>
        )}
      </LiveRegion>
      <FormProblems
        errors={errors}
        error={add.error}
        fields={FIELDS}
        heading="The component was not added"
        headingLevel="h3"
      />
      <Form onSubmit={onSubmit} noValidate className="maxw-none">
        <div className="grid-row grid-gap-2">
          {(Object.keys(FIELDS) as FieldName[]).map((field) => (
            <div key={field} className="tablet:grid-col-6">
              <TextField
                id={FIELDS[field].id}
                label={FIELDS[field].label}
                hint={HINTS[field]}
                value={values[field]}
                error={errors[field]}
                spellCheck={field === 'purl' || field === 'cpe' ? false : undefined}
                onChange={(event) => {
                  setValues((was) => ({ ...was, [field]: event.target.value }));
                }}
              />
            </div>
          ))}
        </div>
        <Button type="submit" className="margin-top-2" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add component'}
        </Button>
      </Form>
    </>
  );
}

function ComponentsTable({ items, inventoryId }: { items: Component[]; inventoryId: string }) {
  const remove = useRemoveComponent(inventoryId);
  return (
    <>
      <MutationOutcome
        mutation={remove}
        successMessage="The component was removed."
        errorHeading="The component was not removed"
        headingLevel="h3"
      />
      <Table bordered fullWidth compact caption={<HiddenCaption>Components</HiddenCaption>} scrollable>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Identifiers</th>
            <th scope="col">Site</th>
            <th scope="col">Source</th>
            <th scope="col">Open exposures</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => {
            const label = componentLabel(c);
            return (
              <tr key={c.id}>
                <th scope="row" className="wrap-cell">
                  {label}
                  {c.modelNumber && <span className="display-block text-normal">Model {c.modelNumber}</span>}
                </th>
                <td className="wrap-cell">
                  {c.purl && <code className="display-block text-break">{c.purl}</code>}
                  {c.cpe && <code className="display-block text-break">{c.cpe}</code>}
                  {!c.purl && !c.cpe && '—'}
                </td>
                <td className="wrap-cell">{c.site ?? '—'}</td>
                <td>{c.source === 'manual' ? 'Added by hand' : 'Upload'}</td>
                <td>{c.openExposures}</td>
                <td>
                  <ConfirmButton
                    label="Remove"
                    accessibleName={`Remove ${label}`}
                    question={`Remove ${label}? Its exposures close.`}
                    confirmLabel="Yes, remove"
                    busy={remove.isPending && remove.variables === c.id}
                    onConfirm={() => {
                      remove.mutate(c.id);
                    }}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </>
  );
}

/** The inventory's components, searchable and paged, and the form to add one by hand. */
export function ComponentsSection({ inventoryId }: { inventoryId: string }) {
  const [q, setQ] = useState('');
  const list = useComponents(inventoryId, q);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <section aria-labelledby="components-heading" className="exposure-section">
        <h2 id="components-heading">Components</h2>
        <SearchForm
          name="Components"
          search={{
            id: 'component-search',
            label: 'Search',
            hint: 'Name, vendor, purl or CPE',
            maxLength: 200,
          }}
          initialQuery={q}
          onSearch={(query) => {
            setQ(query);
          }}
        />
        <ResultCount
          query={list}
          count={items.length}
          singular="component"
          plural="components"
          searched={q !== ''}
        />
        <QueryStates
          query={list}
          loadingLabel="Loading the components…"
          errorHeading="Could not load the components"
          headingLevel="h3"
          isEmpty={items.length === 0}
          emptyTitle={q ? 'No component matches your search.' : 'This inventory has no components yet.'}
          emptyText={q ? undefined : <p>Upload a file above, or add a component by hand below.</p>}
        >
          <ComponentsTable items={items} inventoryId={inventoryId} />
          <LoadMore query={list} />
        </QueryStates>
      </section>
      <section aria-labelledby="component-add-heading" className="exposure-section">
        <h2 id="component-add-heading">Add a component by hand</h2>
        <p>For what no file lists: a medical device, a controller, an AI model.</p>
        <AddComponentForm inventoryId={inventoryId} />
      </section>
    </>
  );
}

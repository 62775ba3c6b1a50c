import { Button, Form, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import { VendorProductCreate } from '@clearinghouse/shared';
import { useAddVendorProduct, useRemoveVendorProduct, useVendorProducts } from './cases.api';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { blankToNull } from '../orgs/org-form-fields';
import { ConfirmButton } from '../../components/confirm-button';
import { TextField } from '../../components/form-fields';
import { Instant } from '../../components/instant';
import { MutationOutcome, QueryStates } from '../../components/query-states';
import { HiddenCaption, LiveRegion, SuccessMessage } from '../../components/status-message';

const FIELDS = {
  name: { label: 'Product name', id: 'vendor-product-name' },
  purl: { label: 'Package URL', id: 'vendor-product-purl' },
  cpe: { label: 'CPE name', id: 'vendor-product-cpe' },
};

function AddProductForm({ organizationId }: { organizationId: string }) {
  const add = useAddVendorProduct(organizationId);
  const [name, setName] = useState('');
  const [purl, setPurl] = useState('');
  const [cpe, setCpe] = useState('');
  const { onSubmit, errors } = useFormSubmission(
    add,
    () =>
      checkParsed(VendorProductCreate.safeParse({ name, purl: blankToNull(purl), cpe: blankToNull(cpe) }), {
        name: 'Enter the product’s name, in up to 300 characters.',
        purl: 'Enter a package URL without a version, such as pkg:npm/acme-ui, or leave it blank.',
        cpe: 'Enter a CPE 2.3 name such as cpe:2.3:a:acme:infusion_pump, or leave it blank.',
      }),
    {
      onSuccess: () => {
        setName('');
        setPurl('');
        setCpe('');
      },
    },
  );
  return (
    <>
      <LiveRegion>
        {add.isSuccess && <SuccessMessage>{add.data.name} is added to your product list.</SuccessMessage>}
      </LiveRegion>
      <FormProblems
        errors={errors}
        error={add.error}
        fields={FIELDS}
        heading="The product was not added"
        headingLevel="h4"
      />
      <Form onSubmit={onSubmit} noValidate large>
        <TextField
          id={FIELDS.name.id}
          label={FIELDS.name.label}
          value={name}
          maxLength={300}
          error={errors.name}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
        <TextField
          id={FIELDS.purl.id}
          label="Package URL (optional)"
          hint="Without a version, for example pkg:npm/acme-ui or pkg:generic/acme/pump-firmware"
          value={purl}
          maxLength={1000}
          spellCheck={false}
          autoComplete="off"
          error={errors.purl}
          onChange={(event) => {
            setPurl(event.target.value);
          }}
        />
        <TextField
          id={FIELDS.cpe.id}
          label="CPE name (optional)"
          hint="Vendor and product are enough, for example cpe:2.3:a:acme:infusion_pump"
          value={cpe}
          maxLength={1000}
          spellCheck={false}
          autoComplete="off"
          error={errors.cpe}
          onChange={(event) => {
            setCpe(event.target.value);
          }}
        />
        <Button type="submit" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add product'}
        </Button>
      </Form>
    </>
  );
}

/**
 * A vendor's products, which the clearinghouse matches against new cases (by package URL, CPE or
 * name) to find whom to invite. Members read it; its admins keep it.
 */
export function VendorProductsSection({
  organizationId,
  canManage,
}: {
  organizationId: string;
  canManage: boolean;
}) {
  const products = useVendorProducts(organizationId);
  const remove = useRemoveVendorProduct(organizationId);
  const items = products.data?.items ?? [];
  return (
    <section aria-labelledby="vendor-products-heading" className="margin-top-5">
      <h2 id="vendor-products-heading">Products</h2>
      <p>
        The clearinghouse matches new cases against these products, by package URL, CPE name or your
        organization’s name, to invite you when a vulnerability may affect them.
      </p>
      <MutationOutcome
        mutation={remove}
        successMessage="The product is removed from your list."
        errorHeading="The product was not removed"
        headingLevel="h3"
      />
      <QueryStates
        query={products}
        loadingLabel="Loading products…"
        errorHeading="Could not load the products"
        headingLevel="h3"
        isEmpty={items.length === 0}
        emptyTitle="No products listed yet."
        emptyText={
          canManage ? <p>Add your products below so that cases that concern them find you.</p> : undefined
        }
      >
        <Table bordered fullWidth compact caption={<HiddenCaption>Products</HiddenCaption>} scrollable>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Package URL</th>
              <th scope="col">CPE name</th>
              <th scope="col">Added</th>
              {canManage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td className="vector-cell">{p.purl ? <code className="vector">{p.purl}</code> : '—'}</td>
                <td className="vector-cell">{p.cpe ? <code className="vector">{p.cpe}</code> : '—'}</td>
                <td className="wrap-cell">
                  <Instant iso={p.createdAt} />
                </td>
                {canManage && (
                  <td className="member-actions">
                    <ConfirmButton
                      label="Remove"
                      accessibleName={`Remove ${p.name}`}
                      question={`Remove ${p.name}?`}
                      confirmLabel="Yes, remove"
                      busy={remove.isPending && remove.variables === p.id}
                      onConfirm={() => {
                        remove.mutate(p.id);
                      }}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      </QueryStates>
      {canManage && (
        <>
          <h3>Add a product</h3>
          <AddProductForm organizationId={organizationId} />
        </>
      )}
    </section>
  );
}

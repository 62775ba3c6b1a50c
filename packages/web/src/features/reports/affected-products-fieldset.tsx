import { Button, Fieldset, FormGroup } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import type { FieldErrors } from '../../app/form-errors';
import { FieldError, TextField } from '../../components/form-fields';

/** One row of the form: the product as typed, and a key that stays with it when rows go. */
export interface ProductRow {
  key: number;
  vendor: string;
  product: string;
  versions: string;
  purl: string;
  cpe: string;
}

export const MAX_PRODUCTS = 50;

let nextKey = 1;

export function blankProductRow(): ProductRow {
  return { key: nextKey++, vendor: '', product: '', versions: '', purl: '', cpe: '' };
}

type ProductField = Exclude<keyof ProductRow, 'key'>;

export const PRODUCT_FIELD_LABELS: Record<ProductField, string> = {
  vendor: 'Vendor',
  product: 'Product',
  versions: 'Affected versions',
  purl: 'Package URL (purl)',
  cpe: 'CPE name',
};

/** How the summary of problems names a field of a row: "Product 2, package URL". */
export const PRODUCT_FIELD_NAMES: Record<ProductField, string> = {
  vendor: 'vendor',
  product: 'product name',
  versions: 'affected versions',
  purl: 'package URL',
  cpe: 'CPE name',
};

const HINTS: Partial<Record<ProductField, string>> = {
  versions: 'For example “< 4.2.1” or “3.0 to 3.4”. Leave blank if you do not know.',
  purl: 'Optional, for example pkg:npm/left-pad@1.3.0',
  cpe: 'Optional, for example cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*',
};

export function productFieldId(row: ProductRow, field: ProductField): string {
  return `report-product-${row.key}-${field}`;
}

/**
 * Every product the flaw affects, one fieldset each, with buttons to add and remove rows. A new
 * row's first field takes focus; after a removal, focus goes to "Add another product".
 */
export function AffectedProductsFieldset({
  rows,
  onChange,
  errors,
}: {
  rows: ProductRow[];
  onChange: (rows: ProductRow[]) => void;
  errors: FieldErrors;
}) {
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusTarget === null) return;
    if (focusTarget === 'add') addRef.current?.focus();
    else document.getElementById(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const update = (key: number, field: ProductField, value: string) => {
    onChange(rows.map((row) => (row.key === key ? { ...row, [field]: value } : row)));
  };

  const add = () => {
    const row = blankProductRow();
    onChange([...rows, row]);
    setFocusTarget(productFieldId(row, 'vendor'));
  };

  const remove = (key: number) => {
    onChange(rows.filter((row) => row.key !== key));
    setFocusTarget('add');
  };

  const listError = errors.affectedProducts;
  return (
    <FormGroup error={Boolean(listError)}>
      <Fieldset
        legend="Affected products"
        id="report-products"
        aria-describedby={listError ? 'report-products-hint report-products-error' : 'report-products-hint'}
      >
        <span className="usa-hint" id="report-products-hint">
          Every product the vulnerability affects, one at a time. The package URL or CPE name helps us find
          everyone who runs it.
        </span>
        {listError && <FieldError id="report-products-error">{listError}</FieldError>}
        {rows.map((row, index) => (
          <Fieldset key={row.key} legend={`Product ${index + 1}`} className="product-row">
            {(Object.keys(PRODUCT_FIELD_LABELS) as ProductField[]).map((field) => (
              <TextField
                key={field}
                id={productFieldId(row, field)}
                label={PRODUCT_FIELD_LABELS[field]}
                hint={HINTS[field]}
                error={errors[`affectedProducts.${index}.${field}`]}
                value={row[field]}
                spellCheck={field === 'purl' || field === 'cpe' ? false : undefined}
                autoComplete="off"
                onChange={(event) => {
                  update(row.key, field, event.target.value);
                }}
              />
            ))}
            {rows.length > 1 && (
              <Button
                type="button"
                unstyled
                className="margin-top-2 text-secondary-dark"
                onClick={() => {
                  remove(row.key);
                }}
              >
                Remove product {index + 1}
              </Button>
            )}
          </Fieldset>
        ))}
        {rows.length < MAX_PRODUCTS && (
          <Button ref={addRef} type="button" outline className="margin-top-2" onClick={add}>
            Add another product
          </Button>
        )}
      </Fieldset>
    </FormGroup>
  );
}

import { Checkbox, Fieldset, FormGroup } from '@trussworks/react-uswds';
import { SECTORS, type Sector } from '@clearinghouse/shared';
import { SECTOR_LABELS, SECTORS_BY_LABEL } from '../../app/format';
import { FieldError } from '../../components/form-fields';

/** The sectors an organization serves, as checkboxes in a fieldset, in alphabetical order. */
export function SectorCheckboxes({
  idPrefix,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  value: readonly Sector[];
  onChange: (sectors: Sector[]) => void;
  error?: string | undefined;
}) {
  const toggle = (sector: Sector, checked: boolean) => {
    // Keep the contract's order, whatever order the boxes were ticked in.
    onChange(SECTORS.filter((s) => (s === sector ? checked : value.includes(s))));
  };
  return (
    <FormGroup error={Boolean(error)}>
      <Fieldset
        legend="Sectors"
        id={`${idPrefix}-sectors`}
        aria-describedby={
          error ? `${idPrefix}-sectors-hint ${idPrefix}-sectors-error` : `${idPrefix}-sectors-hint`
        }
      >
        <span className="usa-hint" id={`${idPrefix}-sectors-hint`}>
          Choose every critical-infrastructure sector you serve. You can choose none.
        </span>
        {error && <FieldError id={`${idPrefix}-sectors-error`}>{error}</FieldError>}
        <div className="sector-grid">
          {SECTORS_BY_LABEL.map((sector) => (
            <Checkbox
              key={sector}
              id={`${idPrefix}-sector-${sector}`}
              name="sectors"
              value={sector}
              label={SECTOR_LABELS[sector]}
              checked={value.includes(sector)}
              onChange={(event) => {
                toggle(sector, event.target.checked);
              }}
            />
          ))}
        </div>
      </Fieldset>
    </FormGroup>
  );
}

import { Checkbox, Fieldset, FormGroup } from '@trussworks/react-uswds';
import { SECTORS, type Sector } from '@clearinghouse/shared';
import { SECTOR_LABELS, SECTORS_BY_LABEL } from '../../app/format';
import { FieldError } from '../../components/form-fields';

/**
 * Sectors as checkboxes in a fieldset, in alphabetical order: by default those an organization
 * serves; other forms (a report's affected sectors) say what they ask with `legend` and `hint`.
 */
export function SectorCheckboxes({
  idPrefix,
  value,
  onChange,
  error,
  legend = 'Sectors',
  hint = 'Choose every critical-infrastructure sector you serve. You can choose none.',
}: {
  idPrefix: string;
  value: readonly Sector[];
  onChange: (sectors: Sector[]) => void;
  error?: string | undefined;
  legend?: string;
  hint?: string;
}) {
  const toggle = (sector: Sector, checked: boolean) => {
    // Keep the contract's order, whatever order the boxes were ticked in.
    onChange(SECTORS.filter((s) => (s === sector ? checked : value.includes(s))));
  };
  return (
    <FormGroup error={Boolean(error)}>
      <Fieldset
        legend={legend}
        id={`${idPrefix}-sectors`}
        aria-describedby={
          error ? `${idPrefix}-sectors-hint ${idPrefix}-sectors-error` : `${idPrefix}-sectors-hint`
        }
      >
        <span className="usa-hint" id={`${idPrefix}-sectors-hint`}>
          {hint}
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

import { Fieldset, FormGroup } from '@trussworks/react-uswds';
import {
  SSVC_AUTOMATABLE,
  SSVC_EXPLOITATION,
  SSVC_MISSION_WELLBEING,
  SSVC_TECHNICAL_IMPACT,
  type SsvcInput,
} from '@clearinghouse/shared';
import { SSVC_DECISION_HINTS, SSVC_LABELS } from './report-labels';
import { SsvcTag } from './report-tags';
import { previewSsvcDecision } from './ssvc-preview';
import { FieldError, SelectField } from '../../components/form-fields';
import { LiveRegion } from '../../components/status-message';

/** The four decision points as a form holds them: each one chosen, or '' (not assessed). */
export type SsvcDraft = { [K in keyof SsvcInput]: SsvcInput[K] | '' };

/** The four decision points of CISA's coordinator tree, with the values each takes. */
const DECISION_POINTS: readonly { key: keyof SsvcInput; label: string; values: readonly string[] }[] = [
  { key: 'exploitation', label: 'Exploitation', values: SSVC_EXPLOITATION },
  { key: 'automatable', label: 'Automatable', values: SSVC_AUTOMATABLE },
  { key: 'technicalImpact', label: 'Technical impact', values: SSVC_TECHNICAL_IMPACT },
  { key: 'missionWellbeing', label: 'Mission and well-being impact', values: SSVC_MISSION_WELLBEING },
];

/** The problem when only some decision points are chosen. */
export const SSVC_INCOMPLETE = 'Choose all four SSVC decision points, or none of them.';

/** A draft of what was saved before, or an empty one. */
export function ssvcDraft(saved: SsvcInput | null | undefined): SsvcDraft {
  return {
    exploitation: saved?.exploitation ?? '',
    automatable: saved?.automatable ?? '',
    technicalImpact: saved?.technicalImpact ?? '',
    missionWellbeing: saved?.missionWellbeing ?? '',
  };
}

/** All four chosen: the input; none: null; some: undefined (a problem to report). */
export function ssvcFrom(draft: SsvcDraft): SsvcInput | null | undefined {
  const { exploitation, automatable, technicalImpact, missionWellbeing } = draft;
  if (exploitation && automatable && technicalImpact && missionWellbeing)
    return { exploitation, automatable, technicalImpact, missionWellbeing };
  if (!exploitation && !automatable && !technicalImpact && !missionWellbeing) return null;
  return undefined;
}

/** Where the problem summary links an SSVC problem: the first decision point. */
export function ssvcSummaryField(idPrefix: string): { label: string; id: string } {
  return { label: 'SSVC', id: `${idPrefix}-ssvc-exploitation` };
}

function pointLabel(key: keyof SsvcInput, value: string): string {
  const labels: Readonly<Record<string, string>> = SSVC_LABELS[key];
  return labels[value] ?? value;
}

/**
 * The four SSVC decision points as selects in one fieldset, with a preview of the decision of
 * CISA's coordinator tree (the server decides). Ids start with `${idPrefix}-ssvc`.
 */
export function SsvcFields({
  idPrefix,
  value,
  onChange,
  error,
  hints = {},
}: {
  idPrefix: string;
  value: SsvcDraft;
  onChange: (draft: SsvcDraft) => void;
  error?: string | undefined;
  /** A line under a decision point's label, where the form explains it. */
  hints?: Partial<Record<keyof SsvcInput, string>>;
}) {
  const id = `${idPrefix}-ssvc`;
  const input = ssvcFrom(value);
  const preview = input ? previewSsvcDecision(input) : null;
  return (
    <FormGroup error={Boolean(error)}>
      <Fieldset
        legend="SSVC decision points (CISA coordinator tree)"
        id={id}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      >
        <span className="usa-hint" id={`${id}-hint`}>
          Choose all four, or none.
        </span>
        {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
        {DECISION_POINTS.map((point) => (
          <SelectField
            key={point.key}
            id={`${id}-${point.key}`}
            label={point.label}
            hint={hints[point.key]}
            value={value[point.key]}
            onChange={(event) => {
              const chosen = event.target.value;
              onChange({ ...value, [point.key]: point.values.includes(chosen) ? chosen : '' });
            }}
          >
            <option value="">- Not assessed -</option>
            {point.values.map((choice) => (
              <option key={choice} value={choice}>
                {pointLabel(point.key, choice)}
              </option>
            ))}
          </SelectField>
        ))}
        <LiveRegion className="ssvc-preview">
          {preview && (
            <p>
              Decision, once saved: <SsvcTag decision={preview} /> {SSVC_DECISION_HINTS[preview]}
            </p>
          )}
        </LiveRegion>
      </Fieldset>
    </FormGroup>
  );
}

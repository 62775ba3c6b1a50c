import { Button } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Tlp, TLP_LABELS, type Me, type Report, type ReportUpdate } from '@clearinghouse/shared';
import { TLP_EXPLANATIONS } from './report-labels';
import { useUpdateReport } from './reports.api';
import { isApiError } from '../../app/api';
import { ErrorAlert } from '../../components/error-alert';
import { SelectField } from '../../components/form-fields';
import { LiveRegion, SuccessMessage } from '../../components/status-message';

function describe(update: ReportUpdate, report: Report): string {
  if (update.tlp !== undefined) return `The report is now TLP:${report.tlp}.`;
  if (update.assigneeId === null) return 'Nobody is assigned to the report now.';
  return `The report is assigned to ${report.assignee?.name ?? 'you'}.`;
}

/** Who works on the report, and its TLP label. */
export function AssignmentPanel({ report, routeId, me }: { report: Report; routeId: string; me: Me }) {
  const update = useUpdateReport(routeId);
  const [tlp, setTlp] = useState<Tlp>(report.tlp);
  const [outcome, setOutcome] = useState<string | null>(null);
  // When the saved label changes, the choice follows it.
  const [savedTlp, setSavedTlp] = useState<Tlp>(report.tlp);
  if (report.tlp !== savedTlp) {
    setSavedTlp(report.tlp);
    setTlp(report.tlp);
  }

  const save = (request: ReportUpdate) => {
    setOutcome(null);
    update.mutate(request, {
      onSuccess: (updated) => {
        setOutcome(describe(request, updated));
      },
    });
  };

  const assignedToMe = report.assignee?.id === me.id;
  // A TLP:RED report is readable only by the people named on it: the server answers "not found"
  // to anyone else, even right after they set the label.
  const lostAccess = isApiError(update.error, 'not_found') && update.variables?.tlp === 'RED';

  return (
    <>
      <LiveRegion>{outcome && <SuccessMessage>{outcome}</SuccessMessage>}</LiveRegion>
      {lostAccess ? (
        <ErrorAlert
          error={
            new Error('The report is now TLP:RED and you are not named on it, so you can no longer read it.')
          }
          heading="You no longer have access"
          headingLevel="h3"
        />
      ) : (
        update.isError && (
          <ErrorAlert error={update.error} heading="The change was not saved" headingLevel="h3" />
        )
      )}
      <p>
        Assigned to:{' '}
        <strong>
          {report.assignee
            ? assignedToMe
              ? `${report.assignee.name} (you)`
              : report.assignee.name
            : 'nobody'}
        </strong>
      </p>
      <div className="button-row">
        {!assignedToMe && (
          <Button
            type="button"
            outline
            disabled={update.isPending}
            onClick={() => {
              save({ assigneeId: me.id });
            }}
          >
            Assign to me
          </Button>
        )}
        {report.assignee && (
          <Button
            type="button"
            outline
            disabled={update.isPending}
            onClick={() => {
              save({ assigneeId: null });
            }}
          >
            Unassign
          </Button>
        )}
      </div>
      <div className="tlp-editor">
        <SelectField
          id="report-tlp-select"
          label="Sharing label (TLP)"
          hint={`${TLP_EXPLANATIONS[tlp]}${tlp === 'RED' ? ' The assignee is named on it; anyone else loses access.' : ''}`}
          value={tlp}
          onChange={(event) => {
            const parsed = Tlp.safeParse(event.target.value);
            if (parsed.success) setTlp(parsed.data);
          }}
        >
          {TLP_LABELS.map((label) => (
            <option key={label} value={label}>
              TLP:{label}
            </option>
          ))}
        </SelectField>
        <Button
          type="button"
          outline
          className="margin-top-1"
          disabled={update.isPending}
          onClick={() => {
            if (tlp === report.tlp) {
              update.reset();
              setOutcome(`The report is already TLP:${tlp}; nothing to save.`);
              return;
            }
            save({ tlp });
          }}
        >
          Save label
        </Button>
      </div>
    </>
  );
}

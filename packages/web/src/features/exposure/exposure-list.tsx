import { Button, Table } from '@trussworks/react-uswds';
import { Link } from 'react-router';
import type { Exposure } from '@clearinghouse/shared';
import { componentLabel } from './exposure-labels';
import { ExposureStatusTag, PriorityTag } from './exposure-tags';
import { isWebUrl } from './web-url';
import { HiddenCaption } from '../../components/status-message';

/** The plain-language action, with the vendor's patch or notice when there is one. */
export function ActionText({ exposure }: { exposure: Exposure }) {
  const { action } = exposure;
  return (
    <>
      <span className="exposure-action">{action.text}</span>
      {action.url !== null && isWebUrl(action.url) && (
        <>
          {' '}
          <a
            className="usa-link usa-link--external"
            href={action.url}
            rel="noreferrer noopener"
            target="_blank"
          >
            Patch or vendor notice
            <span className="usa-sr-only"> for {componentLabel(exposure.component)}</span>
          </a>
        </>
      )}
    </>
  );
}

/** "CVE-2026-40001: Path traversal…", linked to the exposure's page. */
function VulnerabilityCell({ exposure }: { exposure: Exposure }) {
  const v = exposure.vulnerability;
  return (
    <>
      <Link className="usa-link" to={`/exposures/${encodeURIComponent(exposure.id)}`}>
        {v.key}
      </Link>
      <span className="display-block">{v.title}</span>
      {v.cvss && (
        <span className="display-block font-body-3xs">
          CVSS {v.cvss.version} score {v.cvss.score.toFixed(1)}
        </span>
      )}
    </>
  );
}

/**
 * Exposures in the order to act on them (the server ranks them: known exploited first, then SSVC
 * Act and Attend, then CVSS). In review mode each row offers Promote and Dismiss.
 */
export function ExposureTable({
  items,
  caption,
  review,
}: {
  items: Exposure[];
  caption: string;
  review?: {
    onTriage: (exposure: Exposure, triage: 'promoted' | 'dismissed') => void;
    busyId: string | undefined;
  };
}) {
  return (
    <Table bordered fullWidth caption={<HiddenCaption>{caption}</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">Priority</th>
          <th scope="col">What to do</th>
          <th scope="col">Component</th>
          <th scope="col">Vulnerability</th>
          <th scope="col">Inventory</th>
          <th scope="col">Status</th>
          {review && <th scope="col">Review</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((exposure) => {
          const label = componentLabel(exposure.component);
          return (
            <tr key={exposure.id}>
              <td>
                <PriorityTag tier={exposure.priority.tier} />
              </td>
              <td className="wrap-cell">
                <ActionText exposure={exposure} />
              </td>
              <th scope="row" className="wrap-cell">
                {label}
                {exposure.component.site && (
                  <span className="display-block text-normal font-body-3xs">
                    Site: {exposure.component.site}
                  </span>
                )}
              </th>
              <td className="wrap-cell">
                <VulnerabilityCell exposure={exposure} />
              </td>
              <td className="wrap-cell">
                <Link className="usa-link" to={`/inventories/${encodeURIComponent(exposure.inventory.id)}`}>
                  {exposure.inventory.name}
                </Link>
              </td>
              <td>
                <ExposureStatusTag status={exposure.status} />
              </td>
              {review && (
                <td>
                  <div className="button-row">
                    <Button
                      type="button"
                      secondary
                      disabled={review.busyId === exposure.id}
                      aria-label={`Promote ${exposure.vulnerability.key} in ${label}`}
                      onClick={() => {
                        review.onTriage(exposure, 'promoted');
                      }}
                    >
                      Promote
                    </Button>
                    <Button
                      type="button"
                      outline
                      disabled={review.busyId === exposure.id}
                      aria-label={`Dismiss ${exposure.vulnerability.key} in ${label}`}
                      onClick={() => {
                        review.onTriage(exposure, 'dismissed');
                      }}
                    >
                      Dismiss
                    </Button>
                  </div>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

import { Button, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Case, CvssScore, CaseVulnerability } from '@clearinghouse/shared';
import { FocusedOutcome, useFormToggle } from './case-ui';
import { VulnerabilityForm } from './vulnerability-form';
import { formatCvss, SSVC_DECISION_HINTS } from '../reports/report-labels';
import { SsvcTag } from '../reports/report-tags';
import { Markdown } from '../../components/markdown';
import { EmptyState, HiddenCaption } from '../../components/status-message';

function Score({ score }: { score: CvssScore | null }) {
  if (!score) return <span className="text-base">not scored</span>;
  return <strong>{formatCvss(score)}</strong>;
}

function VulnerabilityTitle({ v, reportRef }: { v: CaseVulnerability; reportRef: string | undefined }) {
  const vectors = [v.cvss31?.vector, v.cvss40?.vector, v.ssvc?.vector].filter(
    (vector): vector is string => vector !== undefined,
  );
  return (
    <>
      {v.title}
      {reportRef && v.reportId && (
        <span className="display-block text-normal">
          From report{' '}
          <Link className="usa-link" to={`/reports/${v.reportId}`}>
            {reportRef}
          </Link>
        </span>
      )}
      {(v.description.trim() || vectors.length > 0) && (
        <details className="case-details text-normal">
          <summary>
            Details<span className="usa-sr-only"> of vulnerability {v.ordinal}</span>
          </summary>
          {vectors.length > 0 && (
            <ul className="usa-list usa-list--unstyled margin-y-1">
              {vectors.map((vector) => (
                <li key={vector}>
                  <code className="vector">{vector}</code>
                </li>
              ))}
            </ul>
          )}
          <Markdown>{v.description}</Markdown>
        </details>
      )}
    </>
  );
}

/** The case's vulnerabilities with their scores; coordinators add and edit them. */
export function VulnerabilitiesSection({ c, routeId }: { c: Case; routeId: string }) {
  const form = useFormToggle();
  const [outcome, setOutcome] = useState<string | null>(null);
  const reportRefs = new Map(c.reports.map((r) => [r.id, r.ref]));
  const editing = c.vulnerabilities.find((v) => v.id === form.openKey);

  const open = (key: string) => {
    setOutcome(null);
    form.show(key);
  };
  const saved = (message: string) => {
    form.done();
    setOutcome(message);
  };

  return (
    <section aria-labelledby="vulnerabilities-heading" id="vulnerabilities" className="case-section">
      <h2 id="vulnerabilities-heading">Vulnerabilities</h2>
      <FocusedOutcome message={outcome} />
      {c.vulnerabilities.length === 0 ? (
        <EmptyState title="No vulnerabilities in this case yet." />
      ) : (
        <Table bordered fullWidth compact caption={<HiddenCaption>Vulnerabilities</HiddenCaption>} scrollable>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Vulnerability</th>
              <th scope="col">CVE</th>
              <th scope="col">CVSS</th>
              <th scope="col">SSVC</th>
              <th scope="col">CWE</th>
            </tr>
          </thead>
          <tbody>
            {c.vulnerabilities.map((v) => (
              <tr key={v.id}>
                <td>{v.ordinal}</td>
                <th scope="row" className="vulnerability-title-cell">
                  <VulnerabilityTitle v={v} reportRef={v.reportId ? reportRefs.get(v.reportId) : undefined} />
                  {c.canCoordinate && (
                    <Button
                      ref={form.opener(v.id)}
                      type="button"
                      unstyled
                      className="display-block margin-top-05 text-normal"
                      aria-label={`Edit vulnerability ${String(v.ordinal)}`}
                      aria-expanded={form.openKey === v.id}
                      onClick={() => {
                        open(v.id);
                      }}
                    >
                      Edit
                    </Button>
                  )}
                </th>
                <td className="text-no-wrap">{v.cveId ?? <span className="text-base">Not assigned</span>}</td>
                <td>
                  <span className="display-block text-no-wrap">
                    3.1: <Score score={v.cvss31} />
                  </span>
                  <span className="display-block text-no-wrap">
                    4.0: <Score score={v.cvss40} />
                  </span>
                </td>
                <td>
                  {v.ssvc ? (
                    <span title={SSVC_DECISION_HINTS[v.ssvc.decision]}>
                      <SsvcTag decision={v.ssvc.decision} />
                    </span>
                  ) : (
                    <span className="text-base">Not decided</span>
                  )}
                </td>
                <td className="wrap-cell">
                  {v.cwe ? (
                    <>
                      <span className="text-no-wrap">{v.cwe.id}</span>
                      <span className="display-block text-base">{v.cwe.name}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {c.canCoordinate && editing && (
        <VulnerabilityForm
          key={editing.id}
          routeId={routeId}
          vulnerability={editing}
          onSaved={saved}
          onCancel={form.cancel}
        />
      )}
      {c.canCoordinate &&
        (form.openKey === 'new' ? (
          <VulnerabilityForm routeId={routeId} onSaved={saved} onCancel={form.cancel} />
        ) : (
          <Button
            ref={form.opener('new')}
            type="button"
            outline
            className="margin-top-2"
            onClick={() => {
              open('new');
            }}
          >
            Add a vulnerability
          </Button>
        ))}
    </section>
  );
}

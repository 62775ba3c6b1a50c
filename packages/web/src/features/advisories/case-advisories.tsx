import { Button, Table } from '@trussworks/react-uswds';
import { Link, useNavigate } from 'react-router';
import type { AdvisorySummary, Case } from '@clearinghouse/shared';
import './advisories.css';
import { useAdvisoryList, useDraftAdvisory } from './advisories.api';
import { AdvisoryStatusTag } from './advisory-tags';
import { ActionProblems } from '../cases/case-ui';
import { TlpTag } from '../reports/report-tags';
import { Instant } from '../../components/instant';
import { LoadMore } from '../../components/paged-list';
import { QueryStates } from '../../components/query-states';
import { HiddenCaption } from '../../components/status-message';

/**
 * Coordinators draft the case's advisory from what the case knows, then edit it. Once the case
 * has one, the button says "another", so a second draft is a choice rather than a slip.
 */
function DraftAdvisoryButton({ c, existing }: { c: Case; existing: number | undefined }) {
  const draft = useDraftAdvisory();
  const navigate = useNavigate();
  const another = existing !== undefined && existing > 0;
  return (
    <div className="margin-top-2">
      <ActionProblems error={draft.error} heading="The advisory was not drafted" headingLevel="h3" />
      <div className="button-row">
        <Button
          type="button"
          outline
          // Until the list has loaded, whether this would be a second draft is unknown.
          disabled={draft.isPending || existing === undefined}
          onClick={() => {
            draft.mutate(
              { caseId: c.id, profile: 'csaf_security_advisory' },
              {
                onSuccess: (advisory) => {
                  void navigate(`/advisories/${advisory.id}/edit`);
                },
              },
            );
          }}
        >
          {draft.isPending ? 'Drafting…' : another ? 'Draft another advisory' : 'Draft advisory'}
        </Button>
        <span className="usa-hint">
          {another
            ? 'The case already has an advisory: edit it rather than start over, unless a second one is meant.'
            : 'Starts from the vulnerabilities and the approved vendor statements; you edit it before release.'}
        </span>
      </div>
    </div>
  );
}

function CaseAdvisoriesTable({ advisories, canEdit }: { advisories: AdvisorySummary[]; canEdit: boolean }) {
  return (
    <Table bordered fullWidth compact caption={<HiddenCaption>Advisories of the case</HiddenCaption>}>
      <thead>
        <tr>
          <th scope="col">Tracking id</th>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">TLP</th>
          <th scope="col">Released</th>
        </tr>
      </thead>
      <tbody>
        {advisories.map((a) => (
          <tr key={a.id}>
            <th scope="row" className="wrap-cell">
              <Link className="usa-link" to={`/advisories/${a.id}`}>
                {a.ref}
              </Link>
              {canEdit && (
                <span className="display-block text-normal">
                  <Link className="usa-link" to={`/advisories/${a.id}/edit`}>
                    Edit<span className="usa-sr-only"> {a.ref}</span>
                  </Link>
                </span>
              )}
            </th>
            <td className="wrap-cell">{a.title}</td>
            <td>
              <AdvisoryStatusTag status={a.status} />
            </td>
            <td>
              <TlpTag tlp={a.tlp} />
            </td>
            <td className="wrap-cell">
              {a.releasedAt ? (
                <Instant iso={a.releasedAt} />
              ) : a.releaseAt ? (
                <>
                  Due <Instant iso={a.releaseAt} />
                </>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/**
 * The case's advisories (those the reader may see: drafts only for the clearinghouse), and for
 * its coordinators the button that drafts one.
 */
export function CaseAdvisoriesSection({ c }: { c: Case }) {
  const list = useAdvisoryList({ caseId: c.id });
  const advisories = list.data?.pages.flatMap((page) => page.items) ?? [];
  const known = list.isSuccess ? advisories.length : list.isError ? 0 : undefined;
  return (
    <section aria-labelledby="case-advisories-heading" id="advisories" className="margin-bottom-3">
      <h2 id="case-advisories-heading" className="margin-bottom-1">
        Advisories
      </h2>
      <QueryStates
        query={list}
        loadingLabel="Loading the case’s advisories…"
        errorHeading="Could not load the case’s advisories"
        headingLevel="h3"
        isEmpty={advisories.length === 0}
        emptyTitle={
          c.canCoordinate
            ? 'No advisory has been drafted for this case yet.'
            : 'No advisory of this case has been shared with you yet.'
        }
      >
        <CaseAdvisoriesTable advisories={advisories} canEdit={c.canCoordinate} />
        <LoadMore query={list} />
      </QueryStates>
      {c.canCoordinate && <DraftAdvisoryButton c={c} existing={known} />}
    </section>
  );
}

import { Button, Form, Table } from '@trussworks/react-uswds';
import { useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AdvisorySummary } from '@clearinghouse/shared';
import './advisories.css';
import { useAdvisoryList } from './advisories.api';
import { AdvisoryStatusTag } from './advisory-tags';
import { isTriageStaff } from '../auth/session';
import { useMe } from '../auth/me.api';
import { TlpTag } from '../reports/report-tags';
import { TextField } from '../../components/form-fields';
import { Instant } from '../../components/instant';
import { PageHeading } from '../../components/page-heading';
import { LoadMore, ResultCount } from '../../components/paged-list';
import { QueryStates } from '../../components/query-states';
import { HiddenCaption } from '../../components/status-message';

/** Words and a CVE id, applied together; remount it (key) when the address holds a new search. */
function AdvisorySearch({
  initialQ,
  initialCve,
  onSearch,
}: {
  initialQ: string;
  initialCve: string;
  onSearch: (q: string, cve: string) => void;
}) {
  const [q, setQ] = useState(initialQ);
  const [cve, setCve] = useState(initialCve);
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(q.trim(), cve.trim());
  };
  return (
    <Form onSubmit={submit} className="filter-form" role="search" aria-label="Advisories">
      <div className="filter-row">
        <div className="filter-field filter-field--wide">
          <TextField
            id="advisory-search"
            label="Search"
            hint="Words in the title, or a tracking id such as CHSA-2026-0001"
            type="search"
            value={q}
            maxLength={200}
            onChange={(event) => {
              setQ(event.target.value);
            }}
          />
        </div>
        <div className="filter-field">
          <TextField
            id="advisory-cve"
            label="CVE"
            hint="Such as CVE-2026-12345"
            type="search"
            value={cve}
            maxLength={40}
            spellCheck={false}
            onChange={(event) => {
              setCve(event.target.value);
            }}
          />
        </div>
        <div className="filter-actions">
          <Button type="submit">Search</Button>
        </div>
      </div>
    </Form>
  );
}

function AdvisoriesTable({ advisories, signedIn }: { advisories: AdvisorySummary[]; signedIn: boolean }) {
  return (
    <Table bordered fullWidth compact caption={<HiddenCaption>Advisories</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">Tracking id</th>
          <th scope="col">Title</th>
          <th scope="col">CVE</th>
          <th scope="col">TLP</th>
          {signedIn && <th scope="col">Status</th>}
          <th scope="col">Released</th>
        </tr>
      </thead>
      <tbody>
        {advisories.map((a) => (
          <tr key={a.id}>
            <th scope="row" className="text-no-wrap">
              <Link className="usa-link" to={`/advisories/${a.ref}`}>
                {a.ref}
              </Link>
            </th>
            <td className="report-title-cell">
              {a.title}
              {a.source === 'imported' && <span className="display-block text-base">Imported</span>}
            </td>
            <td className="wrap-cell">{a.cves.length > 0 ? a.cves.join(', ') : '—'}</td>
            <td>
              <TlpTag tlp={a.tlp} />
            </td>
            {signedIn && (
              <td>
                <AdvisoryStatusTag status={a.status} />
              </td>
            )}
            <td className="wrap-cell">
              {a.releasedAt ? (
                <Instant iso={a.releasedAt} />
              ) : a.releaseAt ? (
                <>
                  Due <Instant iso={a.releaseAt} />
                </>
              ) : (
                'Not released'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** `/advisories`: released TLP:CLEAR advisories for everyone; signed-in people see the drafts they may. */
export function AdvisoriesPage() {
  const me = useMe().data ?? null;
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const cve = params.get('cve') ?? '';
  const list = useAdvisoryList({ q: q || undefined, cve: cve || undefined });
  const advisories = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = q !== '' || cve !== '';
  const staff = me !== null && isTriageStaff(me);

  const search = (nextQ: string, nextCve: string) => {
    const next = new URLSearchParams();
    if (nextQ) next.set('q', nextQ);
    if (nextCve) next.set('cve', nextCve);
    setParams(next);
  };

  return (
    <>
      <PageHeading title="Security advisories" />
      <p className="usa-intro">
        Vulnerabilities coordinated through the clearinghouse, with the affected products and what to do about
        them. Each advisory is also published as CSAF, OSV and CVE records.
      </p>
      {staff && (
        <p>
          <Link className="usa-link" to="/advisories/import">
            Import advisories from other publishers
          </Link>
        </p>
      )}
      <AdvisorySearch key={params.toString()} initialQ={q} initialCve={cve} onSearch={search} />
      <ResultCount
        query={list}
        count={advisories.length}
        singular="advisory"
        plural="advisories"
        searched={filtered}
      />
      <QueryStates
        query={list}
        loadingLabel="Loading advisories…"
        errorHeading="Could not load the advisories"
        isEmpty={advisories.length === 0}
        emptyTitle={filtered ? 'No advisories match your search.' : 'No advisories have been published yet.'}
        emptyText={
          filtered ? (
            <p>
              <Link className="usa-link" to="/advisories">
                Clear the search
              </Link>{' '}
              to see every advisory.
            </p>
          ) : (
            <p>Advisories appear here once a coordinated disclosure is complete and the embargo has ended.</p>
          )
        }
      >
        <AdvisoriesTable advisories={advisories} signedIn={me !== null} />
        <LoadMore query={list} />
      </QueryStates>
    </>
  );
}

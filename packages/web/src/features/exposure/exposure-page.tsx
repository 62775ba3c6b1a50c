import { Alert } from '@trussworks/react-uswds';
import { Link, useParams } from 'react-router';
import type { ExposureDetail, ExposureSource } from '@clearinghouse/shared';
import './exposure.css';
import { useExposure } from './exposure.api';
import {
  componentLabel,
  CONFIDENCE_EXPLANATIONS,
  EXPOSURE_STATUS_LABELS,
  PRIORITY_TIER_HINTS,
  TRIAGE_LABELS,
  VEX_JUSTIFICATION_LABELS,
} from './exposure-labels';
import { ActionText } from './exposure-list';
import { ExposureStatusForm } from './exposure-status-form';
import { isWebUrl } from './web-url';
import { ExposureStatusTag, PriorityTag } from './exposure-tags';
import { SuppressForm } from './suppress-form';
import { isApiError } from '../../app/api';
import { formatDate } from '../../app/format';
import { SSVC_DECISION_LABELS } from '../reports/report-labels';
import { TlpTag } from '../reports/report-tags';
import { ErrorAlert } from '../../components/error-alert';
import { Instant } from '../../components/instant';
import { PageHeading } from '../../components/page-heading';
import { Loading } from '../../components/status-message';

/** Our released advisories open here; imported documents at their source. */
function SourceLink({ source }: { source: ExposureSource }) {
  const text = `${source.trackingId}: ${source.title}`;
  if (source.kind === 'advisory')
    return (
      <Link className="usa-link" to={`/advisories/${encodeURIComponent(source.trackingId)}`}>
        {text}
      </Link>
    );
  if (source.url && isWebUrl(source.url))
    return (
      <a className="usa-link usa-link--external" href={source.url} rel="noreferrer noopener" target="_blank">
        {text}
      </a>
    );
  return <span>{text}</span>;
}

/** KEV dates come from the catalog as `YYYY-MM-DD`; an empty or unreadable one is left out. */
function knownDate(value: string | null): boolean {
  return value !== null && value !== '' && !Number.isNaN(Date.parse(value));
}

function VulnerabilityFacts({ exposure }: { exposure: ExposureDetail }) {
  const v = exposure.vulnerability;
  return (
    <dl className="details-list">
      <dt>Vulnerability</dt>
      <dd>
        {v.key}: {v.title}
      </dd>
      {v.aliases.some((a) => a !== v.key) && (
        <>
          <dt>Also known as</dt>
          <dd>{v.aliases.filter((a) => a !== v.key).join(', ')}</dd>
        </>
      )}
      <dt>Known exploited</dt>
      <dd>
        {v.kev && knownDate(v.kev.dateAdded) ? (
          <>
            Yes: in CISA’s Known Exploited Vulnerabilities catalog since {formatDate(v.kev.dateAdded)}
            {knownDate(v.kev.dueDate) && ` (federal agencies must fix it by ${formatDate(v.kev.dueDate)})`}
            {v.kev.ransomware && '; used in ransomware campaigns'}.
          </>
        ) : v.exploited || v.kev ? (
          'Yes: the advisory says attackers are using it.'
        ) : (
          'No known exploitation.'
        )}
      </dd>
      <dt>SSVC decision</dt>
      <dd>{v.ssvcDecision ? SSVC_DECISION_LABELS[v.ssvcDecision] : 'Not given'}</dd>
      <dt>CVSS</dt>
      <dd>
        {v.cvss ? (
          <>
            {v.cvss.version} base score {v.cvss.score.toFixed(1)}
            {v.cvss.vector && <code className="display-block text-break">{v.cvss.vector}</code>}
          </>
        ) : (
          'Not scored'
        )}
      </dd>
      <dt>Weakness (CWE)</dt>
      <dd>{v.cwe ?? 'Not given'}</dd>
    </dl>
  );
}

function ComponentFacts({ exposure }: { exposure: ExposureDetail }) {
  const c = exposure.component;
  const row = (term: string, value: string | null, code = false) => (
    <>
      <dt>{term}</dt>
      <dd>{value ? code ? <code className="text-break">{value}</code> : value : '—'}</dd>
    </>
  );
  return (
    <dl className="details-list">
      {row('Name', c.name)}
      {row('Vendor', c.vendor)}
      {row('Version', c.version)}
      {row('Package URL (purl)', c.purl, true)}
      {row('CPE', c.cpe, true)}
      {row('Model number', c.modelNumber)}
      {row('Site', c.site)}
      <dt>Inventory</dt>
      <dd>
        <Link className="usa-link" to={`/inventories/${encodeURIComponent(exposure.inventory.id)}`}>
          {exposure.inventory.name}
        </Link>
      </dd>
    </dl>
  );
}

function History({ exposure }: { exposure: ExposureDetail }) {
  if (exposure.history.length === 0) return <p>No changes yet.</p>;
  return (
    <ol className="usa-list">
      {exposure.history.map((event, i) => (
        <li key={i}>
          <Instant iso={event.at} />: {event.from ? `${EXPOSURE_STATUS_LABELS[event.from]} → ` : 'Found, '}
          {EXPOSURE_STATUS_LABELS[event.to]}
          {event.actor ? ` by ${event.actor.name}` : ' (automatically)'}
          {event.note && <span className="display-block">“{event.note}”</span>}
        </li>
      ))}
    </ol>
  );
}

/** `/exposures/:id`: what to do, why, about which component, how sure we are, and the status. */
export function ExposurePage() {
  const { id = '' } = useParams();
  const query = useExposure(id);
  if (!query.data) {
    return (
      <>
        <PageHeading title="Exposure" />
        {isApiError(query.error, 'not_found') ? (
          <p className="usa-intro">There is no exposure at this address, or you may not see it.</p>
        ) : query.isError ? (
          <ErrorAlert error={query.error} heading="Could not load the exposure" />
        ) : (
          <Loading label="Loading the exposure…" />
        )}
      </>
    );
  }
  const e = query.data;
  return (
    <>
      <PageHeading title={`${e.vulnerability.key} in ${componentLabel(e.component)}`} />
      <p>
        <PriorityTag tier={e.priority.tier} /> <ExposureStatusTag status={e.status} />
      </p>
      {e.withdrawn && (
        <Alert type="info" slim>
          The advisory was revised and no longer covers this component, so this exposure was closed.
        </Alert>
      )}

      <section aria-labelledby="exposure-action-heading" className="exposure-section">
        <h2 id="exposure-action-heading">What to do</h2>
        <p className="font-body-md">
          <ActionText exposure={e} />
        </p>
        <p>{PRIORITY_TIER_HINTS[e.priority.tier]}</p>
        {e.action.fixedVersion && <p>Fixed in version {e.action.fixedVersion}.</p>}
      </section>

      <section aria-labelledby="exposure-vulnerability-heading" className="exposure-section">
        <h2 id="exposure-vulnerability-heading">The vulnerability</h2>
        <VulnerabilityFacts exposure={e} />
        <h3>Advisories</h3>
        <ul className="usa-list">
          {e.sources.map((s) => (
            <li key={`${s.kind}-${s.id}`}>
              <SourceLink source={s} /> ({s.publisher}) <TlpTag tlp={s.tlp} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="exposure-component-heading" className="exposure-section">
        <h2 id="exposure-component-heading">Your component</h2>
        <ComponentFacts exposure={e} />
      </section>

      <section aria-labelledby="exposure-confidence-heading" className="exposure-section">
        <h2 id="exposure-confidence-heading">How sure we are</h2>
        <p>{CONFIDENCE_EXPLANATIONS[e.confidence]}</p>
        <p>
          {e.alerting
            ? 'It is on your “What to do today” list and in your alerts.'
            : 'It is only listed under “Needs review” until someone promotes it.'}{' '}
          {TRIAGE_LABELS[e.triage]}. First found <Instant iso={e.firstSeenAt} />.
        </p>
      </section>

      <section aria-labelledby="exposure-status-heading" className="exposure-section">
        <h2 id="exposure-status-heading">Status</h2>
        <dl className="details-list">
          <dt>Status</dt>
          <dd>{EXPOSURE_STATUS_LABELS[e.status]}</dd>
          {e.justification && (
            <>
              <dt>Why not affected</dt>
              <dd>{VEX_JUSTIFICATION_LABELS[e.justification]}</dd>
            </>
          )}
          {e.riskAcceptedUntil && (
            <>
              <dt>Risk accepted until</dt>
              <dd>
                <Instant iso={e.riskAcceptedUntil} />
              </dd>
            </>
          )}
          {e.note && (
            <>
              <dt>Note</dt>
              <dd>{e.note}</dd>
            </>
          )}
        </dl>
        <ExposureStatusForm exposure={e} />
      </section>

      <section aria-labelledby="exposure-suppress-heading" className="exposure-section">
        <h2 id="exposure-suppress-heading">Suppress</h2>
        <SuppressForm exposure={e} />
      </section>

      <section aria-labelledby="exposure-history-heading" className="exposure-section">
        <h2 id="exposure-history-heading">History</h2>
        <History exposure={e} />
      </section>

      <p className="margin-top-4">
        <Link className="usa-link" to="/today">
          Back to What to do today
        </Link>
      </p>
    </>
  );
}

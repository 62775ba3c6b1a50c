import { Table } from '@trussworks/react-uswds';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type {
  Advisory,
  AdvisoryContent,
  AdvisoryProduct,
  AdvisoryReference,
  AdvisoryVulnerability,
} from '@clearinghouse/shared';
import './advisories.css';
import { documentUrls, useAdvisory } from './advisories.api';
import { PROFILE_LABELS, REMEDIATION_CATEGORY_LABELS } from './advisory-labels';
import { AdvisoryStatusTag } from './advisory-tags';
import { isApiError } from '../../app/api';
import { VEX_JUSTIFICATION_LABELS } from '../cases/case-labels';
import { StatementStatusTag } from '../cases/case-tags';
import { SSVC_DECISION_LABELS } from '../reports/report-labels';
import { ExploitedTag, TlpTag } from '../reports/report-tags';
import { ErrorAlert } from '../../components/error-alert';
import { Instant } from '../../components/instant';
import { isSafeUrl, Markdown } from '../../components/markdown';
import { PageHeading } from '../../components/page-heading';
import { EmptyState, HiddenCaption, Loading } from '../../components/status-message';

function AdvisoryNotFound() {
  return (
    <>
      <PageHeading title="Advisory not found" />
      <p className="usa-intro">
        There is no advisory at this address, or it is not published yet. Advisories under embargo are visible
        only to the clearinghouse and the organizations taking part in the case.
      </p>
      <p>
        <Link className="usa-link" to="/advisories">
          Back to Security advisories
        </Link>
      </p>
    </>
  );
}

/** A link to somewhere else, only when it is an http(s) address; otherwise the text. */
function ExternalLink({ url, children }: { url: string; children?: ReactNode }) {
  if (!isSafeUrl(url)) return <span className="text-break">{children ?? url}</span>;
  return (
    <a className="usa-link text-break" href={url} rel="noopener noreferrer nofollow">
      {children ?? url}
    </a>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} id={id} className="advisory-section">
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

/** "Acme Widget 2.0.1", "Acme Widget vers:npm/>=1.0.0|<1.4.2". */
function productName(p: AdvisoryProduct | undefined, key: string): string {
  return p ? `${p.vendor} ${p.product}` : key;
}

function ReferenceList({ references }: { references: readonly AdvisoryReference[] }) {
  return (
    <ul className="usa-list">
      {references.map((r) => (
        <li key={r.url}>
          <ExternalLink url={r.url}>{r.summary}</ExternalLink>
          {r.category === 'self' && <span className="text-base"> (this advisory)</span>}
        </li>
      ))}
    </ul>
  );
}

function StatusTable({
  v,
  products,
  caption,
}: {
  v: AdvisoryVulnerability;
  products: Map<string, AdvisoryProduct>;
  caption: string;
}) {
  if (v.statuses.length === 0) return <EmptyState title="No product status is given." />;
  return (
    <Table bordered fullWidth compact caption={<HiddenCaption>{caption}</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">Vendor</th>
          <th scope="col">Product</th>
          <th scope="col">Version or range</th>
          <th scope="col">Status</th>
          <th scope="col">Justification and statement</th>
        </tr>
      </thead>
      <tbody>
        {v.statuses.map((s) => {
          const p = products.get(s.productKey);
          return (
            <tr key={s.productKey}>
              <td>{p?.vendor ?? '—'}</td>
              <th scope="row" className="wrap-cell">
                {p?.product ?? s.productKey}
                {p?.purl && <code className="display-block text-normal text-break">{p.purl}</code>}
              </th>
              <td className="wrap-cell">
                <code>{p?.version ?? p?.range ?? 'all versions'}</code>
              </td>
              <td>
                <StatementStatusTag status={s.status} />
              </td>
              <td className="wrap-cell">
                {s.justification && (
                  <span className="display-block">{VEX_JUSTIFICATION_LABELS[s.justification]}</span>
                )}
                {s.statement && <span className="display-block pre-wrap">{s.statement}</span>}
                {!s.justification && !s.statement && '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

function VulnerabilityDetails({
  v,
  index,
  products,
}: {
  v: AdvisoryVulnerability;
  index: number;
  products: Map<string, AdvisoryProduct>;
}) {
  const name = v.cveId ? `${v.cveId}: ${v.title}` : v.title;
  return (
    <article aria-labelledby={`vulnerability-${index}-heading`} className="margin-top-3">
      <h3 id={`vulnerability-${index}-heading`}>{name}</h3>
      {v.exploited && (
        <p>
          <ExploitedTag />
          {v.exploitedSince && <> since {v.exploitedSince}</>}
        </p>
      )}
      <dl className="details-list">
        <dt>CVSS 3.1</dt>
        <dd>{v.cvss31 ? <code className="text-break">{v.cvss31}</code> : 'Not scored'}</dd>
        <dt>CVSS 4.0</dt>
        <dd>{v.cvss40 ? <code className="text-break">{v.cvss40}</code> : 'Not scored'}</dd>
        <dt>SSVC</dt>
        <dd>
          {v.ssvc ? (
            <>
              {SSVC_DECISION_LABELS[v.ssvc.decision]} <code className="text-break">{v.ssvc.vector}</code>
            </>
          ) : (
            'Not decided'
          )}
        </dd>
        <dt>Weakness</dt>
        <dd>{v.cwe ?? '—'}</dd>
      </dl>
      {v.notes && <Markdown>{v.notes}</Markdown>}
      <h4>Affected products</h4>
      <StatusTable v={v} products={products} caption={`Product status for ${name}`} />
      <h4>What to do</h4>
      {v.remediations.length === 0 ? (
        <EmptyState title="No remediation is given." />
      ) : (
        <ul className="usa-list">
          {v.remediations.map((r, i) => (
            <li key={i}>
              <strong>{REMEDIATION_CATEGORY_LABELS[r.category]}</strong> for{' '}
              {r.productKeys.map((k) => productName(products.get(k), k)).join(', ')}:{' '}
              <span className="pre-wrap">{r.details}</span>
              {r.url && (
                <>
                  {' '}
                  <ExternalLink url={r.url} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {v.references.length > 0 && (
        <>
          <h4>References</h4>
          <ReferenceList references={v.references} />
        </>
      )}
    </article>
  );
}

function Downloads({ a }: { a: Advisory }) {
  const urls = documentUrls(a.id);
  if (!a.documents.csaf) {
    return a.canEdit ? (
      <p>
        Not released yet.{' '}
        <a className="usa-link" href={urls.csafPreview}>
          Preview the CSAF document
        </a>{' '}
        or the{' '}
        <a className="usa-link" href={urls.cve}>
          CVE records (JSON)
        </a>
        .
      </p>
    ) : (
      <p>Not released yet.</p>
    );
  }
  const csaf = a.documents.csaf;
  return (
    <ul className="usa-list advisory-downloads">
      <li>
        <a className="usa-link" href={csaf}>
          CSAF 2.0 document (JSON)
        </a>{' '}
        <a className="usa-link" href={`${csaf}.sha256`}>
          SHA-256
        </a>{' '}
        <a className="usa-link" href={`${csaf}.sha512`}>
          SHA-512
        </a>{' '}
        <a className="usa-link" href={`${csaf}.asc`}>
          OpenPGP signature
        </a>
      </li>
      <li>
        <a className="usa-link" href={urls.osv}>
          OSV records (JSON)
        </a>
        {a.documents.osv.length > 0 && (
          <>
            {': '}
            {a.documents.osv.map((o, i) => (
              <span key={o.id}>
                {i > 0 && ', '}
                <a className="usa-link" href={o.url}>
                  {o.id}
                </a>
              </span>
            ))}
          </>
        )}
      </li>
      {a.cves.length > 0 && (
        <li>
          <a className="usa-link" href={urls.cve}>
            CVE records (JSON)
          </a>
        </li>
      )}
    </ul>
  );
}

function Acknowledgments({ content }: { content: AdvisoryContent }) {
  return (
    <ul className="usa-list">
      {content.acknowledgments.map((ack, i) => (
        <li key={i}>
          {[ack.names.join(', '), ack.organization].filter(Boolean).join(' of ') || 'Anonymous'}
          {ack.summary && ` ${ack.summary}`}
        </li>
      ))}
    </ul>
  );
}

/** `/advisories/:id` (an id or a tracking id): the advisory as readers see it. */
export function AdvisoryPage() {
  const { id = '' } = useParams();
  const query = useAdvisory(id);

  if (!query.data) {
    if (isApiError(query.error, 'not_found')) return <AdvisoryNotFound />;
    return (
      <>
        <PageHeading title="Advisory" />
        {query.isError ? (
          <ErrorAlert error={query.error} heading="Could not load the advisory" />
        ) : (
          <Loading label="Loading the advisory…" />
        )}
      </>
    );
  }

  const a = query.data;
  const content = a.content;
  const products = new Map(content.products.map((p) => [p.key, p]));
  return (
    <>
      <PageHeading title={`${a.ref}: ${content.title}`} />
      <p className="report-tags">
        <TlpTag tlp={content.tlp} /> <AdvisoryStatusTag status={a.status} />{' '}
        <span className="case-header-fact">{PROFILE_LABELS[content.profile]}</span>
      </p>
      <dl className="details-list">
        <dt>Tracking id</dt>
        <dd>
          <span className="report-ref">{a.ref}</span>
        </dd>
        <dt>CVE</dt>
        <dd>{a.cves.length > 0 ? a.cves.join(', ') : 'None assigned'}</dd>
        <dt>Released</dt>
        <dd>
          {a.releasedAt ? (
            <Instant iso={a.releasedAt} />
          ) : a.releaseAt ? (
            <>
              Not yet; due <Instant iso={a.releaseAt} />
            </>
          ) : (
            'Not yet'
          )}
        </dd>
        {a.earlyRelease && (
          <>
            <dt>Released early</dt>
            <dd>
              {a.earlyRelease.reason} ({a.earlyRelease.by.name}, <Instant iso={a.earlyRelease.at} />)
            </dd>
          </>
        )}
        {a.caseRef && a.caseId && (
          <>
            <dt>Case</dt>
            <dd>
              <Link className="usa-link" to={`/cases/${a.caseId}`}>
                {a.caseRef}
              </Link>
            </dd>
          </>
        )}
      </dl>
      {a.canEdit && (
        <p>
          <Link className="usa-button margin-top-2" to={`/advisories/${a.id}/edit`}>
            Edit the advisory
          </Link>
        </p>
      )}

      <Section id="summary" title="Summary">
        {content.summary ? <Markdown>{content.summary}</Markdown> : <p>No summary.</p>}
        {content.details && <Markdown>{content.details}</Markdown>}
      </Section>

      <Section id="vulnerabilities" title="Vulnerabilities">
        {content.vulnerabilities.map((v, i) => (
          <VulnerabilityDetails key={i} v={v} index={i} products={products} />
        ))}
      </Section>

      {content.acknowledgments.length > 0 && (
        <Section id="acknowledgments" title="Acknowledgments">
          <Acknowledgments content={content} />
        </Section>
      )}

      {content.references.length > 0 && (
        <Section id="references" title="References">
          <ReferenceList references={content.references} />
        </Section>
      )}

      <Section id="downloads" title="Downloads">
        <Downloads a={a} />
      </Section>

      <Section id="revisions" title="Revision history">
        <Table
          bordered
          fullWidth
          compact
          caption={<HiddenCaption>Revision history</HiddenCaption>}
          scrollable
        >
          <thead>
            <tr>
              <th scope="col">Revision</th>
              <th scope="col">Date</th>
              <th scope="col">Summary</th>
              <th scope="col">Released</th>
            </tr>
          </thead>
          <tbody>
            {a.revisions.map((r) => (
              <tr key={r.number}>
                <th scope="row">{r.number}</th>
                <td className="wrap-cell">
                  <Instant iso={r.createdAt} />
                </td>
                <td className="wrap-cell">
                  {r.summary}
                  {r.author && <span className="display-block text-base">by {r.author.name}</span>}
                </td>
                <td className="wrap-cell">
                  {r.releasedAt ? <Instant iso={r.releasedAt} /> : '—'}
                  {r.sha256 && <code className="display-block hash text-break">SHA-256 {r.sha256}</code>}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Section>
      <p className="margin-top-4">
        <Link className="usa-link" to="/advisories">
          Back to Security advisories
        </Link>
      </p>
    </>
  );
}

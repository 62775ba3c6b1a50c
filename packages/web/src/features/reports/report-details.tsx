import { Table } from '@trussworks/react-uswds';
import { Link } from 'react-router';
import type { Attachment, Report, ResponseTimes, Validation } from '@clearinghouse/shared';
import {
  CREDIT_LABELS,
  DISCOVERY_METHOD_LABELS,
  formatCvss,
  SOURCE_LABELS,
  SSVC_DECISION_HINTS,
  SSVC_LABELS,
  STATUS_LABELS,
} from './report-labels';
import { ExploitedTag, OverdueTags, SsvcTag, StatusTag, TlpTag } from './report-tags';
import { formatDateTime, formatSectors } from '../../app/format';
import { isSafeUrl } from '../../components/markdown';
import { HiddenCaption } from '../../components/status-message';

/** Status, label and what needs attention, under the report's title. */
export function ReportTagsRow({ report }: { report: Report }) {
  return (
    <p className="report-tags">
      <StatusTag status={report.status} /> <TlpTag tlp={report.tlp} />{' '}
      <OverdueTags times={report.responseTimes} />
      {report.exploitedInWild && <ExploitedTag />}
    </p>
  );
}

function YesNo({ value }: { value: boolean }) {
  return <>{value ? 'Yes' : 'No'}</>;
}

function Provenance({ report }: { report: Report }) {
  const ai = report.aiProvenance;
  const tool = report.toolProvenance;
  return (
    <>
      {ai && (
        <>
          <dt>AI model</dt>
          <dd>
            {ai.modelName}
            {ai.modelVersion && ` ${ai.modelVersion}`}
            {ai.developerOrg && `, by ${ai.developerOrg}`}
          </dd>
          <dt>Harness or agent</dt>
          <dd>{ai.harness ?? '—'}</dd>
          <dt>Reproduced by a person</dt>
          <dd>
            <YesNo value={ai.humanReproduced} />
          </dd>
        </>
      )}
      {tool && (
        <>
          <dt>Tool</dt>
          <dd>
            {tool.toolName}
            {tool.toolVersion && ` ${tool.toolVersion}`}
            {tool.toolOrganization && `, by ${tool.toolOrganization}`}
            {tool.informationUri && isSafeUrl(tool.informationUri) && (
              <>
                {' ('}
                <a className="usa-link" href={tool.informationUri} rel="noopener noreferrer nofollow">
                  about the tool
                </a>
                )
              </>
            )}
          </dd>
          {tool.ruleId && (
            <>
              <dt>Tool rule</dt>
              <dd>
                <code>{tool.ruleId}</code>
              </dd>
            </>
          )}
        </>
      )}
    </>
  );
}

function creditText(report: Report): string {
  const { credit } = report;
  if (credit.preference === 'name') return `${CREDIT_LABELS.name}: ${credit.name ?? '—'}`;
  if (credit.preference === 'handle') return `${CREDIT_LABELS.handle}: ${credit.handle ?? '—'}`;
  return CREDIT_LABELS.anonymous;
}

/** Everything the reporter told us, as a list of terms and values. */
export function ReportFacts({ report, signedIn }: { report: Report; signedIn: boolean }) {
  const flags = [
    report.vendorContacted && 'The reporter has told the vendor',
    report.publiclyKnown && 'Publicly known',
    report.exploitedInWild && 'Exploited in the wild',
  ].filter((flag): flag is string => typeof flag === 'string');
  const reporter = report.reporter;
  const who = reporter ? [reporter.name, reporter.email].filter(Boolean).join(', ') : '';
  return (
    <dl className="details-list">
      <dt>Reference</dt>
      <dd>{report.ref}</dd>
      <dt>Status</dt>
      <dd>
        {STATUS_LABELS[report.status]}
        {report.statusReason && <span className="status-reason">{report.statusReason}</span>}
      </dd>
      {report.duplicateOf && (
        <>
          <dt>Duplicate of</dt>
          <dd>
            {signedIn ? (
              <Link className="usa-link" to={`/reports/${report.duplicateOf.id}`}>
                {report.duplicateOf.ref}
              </Link>
            ) : (
              report.duplicateOf.ref
            )}
          </dd>
        </>
      )}
      {report.caseId && (
        <>
          <dt>Case</dt>
          <dd>
            Coordinated in case{' '}
            {signedIn ? (
              <Link className="usa-link" to={`/cases/${report.caseId}`}>
                {report.caseRef ?? report.caseId}
              </Link>
            ) : (
              (report.caseRef ?? report.caseId)
            )}
          </dd>
        </>
      )}
      <dt>Sharing label</dt>
      <dd>
        <TlpTag tlp={report.tlp} />
        {report.requestedTlp !== report.tlp && ` (the reporter asked for TLP:${report.requestedTlp})`}
      </dd>
      <dt>How it was found</dt>
      <dd>{DISCOVERY_METHOD_LABELS[report.discoveryMethod]}</dd>
      <Provenance report={report} />
      <dt>Suspected weakness</dt>
      <dd>{report.suspectedCwe ?? '—'}</dd>
      <dt>Suggested CVSS</dt>
      <dd>{report.suggestedCvss ? <code className="vector">{report.suggestedCvss}</code> : '—'}</dd>
      <dt>Also</dt>
      <dd>
        {flags.length > 0
          ? flags.join('; ')
          : 'Not known to the vendor or the public; not known to be exploited'}
      </dd>
      <dt>Sectors affected</dt>
      <dd>{formatSectors(report.sectors)}</dd>
      <dt>Credit</dt>
      <dd>{creditText(report)}</dd>
      <dt>Reporter</dt>
      <dd>
        {reporter ? who || 'Anonymous' : 'Not shown'}
        {reporter?.organization && (
          <>
            {', for '}
            {signedIn ? (
              <Link className="usa-link" to={`/orgs/${reporter.organization.id}`}>
                {reporter.organization.name}
              </Link>
            ) : (
              reporter.organization.name
            )}
          </>
        )}
        {reporter?.kind === 'anonymous' && who && ' (anonymous report, with a contact)'}
      </dd>
      <dt>Received</dt>
      <dd>
        {formatDateTime(report.createdAt)} through the {SOURCE_LABELS[report.source]}
      </dd>
      <dt>Last change</dt>
      <dd>{formatDateTime(report.updatedAt)}</dd>
    </dl>
  );
}

export function ProductsTable({ report }: { report: Report }) {
  return (
    <Table bordered fullWidth compact caption={<HiddenCaption>Affected products</HiddenCaption>} scrollable>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">Vendor</th>
          <th scope="col">Versions</th>
          <th scope="col">Package URL</th>
          <th scope="col">CPE</th>
        </tr>
      </thead>
      <tbody>
        {report.affectedProducts.map((product, index) => (
          <tr key={index}>
            <th scope="row">{product.product}</th>
            <td>{product.vendor}</td>
            <td>{product.versions || '—'}</td>
            <td className="vector-cell">
              {product.purl ? <code className="vector">{product.purl}</code> : '—'}
            </td>
            <td className="vector-cell">
              {product.cpe ? <code className="vector">{product.cpe}</code> : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The response-time targets: when each is due, when it was met, and whether it is late. */
export function ResponseTimesList({ times }: { times: ResponseTimes }) {
  return (
    <dl className="details-list">
      <dt>First response due</dt>
      <dd>{formatDateTime(times.firstResponseDueAt)}</dd>
      <dt>First response</dt>
      <dd>
        {formatDateTime(times.firstResponseAt, 'Not yet')}{' '}
        <OverdueTags times={{ ...times, triageOverdue: false }} />
      </dd>
      <dt>Triage due</dt>
      <dd>{formatDateTime(times.triageDueAt)}</dd>
      <dt>Triaged</dt>
      <dd>
        {formatDateTime(times.triagedAt, 'Not yet')}{' '}
        <OverdueTags times={{ ...times, firstResponseOverdue: false }} />
      </dd>
    </dl>
  );
}

/** The latest validation: scores, SSVC decision, weakness, reproduction and who decided, when. */
export function ValidationSummary({
  validation,
  attachments,
}: {
  validation: Validation;
  attachments: readonly Attachment[];
}) {
  const evidence = attachments.filter((a) => validation.evidenceAttachmentIds.includes(a.id));
  const { ssvc } = validation;
  return (
    <dl className="details-list">
      <dt>CVSS 3.1</dt>
      <dd>
        {validation.cvss31 ? (
          <>
            <strong>{formatCvss(validation.cvss31)}</strong>{' '}
            <code className="vector">{validation.cvss31.vector}</code>
          </>
        ) : (
          'Not scored'
        )}
      </dd>
      <dt>CVSS 4.0</dt>
      <dd>
        {validation.cvss40 ? (
          <>
            <strong>{formatCvss(validation.cvss40)}</strong>{' '}
            <code className="vector">{validation.cvss40.vector}</code>
          </>
        ) : (
          'Not scored'
        )}
      </dd>
      <dt>SSVC</dt>
      <dd>
        {ssvc ? (
          <>
            <SsvcTag decision={ssvc.decision} /> {SSVC_DECISION_HINTS[ssvc.decision]}
            <span className="secondary-line">
              Exploitation {SSVC_LABELS.exploitation[ssvc.exploitation].toLowerCase()}; automatable{' '}
              {SSVC_LABELS.automatable[ssvc.automatable].toLowerCase()}; technical impact{' '}
              {SSVC_LABELS.technicalImpact[ssvc.technicalImpact].toLowerCase()}; mission and well-being{' '}
              {SSVC_LABELS.missionWellbeing[ssvc.missionWellbeing].toLowerCase()}.
            </span>
            <code className="vector">{ssvc.vector}</code>
          </>
        ) : (
          'Not decided'
        )}
      </dd>
      <dt>Weakness</dt>
      <dd>{validation.cwe ? `${validation.cwe.id}: ${validation.cwe.name}` : '—'}</dd>
      <dt>Reproduced</dt>
      <dd>
        <YesNo value={validation.reproduced} />
      </dd>
      <dt>Reproduction notes</dt>
      <dd className="pre-wrap">{validation.reproductionNotes || '—'}</dd>
      <dt>Evidence</dt>
      <dd>{evidence.length > 0 ? evidence.map((a) => a.filename).join(', ') : '—'}</dd>
      <dt>Validated by</dt>
      <dd>
        {validation.validatedBy.name}, {formatDateTime(validation.createdAt)}
      </dd>
    </dl>
  );
}

import { Link } from 'react-router';
import type { Organization } from '@clearinghouse/shared';
import { formatDate, formatSectors, ORGANIZATION_KIND_LABELS } from '../../app/format';

export function OrgDetails({ org }: { org: Organization }) {
  return (
    <dl className="details-list">
      <dt>Kind</dt>
      <dd>{ORGANIZATION_KIND_LABELS[org.kind]}</dd>
      <dt>Sectors</dt>
      <dd>{formatSectors(org.sectors)}</dd>
      <dt>Website</dt>
      <dd>
        {org.website ? (
          <a
            className="usa-link usa-link--external"
            href={org.website}
            rel="noopener noreferrer"
            target="_blank"
          >
            {org.website}
          </a>
        ) : (
          '—'
        )}
      </dd>
      <dt>Contact email</dt>
      <dd>
        {org.contactEmail ? (
          <a className="usa-link" href={`mailto:${org.contactEmail}`}>
            {org.contactEmail}
          </a>
        ) : (
          '—'
        )}
      </dd>
      <dt>Declared clients</dt>
      <dd>
        {org.clients.length === 0
          ? 'None'
          : org.clients.map((client, index) => (
              <span key={client.id}>
                {index > 0 && ', '}
                <Link className="usa-link" to={`/orgs/${client.id}`}>
                  {client.name}
                </Link>
              </span>
            ))}
      </dd>
      <dt>Verified</dt>
      <dd>{org.verifiedAt ? `Yes, on ${formatDate(org.verifiedAt)}` : 'Not verified'}</dd>
      <dt>Joined the clearinghouse</dt>
      <dd>{formatDate(org.createdAt)}</dd>
    </dl>
  );
}

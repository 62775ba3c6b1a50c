import { Table } from '@trussworks/react-uswds';
import { Link, useParams } from 'react-router';
import type { InventoryUploadReport } from '@clearinghouse/shared';
import './exposure.css';
import { ComponentsSection } from './components-section';
import { useInventory, useUploads, vexDownloadPath } from './exposure.api';
import { InventoryUploadForm } from './inventory-upload';
import { isApiError } from '../../app/api';
import { ErrorAlert } from '../../components/error-alert';
import { Instant } from '../../components/instant';
import { PageHeading } from '../../components/page-heading';
import { QueryStates } from '../../components/query-states';
import { HiddenCaption, Loading } from '../../components/status-message';

function UploadHistory({ inventoryId }: { inventoryId: string }) {
  const uploads = useUploads(inventoryId);
  const items: InventoryUploadReport[] = uploads.data?.items ?? [];
  return (
    <section aria-labelledby="uploads-heading" className="exposure-section">
      <h2 id="uploads-heading">Upload history</h2>
      <QueryStates
        query={uploads}
        loadingLabel="Loading the uploads…"
        errorHeading="Could not load the uploads"
        headingLevel="h3"
        isEmpty={items.length === 0}
        emptyTitle="Nothing has been uploaded yet."
      >
        <Table
          bordered
          fullWidth
          compact
          caption={<HiddenCaption>Uploads, newest first</HiddenCaption>}
          scrollable
        >
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">File</th>
              <th scope="col">By</th>
              <th scope="col">Components</th>
              <th scope="col">Changes</th>
              <th scope="col">New exposures</th>
            </tr>
          </thead>
          <tbody>
            {items.map((u) => (
              <tr key={u.id}>
                <td className="wrap-cell">
                  <Instant iso={u.createdAt} />
                </td>
                <th scope="row" className="wrap-cell">
                  {u.filename}
                </th>
                <td>{u.uploadedBy?.name ?? '—'}</td>
                <td>{u.counts.components}</td>
                <td className="wrap-cell">
                  {u.counts.added} added, {u.counts.removed} removed, {u.counts.changed} changed
                </td>
                <td>{u.exposuresFound}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </QueryStates>
    </section>
  );
}

/** `/inventories/:id`: upload, components (search, add, remove), history, VEX. */
export function InventoryPage() {
  const { id = '' } = useParams();
  const query = useInventory(id);
  if (!query.data) {
    return (
      <>
        <PageHeading title="Inventory" />
        {isApiError(query.error, 'not_found') ? (
          <p className="usa-intro">There is no inventory at this address, or you may not see it.</p>
        ) : query.isError ? (
          <ErrorAlert error={query.error} heading="Could not load the inventory" />
        ) : (
          <Loading label="Loading the inventory…" />
        )}
      </>
    );
  }
  const inv = query.data;
  return (
    <>
      <PageHeading title={inv.name} />
      {inv.description && <p className="usa-intro">{inv.description}</p>}
      <dl className="details-list">
        <dt>Organization</dt>
        <dd>{inv.org.name}</dd>
        <dt>Components</dt>
        <dd>{inv.componentCount}</dd>
        <dt>Open exposures</dt>
        <dd>
          <Link className="usa-link" to={`/today?inventoryId=${encodeURIComponent(inv.id)}`}>
            {inv.openExposures} to act on
          </Link>
        </dd>
        <dt>Last upload</dt>
        <dd>{inv.lastUpload ? <Instant iso={inv.lastUpload.at} /> : 'Never'}</dd>
      </dl>
      <p>
        <a className="usa-link" href={vexDownloadPath(inv.org.id)} download>
          Download VEX (CycloneDX)
        </a>{' '}
        for {inv.org.name}: your statuses for every exposure.
      </p>
      <section aria-labelledby="upload-heading" className="exposure-section">
        <h2 id="upload-heading">Upload</h2>
        <InventoryUploadForm inventoryId={inv.id} />
      </section>
      <ComponentsSection inventoryId={inv.id} />
      <UploadHistory inventoryId={inv.id} />
      <p className="margin-top-4">
        <Link className="usa-link" to="/inventories">
          Back to Inventories
        </Link>
      </p>
    </>
  );
}

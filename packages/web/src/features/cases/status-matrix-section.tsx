import { Table } from '@trussworks/react-uswds';
import type { Case } from '@clearinghouse/shared';
import { StatementStatusTag } from './case-tags';
import { EmptyState, HiddenCaption } from '../../components/status-message';

/**
 * Vendors × vulnerabilities: each vendor's worst status across its products, as far as the reader
 * may see statements. Silence reads as unknown. Every status is written out, not only coloured.
 */
export function StatusMatrixSection({ c }: { c: Case }) {
  const names = new Map(
    c.participants.flatMap((p) =>
      p.organization ? [[p.organization.id, p.organization.name] as const] : [],
    ),
  );
  const vendorIds = [...new Set(c.matrix.map((cell) => cell.organizationId))];
  const cell = (organizationId: string, vulnerabilityId: string) =>
    c.matrix.find((m) => m.organizationId === organizationId && m.vulnerabilityId === vulnerabilityId);

  return (
    <section aria-labelledby="matrix-heading" id="status-matrix" className="case-section">
      <h2 id="matrix-heading">Status matrix</h2>
      <p className="usa-hint">
        Each vendor’s status for each vulnerability: the worst across its products. “Unknown” means no
        statement you can see yet.
      </p>
      {vendorIds.length === 0 || c.vulnerabilities.length === 0 ? (
        <EmptyState title="Nothing to show yet.">
          <p>The matrix fills in once vendors take part and state the status of their products.</p>
        </EmptyState>
      ) : (
        <Table
          bordered
          fullWidth
          compact
          scrollable
          className="status-matrix"
          caption={<HiddenCaption>Vendor status by vulnerability</HiddenCaption>}
        >
          <thead>
            <tr>
              <th scope="col">Vendor</th>
              {c.vulnerabilities.map((v) => (
                <th scope="col" key={v.id}>
                  <span className="display-block">#{v.ordinal}</span>
                  <span className="text-normal">{v.cveId ?? v.title}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {vendorIds.map((orgId) => (
              <tr key={orgId}>
                <th scope="row">{names.get(orgId) ?? 'Unknown vendor'}</th>
                {c.vulnerabilities.map((v) => {
                  const m = cell(orgId, v.id);
                  return (
                    <td key={v.id}>
                      <StatementStatusTag status={m?.status ?? 'unknown'} />
                      {m && m.statements > 1 && (
                        <span className="display-block text-base">{m.statements} products</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

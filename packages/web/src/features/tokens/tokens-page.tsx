import { Table, Tag } from '@trussworks/react-uswds';
import { TokenCreateForm } from './token-create-form';
import { tokenStatus, useRevokeToken, useTokens, type TokenStatus } from './tokens.api';
import { formatDate, formatDateTime, TOKEN_SCOPE_LABELS } from '../../app/format';
import { ConfirmButton } from '../../components/confirm-button';
import { PageHeading } from '../../components/page-heading';
import { MutationOutcome, QueryStates } from '../../components/query-states';
import { HiddenCaption } from '../../components/status-message';

const STATUS_LABELS: Record<TokenStatus, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

function TokensTable() {
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const items = tokens.data?.items ?? [];

  return (
    <>
      <MutationOutcome
        mutation={revoke}
        successMessage="The token has been revoked."
        errorHeading="The token was not revoked"
        headingLevel="h3"
      />
      <QueryStates
        query={tokens}
        loadingLabel="Loading your tokens…"
        errorHeading="Could not load your tokens"
        headingLevel="h3"
        isEmpty={items.length === 0}
        emptyTitle="You have no API tokens yet."
        emptyText={<p>Create one below to use the Clearinghouse API or command-line tool.</p>}
      >
        <Table bordered fullWidth caption={<HiddenCaption>Your API tokens</HiddenCaption>} scrollable>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scope</th>
              <th scope="col">Prefix</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((token) => {
              const status = tokenStatus(token);
              return (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{TOKEN_SCOPE_LABELS[token.scope]}</td>
                  <td>
                    <code>{token.prefix}</code>
                  </td>
                  <td>{formatDate(token.expiresAt, 'Never')}</td>
                  <td>{formatDateTime(token.lastUsedAt, 'Never')}</td>
                  <td>
                    <Tag className={`token-status token-status--${status}`}>{STATUS_LABELS[status]}</Tag>
                  </td>
                  <td>
                    {status === 'active' && (
                      <ConfirmButton
                        label="Revoke"
                        accessibleName={`Revoke token ${token.name}`}
                        question={`Revoke “${token.name}”? Anything using it stops working.`}
                        confirmLabel="Yes, revoke"
                        busy={revoke.isPending && revoke.variables === token.id}
                        onConfirm={() => {
                          revoke.mutate(token.id);
                        }}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </QueryStates>
    </>
  );
}

export function TokensPage() {
  return (
    <>
      <PageHeading title="API tokens" />
      <p className="usa-intro">
        Tokens let scripts and the <code>clearinghouse</code> command-line tool act as you. Give each one the
        smallest scope it needs and an expiry.
      </p>
      <section aria-labelledby="tokens-list-heading">
        <h2 id="tokens-list-heading">Your tokens</h2>
        <TokensTable />
      </section>
      <section aria-labelledby="token-create-heading" className="margin-top-5">
        <h2 id="token-create-heading">Create a token</h2>
        <TokenCreateForm />
      </section>
    </>
  );
}

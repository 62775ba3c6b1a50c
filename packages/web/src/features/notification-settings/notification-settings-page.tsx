import { Button, Table } from '@trussworks/react-uswds';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Inventory, Subscription, WebhookEndpoint } from '@clearinghouse/shared';
import { CADENCE_LABELS, CHANNEL_LABELS, describeFilters } from './notification-labels';
import { useDeleteSubscription, useSubscriptions, useWebhooks } from './notification-settings.api';
import { SubscriptionForm } from './subscription-form';
import { WebhooksSection } from './webhooks-section';
import { useCurrentOrg } from '../../app/current-org';
import { isOrgAdmin, useSession } from '../auth/session';
import { useInventories } from '../exposure/exposure.api';
import { ConfirmButton } from '../../components/confirm-button';
import { PageHeading } from '../../components/page-heading';
import { MutationOutcome, QueryStates } from '../../components/query-states';
import { EmptyState, HiddenCaption, LiveRegion, SuccessMessage } from '../../components/status-message';

function SubscriptionsTable({
  caption,
  items,
  inventories,
  webhooks,
  orgId,
  isAdmin,
}: {
  caption: string;
  items: Subscription[];
  inventories: readonly Inventory[];
  webhooks: readonly WebhookEndpoint[];
  orgId: string;
  isAdmin: boolean;
}) {
  const remove = useDeleteSubscription();
  const [editing, setEditing] = useState<string | null>(null);
  const inventoryName = (id: string) => inventories.find((i) => i.id === id)?.name ?? id;
  const webhookName = (id: string | null) => webhooks.find((w) => w.id === id)?.name ?? 'a webhook';
  const editingItem = items.find((s) => s.id === editing);
  return (
    <>
      <MutationOutcome
        mutation={remove}
        successMessage="The subscription was deleted."
        errorHeading="The subscription was not deleted"
        headingLevel="h4"
      />
      <Table bordered fullWidth caption={<HiddenCaption>{caption}</HiddenCaption>} scrollable>
        <thead>
          <tr>
            <th scope="col">How</th>
            <th scope="col">Which exposures</th>
            <th scope="col">When</th>
            <th scope="col">Active</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => {
            const how =
              s.channel === 'webhook' ? `Webhook: ${webhookName(s.webhookId)}` : CHANNEL_LABELS[s.channel];
            return (
              <tr key={s.id}>
                <th scope="row">{how}</th>
                <td className="wrap-cell">{describeFilters(s.filters, inventoryName)}</td>
                <td>{CADENCE_LABELS[s.cadence]}</td>
                <td>{s.enabled ? 'Yes' : 'Paused'}</td>
                <td>
                  <div className="button-row">
                    <Button
                      type="button"
                      unstyled
                      aria-expanded={editing === s.id}
                      onClick={() => {
                        setEditing(editing === s.id ? null : s.id);
                      }}
                    >
                      Edit<span className="usa-sr-only"> {how} subscription</span>
                    </Button>
                    <ConfirmButton
                      label="Delete"
                      accessibleName={`Delete ${how} subscription`}
                      question="Delete this subscription?"
                      confirmLabel="Yes, delete"
                      busy={remove.isPending && remove.variables === s.id}
                      onConfirm={() => {
                        remove.mutate(s.id);
                      }}
                    />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      {editingItem && (
        <div className="margin-top-2">
          <h4>Edit the {CHANNEL_LABELS[editingItem.channel].toLowerCase()} subscription</h4>
          <SubscriptionForm
            key={editingItem.id}
            idPrefix={`edit-${editingItem.id}`}
            orgId={orgId}
            isAdmin={isAdmin}
            existing={editingItem}
            inventories={inventories}
            webhooks={webhooks}
            onDone={() => {
              setEditing(null);
            }}
          />
        </div>
      )}
    </>
  );
}

/**
 * `/settings/notifications`: how you (and, for admins, the whole organization) hear about new
 * exposures: subscriptions, and the organization's webhooks with their delivery log.
 */
export function NotificationSettingsPage() {
  const me = useSession();
  const { current } = useCurrentOrg();
  const orgId = current?.organization.id ?? '';
  const isAdmin = current ? isOrgAdmin(me, orgId) : false;
  const subscriptions = useSubscriptions(orgId);
  const webhooks = useWebhooks(orgId, isAdmin);
  const inventories = useInventories(orgId || undefined);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState(false);

  if (!current) {
    return (
      <>
        <PageHeading title="Notification settings" />
        <EmptyState title="You are not part of any organization yet." />
      </>
    );
  }
  const all = subscriptions.data?.items.filter((s) => s.orgId === orgId) ?? [];
  const mine = all.filter((s) => s.userId !== null);
  const orgWide = all.filter((s) => s.userId === null);
  const invs = inventories.data?.items ?? [];
  const hooks = webhooks.data?.items ?? [];

  return (
    <>
      <PageHeading title="Notification settings" />
      <p className="usa-intro">
        How you hear about new exposures of {current.organization.name}: by e-mail, in your{' '}
        <Link className="usa-link" to="/notifications">
          notifications inbox
        </Link>
        {isAdmin ? ', or by webhook to your own systems' : ''}; at once or in a daily digest.
      </p>
      <p>
        Until an administrator creates an organization-wide subscription, every member gets an inbox notice
        for each new exposure and the administrators get an e-mail at once for those to act on.
      </p>

      <section aria-labelledby="my-subscriptions-heading" className="margin-top-5">
        <h2 id="my-subscriptions-heading">Your subscriptions</h2>
        <QueryStates
          query={subscriptions}
          loadingLabel="Loading your subscriptions…"
          errorHeading="Could not load your subscriptions"
          headingLevel="h3"
          isEmpty={mine.length === 0}
          emptyTitle="You have no subscriptions of your own."
          emptyText={
            <p>You receive the organization’s notices. Add one below to hear more, or another way.</p>
          }
        >
          <SubscriptionsTable
            caption="Your subscriptions"
            items={mine}
            inventories={invs}
            webhooks={hooks}
            orgId={orgId}
            isAdmin={isAdmin}
          />
        </QueryStates>
      </section>

      {isAdmin && (
        <section aria-labelledby="org-subscriptions-heading" className="margin-top-5">
          <h2 id="org-subscriptions-heading">Organization-wide subscriptions</h2>
          <QueryStates
            query={subscriptions}
            loadingLabel="Loading the organization’s subscriptions…"
            errorHeading="Could not load the organization’s subscriptions"
            headingLevel="h3"
            isEmpty={orgWide.length === 0}
            emptyTitle="None yet: the default notices apply."
          >
            <SubscriptionsTable
              caption="Organization-wide subscriptions"
              items={orgWide}
              inventories={invs}
              webhooks={hooks}
              orgId={orgId}
              isAdmin={isAdmin}
            />
          </QueryStates>
        </section>
      )}

      <section aria-labelledby="subscription-create-heading" className="margin-top-5">
        <h2 id="subscription-create-heading">Add a subscription</h2>
        <LiveRegion>{created && <SuccessMessage>The subscription was created.</SuccessMessage>}</LiveRegion>
        {creating ? (
          <SubscriptionForm
            idPrefix="new-subscription"
            orgId={orgId}
            isAdmin={isAdmin}
            inventories={invs}
            webhooks={hooks}
            onDone={() => {
              setCreating(false);
              setCreated(true);
            }}
          />
        ) : (
          <Button
            type="button"
            onClick={() => {
              setCreating(true);
              setCreated(false);
            }}
          >
            Add a subscription
          </Button>
        )}
      </section>

      {isAdmin && <WebhooksSection orgId={orgId} query={webhooks} />}
    </>
  );
}

import { Alert, AlertHeading, AlertText, Button, Form, Table, Tag } from '@trussworks/react-uswds';
import { useState } from 'react';
import {
  WebhookCreate,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
} from '@clearinghouse/shared';
import { DELIVERY_STATUS_LABELS, WEBHOOK_EVENT_LABELS } from './notification-labels';
import {
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useEnableWebhook,
  useRotateWebhookSecret,
  useTestWebhook,
} from './notification-settings.api';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { ConfirmButton } from '../../components/confirm-button';
import { CopyButton } from '../../components/copy-button';
import { ErrorAlert } from '../../components/error-alert';
import { TextField } from '../../components/form-fields';
import { Instant } from '../../components/instant';
import { LoadMore } from '../../components/paged-list';
import { MutationOutcome, QueryStates } from '../../components/query-states';
import { HiddenCaption, LiveRegion, SuccessMessage } from '../../components/status-message';

/** The signing secret, shown once with a clear warning and a copy button. */
function SecretOnce({ webhook, rotated }: { webhook: WebhookEndpointWithSecret; rotated: boolean }) {
  return (
    <Alert type="warning" className="margin-bottom-3">
      <AlertHeading level="h3">
        Copy the {rotated ? 'new ' : ''}signing secret of “{webhook.name}” now
      </AlertHeading>
      <AlertText>
        It will not be shown again. Your endpoint checks the X-Clearinghouse-Signature header (HMAC-SHA256)
        with it.{rotated && ' The old secret no longer signs anything.'}
      </AlertText>
      <p>
        <code data-testid="webhook-secret" className="text-break">
          {webhook.secret}
        </code>
      </p>
      <CopyButton text={webhook.secret} label="Copy secret" />
    </Alert>
  );
}

function DeliveryAttempts({ delivery }: { delivery: WebhookDelivery }) {
  return (
    <>
      <strong>{DELIVERY_STATUS_LABELS[delivery.status]}</strong>
      {delivery.responseStatus !== null && `, HTTP ${delivery.responseStatus}`}
      {`, ${delivery.attempts} ${delivery.attempts === 1 ? 'attempt' : 'attempts'}`}
      {delivery.error && <span className="display-block">{delivery.error}</span>}
      {delivery.nextAttemptAt && (
        <span className="display-block">
          Next attempt <Instant iso={delivery.nextAttemptAt} />
        </span>
      )}
    </>
  );
}

function DeliveryLog({ webhook }: { webhook: WebhookEndpoint }) {
  const list = useDeliveries(webhook.id);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <QueryStates
      query={list}
      loadingLabel="Loading the delivery log…"
      errorHeading="Could not load the delivery log"
      headingLevel="h4"
      isEmpty={items.length === 0}
      emptyTitle="Nothing has been sent to this webhook yet."
    >
      <Table
        bordered
        fullWidth
        compact
        caption={<HiddenCaption>Deliveries to {webhook.name}, newest first</HiddenCaption>}
        scrollable
      >
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Response code</th>
            <th scope="col">Attempts</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.id}>
              <td className="wrap-cell">
                <Instant iso={d.lastAttemptAt ?? d.createdAt} />
              </td>
              <td>{WEBHOOK_EVENT_LABELS[d.event]}</td>
              <th scope="row">{DELIVERY_STATUS_LABELS[d.status]}</th>
              <td>{d.responseStatus ?? '—'}</td>
              <td>{d.attempts}</td>
              <td className="wrap-cell">{d.error ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      <LoadMore query={list} />
    </QueryStates>
  );
}

function WebhookRow({
  webhook,
  onSecret,
}: {
  webhook: WebhookEndpoint;
  onSecret: (w: WebhookEndpointWithSecret) => void;
}) {
  const test = useTestWebhook();
  const rotate = useRotateWebhookSecret();
  const enable = useEnableWebhook();
  const remove = useDeleteWebhook();
  const [showLog, setShowLog] = useState(false);
  const logId = `webhook-log-${webhook.id}`;
  return (
    <li className="border-top border-base-lighter padding-y-2">
      <h3 className="margin-y-0">{webhook.name}</h3>
      <p className="margin-y-05">
        <code className="text-break">{webhook.url}</code>
      </p>
      <p className="margin-y-05">
        {webhook.enabled ? (
          <Tag className="bg-green">Enabled</Tag>
        ) : (
          <>
            <Tag className="bg-secondary-dark">Disabled</Tag> {webhook.disabledReason ?? ''}
          </>
        )}
        {webhook.consecutiveFailures > 0 &&
          ` ${webhook.consecutiveFailures} failed ${webhook.consecutiveFailures === 1 ? 'delivery' : 'deliveries'} in a row.`}
        {webhook.lastDeliveryAt && (
          <>
            {' '}
            Last delivery <Instant iso={webhook.lastDeliveryAt} />.
          </>
        )}
      </p>
      <div className="button-row">
        <Button
          type="button"
          outline
          disabled={test.isPending}
          onClick={() => {
            test.mutate(webhook.id);
          }}
        >
          {test.isPending ? 'Sending…' : 'Send test'}
          <span className="usa-sr-only"> to {webhook.name}</span>
        </Button>
        <Button
          type="button"
          outline
          disabled={rotate.isPending}
          onClick={() => {
            rotate.mutate(webhook.id, { onSuccess: onSecret });
          }}
        >
          Rotate secret<span className="usa-sr-only"> of {webhook.name}</span>
        </Button>
        {!webhook.enabled && (
          <Button
            type="button"
            disabled={enable.isPending}
            onClick={() => {
              enable.mutate(webhook.id);
            }}
          >
            Re-enable<span className="usa-sr-only"> {webhook.name}</span>
          </Button>
        )}
        <Button
          type="button"
          unstyled
          aria-expanded={showLog}
          aria-controls={logId}
          onClick={() => {
            setShowLog((was) => !was);
          }}
        >
          Delivery log<span className="usa-sr-only"> of {webhook.name}</span>
        </Button>
        <ConfirmButton
          label="Delete"
          accessibleName={`Delete webhook ${webhook.name}`}
          question={`Delete “${webhook.name}”, its subscriptions and its log?`}
          confirmLabel="Yes, delete"
          busy={remove.isPending}
          onConfirm={() => {
            remove.mutate(webhook.id);
          }}
        />
      </div>
      <LiveRegion>
        {test.isSuccess &&
          (test.data.status === 'succeeded' ? (
            <SuccessMessage>
              Test delivered: <DeliveryAttempts delivery={test.data} />
            </SuccessMessage>
          ) : (
            <Alert type="warning" slim className="margin-bottom-2">
              <AlertText>
                Test not delivered yet: <DeliveryAttempts delivery={test.data} />
              </AlertText>
            </Alert>
          ))}
      </LiveRegion>
      {test.isError && <ErrorAlert error={test.error} heading="The test was not sent" headingLevel="h4" />}
      {rotate.isError && (
        <ErrorAlert error={rotate.error} heading="The secret was not rotated" headingLevel="h4" />
      )}
      <MutationOutcome
        mutation={enable}
        successMessage="The webhook is enabled again."
        errorHeading="The webhook was not enabled"
        headingLevel="h4"
      />
      {remove.isError && (
        <ErrorAlert error={remove.error} heading="The webhook was not deleted" headingLevel="h4" />
      )}
      <div id={logId} hidden={!showLog} className="margin-top-2">
        <h4 className="margin-top-0">Delivery log</h4>
        {showLog && <DeliveryLog webhook={webhook} />}
      </div>
    </li>
  );
}

const FIELDS = {
  name: { label: 'Name', id: 'webhook-name' },
  url: { label: 'URL', id: 'webhook-url' },
};

function WebhookCreateForm({
  orgId,
  onCreated,
}: {
  orgId: string;
  onCreated: (w: WebhookEndpointWithSecret) => void;
}) {
  const create = useCreateWebhook();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const { onSubmit, errors } = useFormSubmission(
    create,
    () =>
      checkParsed(WebhookCreate.safeParse({ orgId, name, url }), {
        name: 'Enter a name of up to 200 characters.',
        url: 'Enter the https:// address of your endpoint.',
      }),
    {
      onSuccess: (created) => {
        setName('');
        setUrl('');
        onCreated(created);
      },
    },
  );
  return (
    <>
      <FormProblems
        errors={errors}
        error={create.error}
        fields={FIELDS}
        heading="The webhook was not added"
        headingLevel="h4"
      />
      <Form onSubmit={onSubmit} noValidate>
        <TextField
          id={FIELDS.name.id}
          label={FIELDS.name.label}
          hint="Such as “Ticketing system”."
          value={name}
          error={errors.name}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
        <TextField
          id={FIELDS.url.id}
          label={FIELDS.url.label}
          hint="An https:// address that accepts POST requests with a JSON body."
          type="url"
          spellCheck={false}
          value={url}
          error={errors.url}
          onChange={(event) => {
            setUrl(event.target.value);
          }}
        />
        <Button type="submit" className="margin-top-2" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add webhook'}
        </Button>
      </Form>
    </>
  );
}

/** The organization's webhook endpoints (its admins only): status, test, secret, log. */
export function WebhooksSection({
  orgId,
  query,
}: {
  orgId: string;
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data?: { items: WebhookEndpoint[] } | undefined;
  };
}) {
  const [secret, setSecret] = useState<{ webhook: WebhookEndpointWithSecret; rotated: boolean } | null>(null);
  const items = query.data?.items ?? [];
  return (
    <section aria-labelledby="webhooks-heading" className="margin-top-5">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p>
        Signed HTTP POSTs to your own systems (a ticketing tool, a chat channel) for organization-wide
        subscriptions.
      </p>
      <LiveRegion>{secret && <SecretOnce webhook={secret.webhook} rotated={secret.rotated} />}</LiveRegion>
      <QueryStates
        query={query}
        loadingLabel="Loading the webhooks…"
        errorHeading="Could not load the webhooks"
        headingLevel="h3"
        isEmpty={items.length === 0}
        emptyTitle="No webhooks yet."
      >
        <ul className="usa-list usa-list--unstyled">
          {items.map((w) => (
            <WebhookRow
              key={w.id}
              webhook={w}
              onSecret={(rotated) => {
                setSecret({ webhook: rotated, rotated: true });
              }}
            />
          ))}
        </ul>
      </QueryStates>
      <h3>Add a webhook</h3>
      <WebhookCreateForm
        orgId={orgId}
        onCreated={(created) => {
          setSecret({ webhook: created, rotated: false });
        }}
      />
    </section>
  );
}

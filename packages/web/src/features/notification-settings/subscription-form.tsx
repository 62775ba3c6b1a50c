import { Button, Checkbox, Fieldset, Form } from '@trussworks/react-uswds';
import { useState } from 'react';
import {
  MIN_SSVC_LEVELS,
  NOTIFICATION_CADENCES,
  SubscriptionCreate,
  SubscriptionUpdate,
  type Inventory,
  type NotificationCadence,
  type NotificationChannel,
  type Subscription,
  type WebhookEndpoint,
} from '@clearinghouse/shared';
import { CADENCE_LABELS, CHANNEL_LABELS, MIN_SSVC_LABELS } from './notification-labels';
import { useCreateSubscription, useUpdateSubscription } from './notification-settings.api';
import { FormProblems, type FieldKey } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { choiceId, RadioGroupField, SelectField, TextField } from '../../components/form-fields';
import { SubmitOrCancel } from '../../components/submit-or-cancel';

type Scope = 'user' | 'organization';
type MinSsvc = (typeof MIN_SSVC_LEVELS)[number];

/** Filters are shown at their own field (`filters.minCvss` → `minCvss`), the rest at the top level. */
const fieldKey: FieldKey = (path) => String(path[0] === 'filters' ? (path[1] ?? 'filters') : (path[0] ?? ''));

interface Values {
  scope: Scope;
  channel: NotificationChannel;
  webhookId: string;
  exploitedOnly: boolean;
  minSsvc: MinSsvc | '';
  minCvss: string;
  inventoryIds: string[];
  cadence: NotificationCadence;
  enabled: boolean;
}

function initialValues(existing: Subscription | undefined, scope: Scope): Values {
  return {
    scope: existing ? (existing.userId === null ? 'organization' : 'user') : scope,
    channel: existing?.channel ?? 'email',
    webhookId: existing?.webhookId ?? '',
    exploitedOnly: existing?.filters.exploitedOnly ?? false,
    minSsvc: existing?.filters.minSsvc ?? '',
    minCvss: existing?.filters.minCvss === null || !existing ? '' : String(existing.filters.minCvss),
    inventoryIds: existing?.filters.inventoryIds ?? [],
    cadence: existing?.cadence ?? 'immediate',
    enabled: existing?.enabled ?? true,
  };
}

/** "7.5" → 7.5; "" → null; anything else → NaN, which the contract refuses. */
function cvssOf(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/**
 * Create a subscription (for yourself or, as an admin, the organization) or edit one: channel,
 * filters and cadence. The channel of an existing subscription does not change.
 */
export function SubscriptionForm({
  idPrefix,
  orgId,
  isAdmin,
  existing,
  inventories,
  webhooks,
  onDone,
}: {
  idPrefix: string;
  orgId: string;
  isAdmin: boolean;
  existing?: Subscription;
  inventories: readonly Inventory[];
  webhooks: readonly WebhookEndpoint[];
  onDone: () => void;
}) {
  const create = useCreateSubscription();
  const update = useUpdateSubscription();
  const [v, setV] = useState<Values>(() => initialValues(existing, 'user'));
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setV((was) => ({ ...was, [key]: value }));
  };
  const id = (name: string) => `${idPrefix}-${name}`;
  const channels: NotificationChannel[] =
    v.scope === 'organization' ? ['email', 'webhook', 'inbox'] : ['email', 'inbox'];
  const fields = {
    scope: { label: 'For whom', id: choiceId(id('scope'), 'user') },
    channel: { label: 'How', id: id('channel') },
    webhookId: { label: 'Webhook', id: id('webhook') },
    exploitedOnly: { label: 'Known exploited only', id: id('exploited') },
    minSsvc: { label: 'Minimum SSVC decision', id: id('min-ssvc') },
    minCvss: { label: 'Minimum CVSS score', id: id('min-cvss') },
    inventoryIds: { label: 'Inventories', id: id('inventories') },
    cadence: { label: 'When', id: choiceId(id('cadence'), 'immediate') },
  };

  const filters = {
    exploitedOnly: v.exploitedOnly,
    minSsvc: v.minSsvc === '' ? null : v.minSsvc,
    minCvss: cvssOf(v.minCvss),
    inventoryIds: v.inventoryIds,
  };
  const friendly = {
    minCvss: 'Enter a CVSS score from 0 to 10, or leave it empty.',
    webhookId: 'Choose the webhook to send to.',
  };

  const createForm = useFormSubmission(
    create,
    () =>
      checkParsed(
        SubscriptionCreate.safeParse({
          orgId,
          scope: v.scope,
          channel: v.channel,
          webhookId: v.channel === 'webhook' && v.webhookId ? v.webhookId : null,
          filters,
          cadence: v.cadence,
          enabled: v.enabled,
        }),
        friendly,
        {},
        fieldKey,
      ),
    { onSuccess: onDone },
    fieldKey,
  );
  const updateForm = useFormSubmission(
    update,
    () => {
      const parsed = checkParsed(
        SubscriptionUpdate.safeParse({
          filters,
          cadence: v.cadence,
          enabled: v.enabled,
          ...(existing?.channel === 'webhook' && v.webhookId ? { webhookId: v.webhookId } : {}),
        }),
        friendly,
        {},
        fieldKey,
      );
      return parsed.ok ? { ok: true, request: { id: existing?.id ?? '', update: parsed.request } } : parsed;
    },
    { onSuccess: onDone },
    fieldKey,
  );
  const { onSubmit, errors } = existing ? updateForm : createForm;
  const mutation = existing ? update : create;

  return (
    <>
      <FormProblems
        errors={errors}
        error={mutation.error}
        fields={fields}
        heading={existing ? 'The subscription was not changed' : 'The subscription was not created'}
        headingLevel="h3"
      />
      <Form onSubmit={onSubmit} noValidate className="maxw-none">
        {!existing && isAdmin && (
          <RadioGroupField
            id={id('scope')}
            legend={fields.scope.label}
            error={errors.scope}
            options={[
              { value: 'user' as const, label: 'Just me' },
              {
                value: 'organization' as const,
                label: 'The whole organization',
                description: 'Replaces the default notices for everyone once the first one is created.',
              },
            ]}
            value={v.scope}
            onChange={(scope) => {
              setV((was) => ({
                ...was,
                scope,
                channel: scope === 'user' && was.channel === 'webhook' ? 'email' : was.channel,
              }));
            }}
          />
        )}
        {existing ? (
          <p>
            <strong>How:</strong> {CHANNEL_LABELS[existing.channel]}
          </p>
        ) : (
          <SelectField
            id={fields.channel.id}
            label={fields.channel.label}
            value={v.channel}
            error={errors.channel}
            onChange={(event) => {
              set('channel', event.target.value as NotificationChannel);
            }}
          >
            {channels.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c]}
              </option>
            ))}
          </SelectField>
        )}
        {(existing ? existing.channel === 'webhook' : v.channel === 'webhook') && (
          <SelectField
            id={fields.webhookId.id}
            label={fields.webhookId.label}
            hint={webhooks.length === 0 ? 'Add a webhook below first.' : undefined}
            value={v.webhookId}
            error={errors.webhookId}
            onChange={(event) => {
              set('webhookId', event.target.value);
            }}
          >
            <option value="">- Choose a webhook -</option>
            {webhooks.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </SelectField>
        )}
        <Fieldset legend="Which exposures" className="margin-top-2">
          <Checkbox
            id={fields.exploitedOnly.id}
            name={fields.exploitedOnly.id}
            label="Only vulnerabilities known to be exploited"
            checked={v.exploitedOnly}
            onChange={(event) => {
              set('exploitedOnly', event.target.checked);
            }}
          />
          <SelectField
            id={fields.minSsvc.id}
            label={fields.minSsvc.label}
            hint="A known-exploited vulnerability always passes."
            value={v.minSsvc}
            error={errors.minSsvc}
            onChange={(event) => {
              set('minSsvc', event.target.value as MinSsvc | '');
            }}
          >
            <option value="">Any</option>
            {MIN_SSVC_LEVELS.map((level) => (
              <option key={level} value={level}>
                {MIN_SSVC_LABELS[level]}
              </option>
            ))}
          </SelectField>
          <TextField
            id={fields.minCvss.id}
            label={fields.minCvss.label}
            hint="From 0 to 10, such as 7 for high and critical. Empty: any."
            inputMode="decimal"
            value={v.minCvss}
            error={errors.minCvss}
            onChange={(event) => {
              set('minCvss', event.target.value);
            }}
          />
          {inventories.length > 0 && (
            <Fieldset legend="Only these inventories (none chosen: all)" id={fields.inventoryIds.id}>
              {inventories.map((inv) => (
                <Checkbox
                  key={inv.id}
                  id={id(`inventory-${inv.id}`)}
                  name={id('inventory')}
                  label={inv.name}
                  checked={v.inventoryIds.includes(inv.id)}
                  onChange={(event) => {
                    set(
                      'inventoryIds',
                      event.target.checked
                        ? [...v.inventoryIds, inv.id]
                        : v.inventoryIds.filter((x) => x !== inv.id),
                    );
                  }}
                />
              ))}
            </Fieldset>
          )}
        </Fieldset>
        <RadioGroupField
          id={id('cadence')}
          legend={fields.cadence.label}
          error={errors.cadence}
          options={NOTIFICATION_CADENCES.map((c) => ({ value: c, label: CADENCE_LABELS[c] }))}
          value={v.cadence}
          onChange={(cadence) => {
            set('cadence', cadence);
          }}
        />
        <Checkbox
          id={id('enabled')}
          name={id('enabled')}
          label="Active (clear to pause it)"
          checked={v.enabled}
          onChange={(event) => {
            set('enabled', event.target.checked);
          }}
        />
        {existing ? (
          <SubmitOrCancel label="Save changes" pending={update.isPending} onCancel={onDone} />
        ) : (
          <Button type="submit" className="margin-top-2" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create subscription'}
          </Button>
        )}
      </Form>
    </>
  );
}

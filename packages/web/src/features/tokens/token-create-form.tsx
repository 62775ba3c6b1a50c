import { Alert, AlertHeading, AlertText, Button, Form } from '@trussworks/react-uswds';
import { useState } from 'react';
import { ApiTokenCreate, TOKEN_SCOPES } from '@clearinghouse/shared';
import { useCreateToken } from './tokens.api';
import { FormProblems } from '../../app/form-errors';
import { TOKEN_SCOPE_LABELS } from '../../app/format';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { CopyButton } from '../../components/copy-button';
import { SelectField, TextField } from '../../components/form-fields';
import { LiveRegion } from '../../components/status-message';

const FIELDS = {
  name: { label: 'Token name', id: 'token-name' },
  scope: { label: 'Scope', id: 'token-scope' },
  expiresInDays: { label: 'Expires after', id: 'token-expiry' },
};

const EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '365 days' },
  { value: 'never', label: 'Never' },
];

const SCOPE_HINTS = {
  read: 'Read: look things up (advisories, your exposures).',
  write: 'Write: also submit and change things (reports, inventories).',
  admin: 'Admin: everything your account may do. Use sparingly.',
};

function NewTokenSecret({ name, secret }: { name: string; secret: string }) {
  return (
    <Alert type="warning" className="margin-bottom-3">
      <AlertHeading level="h3">Copy your new token “{name}” now</AlertHeading>
      <AlertText>
        It will not be shown again. Send it as a bearer token: Authorization: Bearer &lt;token&gt;.
      </AlertText>
      <p className="token-secret-line">
        <code data-testid="token-secret" className="token-secret">
          {secret}
        </code>
      </p>
      <CopyButton text={secret} label="Copy token" />
    </Alert>
  );
}

export function TokenCreateForm() {
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [scope, setScope] = useState('read');
  const [expiry, setExpiry] = useState('90');
  const { onSubmit, errors } = useFormSubmission(
    create,
    () =>
      checkParsed(
        ApiTokenCreate.safeParse({ name, scope, expiresInDays: expiry === 'never' ? null : Number(expiry) }),
        { name: 'Enter a name of up to 100 characters, such as the machine or script that will use it.' },
      ),
    {
      onSuccess: () => {
        setName('');
      },
    },
  );

  return (
    <>
      <LiveRegion>
        {create.isSuccess && <NewTokenSecret name={create.data.token.name} secret={create.data.secret} />}
      </LiveRegion>
      <FormProblems
        errors={errors}
        error={create.error}
        fields={FIELDS}
        heading="The token was not created"
        headingLevel="h3"
      />
      <Form onSubmit={onSubmit} noValidate large>
        <TextField
          id={FIELDS.name.id}
          label={FIELDS.name.label}
          hint="What will use it, for example “nightly inventory upload”"
          autoComplete="off"
          value={name}
          error={errors.name}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
        <SelectField
          id={FIELDS.scope.id}
          label={FIELDS.scope.label}
          hint={SCOPE_HINTS[scope === 'write' || scope === 'admin' ? scope : 'read']}
          value={scope}
          error={errors.scope}
          onChange={(event) => {
            setScope(event.target.value);
          }}
        >
          {TOKEN_SCOPES.map((s) => (
            <option key={s} value={s}>
              {TOKEN_SCOPE_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={FIELDS.expiresInDays.id}
          label={FIELDS.expiresInDays.label}
          value={expiry}
          error={errors.expiresInDays}
          onChange={(event) => {
            setExpiry(event.target.value);
          }}
        >
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </Button>
      </Form>
    </>
  );
}

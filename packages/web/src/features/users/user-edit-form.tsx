import { Button, Checkbox, Fieldset, Form } from '@trussworks/react-uswds';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import {
  CLEARANCE_LEVELS,
  GLOBAL_ROLES,
  UserUpdate,
  type ClearanceLevel,
  type GlobalRole,
  type User,
} from '@clearinghouse/shared';
import { useUpdateUser } from './users.api';
import { FormProblems } from '../../app/form-errors';
import { CLEARANCE_LABELS, GLOBAL_ROLE_LABELS, GLOBAL_ROLE_PURPOSES } from '../../app/format';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { SelectField, TextField } from '../../components/form-fields';
import { LiveRegion, SuccessMessage } from '../../components/status-message';

const FIELDS = {
  globalRoles: { label: 'Clearinghouse roles', id: `user-edit-role-${GLOBAL_ROLES[0]}` },
  clearance: { label: 'Clearance', id: 'user-edit-clearance' },
  compartments: { label: 'Compartments', id: 'user-edit-compartments' },
  disabled: { label: 'Disabled', id: 'user-edit-disabled' },
};

const FRIENDLY = {
  clearance: 'Choose a clearance level.',
  compartments:
    'Enter compartments as codes of 2 to 32 upper-case letters, digits, _ or -, such as CYBER-EVAL, separated by commas or spaces.',
};

/** "cyber-eval, RED_TEAM  x" → ["CYBER-EVAL", "RED_TEAM", "X"]: upper-cased, without repeats. */
export function parseCompartments(text: string): string[] {
  const codes = text
    .split(/[\s,]+/)
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean);
  return [...new Set(codes)];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

function isClearance(value: string): value is ClearanceLevel {
  return (CLEARANCE_LEVELS as readonly string[]).includes(value);
}

/** Only what changed is sent: the audit log then records exactly what the admin did. */
function changesOf(
  user: User,
  draft: { globalRoles: GlobalRole[]; clearance: string; compartments: string[]; disabled: boolean },
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (!sameSet(draft.globalRoles, user.globalRoles)) changes.globalRoles = draft.globalRoles;
  if (draft.clearance !== user.clearance) changes.clearance = draft.clearance;
  if (!sameSet(draft.compartments, user.compartments)) changes.compartments = draft.compartments;
  if (draft.disabled !== (user.disabledAt !== null)) changes.disabled = draft.disabled;
  return changes;
}

function savedMessage(user: User, update: UserUpdate): string {
  const roles = user.globalRoles.map((role) => GLOBAL_ROLE_LABELS[role]).join(', ') || 'none';
  const parts = [`Saved. ${user.name}’s clearinghouse roles: ${roles}.`];
  if (update.globalRoles && user.globalRoles.length > 0 && !user.totpEnabled) {
    parts.push('They will be asked to set up two-factor authentication at their next sign-in.');
  }
  if (update.disabled === true) parts.push('The account is disabled and its sessions have ended.');
  if (update.disabled === false) parts.push('The account can be used again.');
  return parts.join(' ');
}

/**
 * One account's clearinghouse roles, clearance, compartments and whether it is disabled. The
 * heading takes focus when the form opens; "Close" hands focus back to the caller.
 */
export function UserEditForm({ user, onClose }: { user: User; onClose: () => void }) {
  const update = useUpdateUser();
  const [roles, setRoles] = useState<GlobalRole[]>(user.globalRoles);
  const [clearance, setClearance] = useState<string>(user.clearance);
  const [compartments, setCompartments] = useState(user.compartments.join(', '));
  const [disabled, setDisabled] = useState(user.disabledAt !== null);
  const [nothingChanged, setNothingChanged] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const draft = {
    globalRoles: GLOBAL_ROLES.filter((role) => roles.includes(role)),
    clearance,
    compartments: parseCompartments(compartments),
    disabled,
  };
  const changes = changesOf(user, draft);

  const { onSubmit, errors } = useFormSubmission(
    update,
    () => {
      const parsed = UserUpdate.safeParse(changes);
      return checkParsed<{ id: string; update: UserUpdate }>(
        parsed.success ? { success: true, data: { id: user.id, update: parsed.data } } : parsed,
        FRIENDLY,
        isClearance(clearance) ? {} : { clearance: FRIENDLY.clearance },
      );
    },
    {
      onSuccess: (saved) => {
        setCompartments(saved.compartments.join(', '));
      },
    },
  );

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    if (Object.keys(changes).length === 0) {
      event.preventDefault();
      update.reset();
      setNothingChanged(true);
      return;
    }
    setNothingChanged(false);
    onSubmit(event);
  };

  const toggleRole = (role: GlobalRole, checked: boolean) => {
    setRoles((current) => (checked ? [...current, role] : current.filter((r) => r !== role)));
  };

  return (
    <section aria-labelledby="user-edit-heading" className="user-edit">
      <h2 id="user-edit-heading" ref={headingRef} tabIndex={-1} className="margin-top-0">
        Edit {user.name}
      </h2>
      <p className="margin-top-0">{user.email}</p>
      <FormProblems
        errors={errors}
        error={update.error}
        fields={FIELDS}
        heading="The changes were not saved"
        headingLevel="h3"
      />
      <Form onSubmit={submit} noValidate>
        <Fieldset
          legend="Clearinghouse roles"
          aria-describedby={`user-edit-roles-hint${errors.globalRoles ? ' user-edit-roles-error' : ''}`}
        >
          <span className="usa-hint" id="user-edit-roles-hint">
            Staff roles require two-factor authentication. Someone without it is asked to set it up at their
            next sign-in, and can do nothing else until they have.
          </span>
          {errors.globalRoles && (
            <span className="usa-error-message" id="user-edit-roles-error">
              {errors.globalRoles}
            </span>
          )}
          {GLOBAL_ROLES.map((role) => (
            <Checkbox
              key={role}
              id={`user-edit-role-${role}`}
              name="globalRoles"
              value={role}
              label={GLOBAL_ROLE_LABELS[role]}
              labelDescription={GLOBAL_ROLE_PURPOSES[role]}
              checked={roles.includes(role)}
              onChange={(event) => {
                toggleRole(role, event.target.checked);
              }}
            />
          ))}
        </Fieldset>
        <SelectField
          id={FIELDS.clearance.id}
          label={FIELDS.clearance.label}
          hint="The most sensitive material this person may see, for evaluations"
          value={clearance}
          error={errors.clearance}
          onChange={(event) => {
            setClearance(event.target.value);
          }}
        >
          {CLEARANCE_LEVELS.map((level) => (
            <option key={level} value={level}>
              {CLEARANCE_LABELS[level]}
            </option>
          ))}
        </SelectField>
        <TextField
          id={FIELDS.compartments.id}
          label={FIELDS.compartments.label}
          hint="Upper-case codes, separated by commas or spaces, for example CYBER-EVAL"
          value={compartments}
          error={errors.compartments}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => {
            setCompartments(event.target.value);
          }}
        />
        <Fieldset legend="Access" className="margin-top-3">
          <Checkbox
            id={FIELDS.disabled.id}
            name="disabled"
            label="Disabled"
            labelDescription="A disabled account cannot sign in or use its API tokens; its sessions end at once."
            checked={disabled}
            onChange={(event) => {
              setDisabled(event.target.checked);
            }}
          />
        </Fieldset>
        <div className="margin-top-3">
          <Button type="submit" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save'}
          </Button>
          <Button type="button" outline onClick={onClose}>
            Close
          </Button>
        </div>
      </Form>
      <LiveRegion className="margin-top-2">
        {nothingChanged && <p>Nothing has changed, so there is nothing to save.</p>}
        {update.isSuccess && (
          <SuccessMessage>{savedMessage(update.data, update.variables.update)}</SuccessMessage>
        )}
      </LiveRegion>
    </section>
  );
}

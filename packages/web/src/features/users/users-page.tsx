import { Alert, AlertHeading, AlertText, Button, Table } from '@trussworks/react-uswds';
import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { User } from '@clearinghouse/shared';
import { UserEditForm } from './user-edit-form';
import { useUserList } from './users.api';
import { isApiError } from '../../app/api';
import { CLEARANCE_LABELS, formatDate, GLOBAL_ROLE_LABELS } from '../../app/format';
import { isGlobalAdmin, useSession } from '../auth/session';
import { PageHeading } from '../../components/page-heading';
import { LoadMore, ResultCount } from '../../components/paged-list';
import { QueryStates } from '../../components/query-states';
import { SearchForm } from '../../components/search-form';
import { HiddenCaption } from '../../components/status-message';

const COLUMNS = 7;

function Forbidden() {
  return (
    <Alert type="error" role="alert">
      <AlertHeading level="h2">You do not have access to user administration</AlertHeading>
      <AlertText>Only clearinghouse administrators manage accounts. (403 Forbidden)</AlertText>
    </Alert>
  );
}

function editButtonId(userId: string): string {
  return `user-edit-button-${userId}`;
}

function UserRow({
  user,
  self,
  editing,
  onEdit,
}: {
  user: User;
  self: boolean;
  editing: boolean;
  onEdit: () => void;
}) {
  return (
    <tr>
      <th scope="row" data-label="Name">
        {user.name}
        {self && ' (you)'}
      </th>
      <td data-label="Email">{user.email}</td>
      <td data-label="Clearinghouse roles">
        {user.globalRoles.length > 0
          ? user.globalRoles.map((role) => GLOBAL_ROLE_LABELS[role]).join(', ')
          : '—'}
      </td>
      <td data-label="Clearance">
        {CLEARANCE_LABELS[user.clearance]}
        {user.compartments.length > 0 && <span className="secondary-id">{user.compartments.join(', ')}</span>}
      </td>
      <td data-label="Two-factor">{user.totpEnabled ? 'On' : 'Off'}</td>
      <td data-label="Status">
        {user.disabledAt ? `Disabled since ${formatDate(user.disabledAt)}` : 'Active'}
      </td>
      <td data-label="Actions">
        <Button
          id={editButtonId(user.id)}
          type="button"
          unstyled
          aria-label={`Edit ${user.name}`}
          aria-expanded={editing}
          aria-controls={editing ? 'user-edit-panel' : undefined}
          onClick={onEdit}
        >
          Edit
        </Button>
      </td>
    </tr>
  );
}

/** Clearinghouse administrators: every account, its staff roles, clearance and access. */
export function UsersPage() {
  const me = useSession();
  const allowed = isGlobalAdmin(me);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const list = useUserList(q, allowed);
  const users = list.data?.pages.flatMap((page) => page.items) ?? [];
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = users.find((user) => user.id === editingId);

  const search = (next: string) => {
    setEditingId(null);
    setParams(next ? { q: next } : {});
  };

  const close = () => {
    const id = editingId;
    setEditingId(null);
    if (id) requestAnimationFrame(() => document.getElementById(editButtonId(id))?.focus());
  };

  if (!allowed || isApiError(list.error, 'forbidden')) {
    return (
      <>
        <PageHeading title="Users" />
        <Forbidden />
      </>
    );
  }

  return (
    <>
      <PageHeading title="Users" />
      <p className="usa-intro">
        Every account in the clearinghouse. Give staff their roles, set evaluators&apos; clearance and
        compartments, and disable accounts that should no longer be used.
      </p>
      <SearchForm
        key={q}
        name="Users"
        search={{
          id: 'user-search',
          label: 'Search users',
          hint: 'Part of a name or email address',
          maxLength: 200,
        }}
        initialQuery={q}
        onSearch={search}
      />
      <ResultCount query={list} count={users.length} singular="user" plural="users" searched={q !== ''} />
      <QueryStates
        query={list}
        loadingLabel="Loading users…"
        errorHeading="Could not load users"
        isEmpty={users.length === 0}
        emptyTitle={q ? 'No users match your search.' : 'No users yet.'}
        emptyText={q ? <p>Try part of the name, or of the email address.</p> : undefined}
      >
        <Table bordered fullWidth stackedStyle="default" caption={<HiddenCaption>Users</HiddenCaption>}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Clearinghouse roles</th>
              <th scope="col">Clearance</th>
              <th scope="col">Two-factor</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <Fragment key={user.id}>
                <UserRow
                  user={user}
                  self={user.id === me.id}
                  editing={user.id === editing?.id}
                  onEdit={() => {
                    setEditingId(user.id === editingId ? null : user.id);
                  }}
                />
                {user.id === editing?.id && (
                  <tr className="user-edit-row" id="user-edit-panel">
                    <td colSpan={COLUMNS}>
                      <UserEditForm key={editing.id} user={editing} onClose={close} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </Table>
        <LoadMore query={list} />
      </QueryStates>
    </>
  );
}

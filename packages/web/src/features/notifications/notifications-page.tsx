import { Button, Tag } from '@trussworks/react-uswds';
import { Link } from 'react-router';
import type { Notification } from '@clearinghouse/shared';
import './notifications.css';
import { useMarkNotificationRead, useNotifications } from './notifications.api';
import { formatInstantsIn } from '../../app/format';
import { ErrorAlert } from '../../components/error-alert';
import { Instant } from '../../components/instant';
import { PageHeading } from '../../components/page-heading';
import { QueryStates } from '../../components/query-states';

/** Only links into this site are followed: "/cases/…", never "//elsewhere" or a full URL. */
function isSitePath(link: string): boolean {
  return link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\');
}

function NotificationItem({
  notification,
  onOpen,
  onMarkRead,
  busy,
}: {
  notification: Notification;
  onOpen: () => void;
  onMarkRead: () => void;
  busy: boolean;
}) {
  const unread = notification.readAt === null;
  const headingId = `notification-${notification.id}-title`;
  return (
    <li className={unread ? 'notification notification--unread' : 'notification'}>
      <article aria-labelledby={headingId}>
        <header className="notification__header">
          <h2 id={headingId}>
            {isSitePath(notification.link) ? (
              <Link className="usa-link" to={notification.link} onClick={unread ? onOpen : undefined}>
                {notification.title}
              </Link>
            ) : (
              notification.title
            )}
          </h2>
          {unread && <Tag className="internal-tag">Unread</Tag>}
          <span className="text-base">
            <Instant iso={notification.createdAt} />
          </span>
        </header>
        <p className="margin-y-05">{formatInstantsIn(notification.body)}</p>
        {unread && (
          <Button
            type="button"
            unstyled
            disabled={busy}
            aria-label={`Mark “${notification.title}” as read`}
            onClick={onMarkRead}
          >
            {busy ? 'Marking…' : 'Mark as read'}
          </Button>
        )}
      </article>
    </li>
  );
}

/** `/notifications`: the in-app inbox. Opening a notification marks it read. */
export function NotificationsPage() {
  const notifications = useNotifications();
  const markRead = useMarkNotificationRead();
  const items = notifications.data?.items ?? [];
  const unread = items.filter((n) => n.readAt === null).length;
  return (
    <>
      <PageHeading title="Notifications" />
      <p className="usa-intro">
        What needs your attention in the cases you take part in: invitations, proposals, statements and
        embargoes.{' '}
        {notifications.isSuccess && (unread === 0 ? 'Nothing is unread.' : `${String(unread)} unread.`)}
      </p>
      {markRead.isError && (
        <ErrorAlert error={markRead.error} heading="The notification was not marked as read" />
      )}
      <QueryStates
        query={notifications}
        loadingLabel="Loading your notifications…"
        errorHeading="Could not load your notifications"
        isEmpty={items.length === 0}
        emptyTitle="No notifications yet."
        emptyText={
          <p>You are told here when your organization is invited to a case, and when a case needs you.</p>
        }
      >
        <ol className="notification-list">
          {items.map((n) => (
            <NotificationItem
              key={n.id}
              notification={n}
              busy={markRead.isPending && markRead.variables === n.id}
              onOpen={() => {
                markRead.mutate(n.id);
              }}
              onMarkRead={() => {
                markRead.mutate(n.id, {
                  onSuccess: () => {
                    // The button is gone: focus stays with the notification, on its link.
                    document.querySelector<HTMLElement>(`#notification-${n.id}-title a`)?.focus();
                  },
                });
              }}
            />
          ))}
        </ol>
      </QueryStates>
    </>
  );
}

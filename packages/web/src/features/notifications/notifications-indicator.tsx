import { NavLink } from 'react-router';
import './notifications.css';
import { NOTIFICATION_LIMIT, useNotifications } from './notifications.api';

/** The header's way to the inbox, with how many notifications are unread (checked every minute). */
export function NotificationsIndicator() {
  const notifications = useNotifications();
  const items = notifications.data?.items ?? [];
  const unread = items.filter((n) => n.readAt === null).length;
  const count = unread >= NOTIFICATION_LIMIT ? `${String(NOTIFICATION_LIMIT)}+` : String(unread);
  return (
    <NavLink
      to="/notifications"
      className={({ isActive }) =>
        isActive ? 'usa-link notifications-link usa-current' : 'usa-link notifications-link'
      }
    >
      Notifications
      {unread > 0 && (
        <>
          <span className="notifications-count" aria-hidden="true">
            {count}
          </span>
          <span className="usa-sr-only">, {count} unread</span>
        </>
      )}
    </NavLink>
  );
}

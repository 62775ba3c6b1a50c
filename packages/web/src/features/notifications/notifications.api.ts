import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Notification } from '@clearinghouse/shared';
import { api, itemsOf, segment, withQuery } from '../../app/api';

const NotificationList = itemsOf(Notification);

/** How many notifications are fetched: the inbox shows the newest this many. */
export const NOTIFICATION_LIMIT = 100;

export const notificationKeys = {
  all: ['notifications'] as const,
};

/** The in-app inbox, newest first, looked at again every minute (the header counts the unread). */
export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.all,
    queryFn: () =>
      api.get(withQuery('/api/v1/notifications', { limit: NOTIFICATION_LIMIT }), NotificationList),
    refetchInterval: 60_000,
  });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.postVoid(`/api/v1/notifications/${segment(id)}/read`),
    // Runs even when the page has moved on (opening a notification follows its link).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

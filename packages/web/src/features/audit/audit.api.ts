import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { AuditEvent, Page, type AuditQuery } from '@clearinghouse/shared';
import { api, withQuery } from '../../app/api';

const AuditPage = Page(AuditEvent);

export function useAuditEvents(filters: AuditQuery, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) =>
      api.get(withQuery('/api/v1/audit', { ...filters, cursor: pageParam, limit: 50 }), AuditPage),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

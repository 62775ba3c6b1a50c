import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Page, User, type UserUpdate } from '@clearinghouse/shared';
import { api, segment, withQuery } from '../../app/api';
import { meQueryKey } from '../auth/me.api';

const UserPage = Page(User);

const userKeys = {
  all: ['users'] as const,
  list: (q: string) => ['users', 'list', q] as const,
};

/** Every account, by search on name or email (clearinghouse admins only). */
export function useUserList(q: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: userKeys.list(q),
    queryFn: ({ pageParam }) =>
      api.get(withQuery('/api/v1/users', { q, cursor: pageParam, limit: 50 }), UserPage),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, update }: { id: string; update: UserUpdate }) =>
      api.patch(`/api/v1/users/${segment(id)}`, User, update),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: userKeys.all }),
        // An admin may have changed their own account.
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
      ]),
  });
}

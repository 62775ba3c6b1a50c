import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import {
  Member,
  Organization,
  Page,
  type OrganizationCreate,
  type OrganizationKind,
  type OrganizationUpdate,
  type OrgRole,
} from '@clearinghouse/shared';
import { api, itemsOf, segment, withQuery } from '../../app/api';
import { meQueryKey } from '../auth/me.api';

const OrganizationPage = Page(Organization);
const MemberList = itemsOf(Member);

export interface OrgFilters {
  q?: string | undefined;
  kind?: OrganizationKind | undefined;
}

export const orgKeys = {
  all: ['orgs'] as const,
  list: (filters: OrgFilters) => ['orgs', 'list', filters] as const,
  options: ['orgs', 'options'] as const,
  detail: (id: string) => ['orgs', 'detail', id] as const,
  members: (id: string) => ['orgs', 'detail', id, 'members'] as const,
};

export function useOrgList(filters: OrgFilters) {
  return useInfiniteQuery({
    queryKey: orgKeys.list(filters),
    queryFn: ({ pageParam }) =>
      api.get(withQuery('/api/v1/orgs', { ...filters, cursor: pageParam, limit: 50 }), OrganizationPage),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Organizations to choose from, in lists such as declared clients (the first 200, by name). */
export function useOrgOptions(enabled = true) {
  return useQuery({
    queryKey: orgKeys.options,
    queryFn: () => api.get(withQuery('/api/v1/orgs', { limit: 200 }), OrganizationPage),
    enabled,
  });
}

export function useOrg(id: string) {
  return useQuery({
    queryKey: orgKeys.detail(id),
    queryFn: () => api.get(`/api/v1/orgs/${segment(id)}`, Organization),
  });
}

export function useCreateOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: OrganizationCreate) => api.post('/api/v1/orgs', Organization, request),
    onSuccess: async (org) => {
      queryClient.setQueryData(orgKeys.detail(org.id), org);
      // The creator is the new organization's admin: their memberships changed.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: orgKeys.all }),
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
      ]);
    },
  });
}

export function useUpdateOrg(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: OrganizationUpdate) =>
      api.patch(`/api/v1/orgs/${segment(id)}`, Organization, request),
    onSuccess: async (org) => {
      queryClient.setQueryData(orgKeys.detail(id), org);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['orgs', 'list'] }),
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
      ]);
    },
  });
}

export function useMembers(organizationId: string, enabled = true) {
  return useQuery({
    queryKey: orgKeys.members(organizationId),
    queryFn: () => api.get(`/api/v1/orgs/${segment(organizationId)}/members`, MemberList),
    enabled,
  });
}

export function useUpdateMemberRole(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: OrgRole }) =>
      api.patch(`/api/v1/orgs/${segment(organizationId)}/members/${segment(userId)}`, Member, { role }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: orgKeys.members(organizationId) }),
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
      ]),
  });
}

export function useRemoveMember(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      api.delete(`/api/v1/orgs/${segment(organizationId)}/members/${segment(userId)}`),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: orgKeys.members(organizationId) }),
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
      ]),
  });
}

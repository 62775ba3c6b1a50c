import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Invitation,
  InvitationAccepted,
  InvitationPreview,
  type InvitationAccept,
  type InvitationCreate,
} from '@clearinghouse/shared';
import { api, itemsOf, segment } from '../../app/api';
import { meQueryKey } from '../auth/me.api';

const InvitationList = itemsOf(Invitation);

const invitationKeys = {
  pending: (organizationId: string) => ['orgs', 'detail', organizationId, 'invitations'] as const,
  preview: (token: string) => ['invitation-preview', token] as const,
};

export function usePendingInvitations(organizationId: string) {
  return useQuery({
    queryKey: invitationKeys.pending(organizationId),
    queryFn: () => api.get(`/api/v1/orgs/${segment(organizationId)}/invitations`, InvitationList),
  });
}

export function useCreateInvitation(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: InvitationCreate) =>
      api.post(`/api/v1/orgs/${segment(organizationId)}/invitations`, Invitation, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationKeys.pending(organizationId) }),
  });
}

export function useRevokeInvitation(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      api.delete(`/api/v1/orgs/${segment(organizationId)}/invitations/${segment(invitationId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitationKeys.pending(organizationId) }),
  });
}

/** What an invitation link offers; needs no sign-in. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: invitationKeys.preview(token),
    queryFn: () => api.get(`/api/v1/invitations/${segment(token)}`, InvitationPreview),
    enabled: token !== '',
    staleTime: Infinity,
  });
}

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: InvitationAccept) =>
      api.post('/api/v1/invitations/accept', InvitationAccepted, request),
    // A signed-in user who accepts gains a membership.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

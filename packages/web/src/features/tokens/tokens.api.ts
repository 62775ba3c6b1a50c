import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiToken, ApiTokenCreated, type ApiTokenCreate } from '@clearinghouse/shared';
import { api, itemsOf, segment } from '../../app/api';

const ApiTokenList = itemsOf(ApiToken);
const tokensKey = ['tokens'] as const;

export function useTokens() {
  return useQuery({ queryKey: tokensKey, queryFn: () => api.get('/api/v1/tokens', ApiTokenList) });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ApiTokenCreate) => api.post('/api/v1/tokens', ApiTokenCreated, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/tokens/${segment(id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

export function tokenStatus(token: ApiToken, now = Date.now()): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

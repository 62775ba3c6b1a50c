import { useQuery } from '@tanstack/react-query';
import { LoginResponse, Me, type LoginRequest } from '@clearinghouse/shared';
import { api, isApiError, setCsrfToken } from '../../app/api';

export const meQueryKey = ['me'] as const;

/** The signed-in user, or `null` when nobody is signed in. */
async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get('/api/v1/me', Me);
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isApiError(error, 'unauthenticated')) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 30_000 });
}

export async function login(request: LoginRequest): Promise<Me> {
  const me = await api.post('/api/v1/auth/login', LoginResponse, request);
  setCsrfToken(me.csrfToken);
  return me;
}

export async function logout(): Promise<void> {
  await api.postVoid('/api/v1/auth/logout');
  setCsrfToken(null);
}

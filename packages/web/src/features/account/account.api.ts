import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  RecoveryCodes,
  TotpEnrollment,
  type PasswordChangeRequest,
  type TotpCodeRequest,
} from '@clearinghouse/shared';
import { api } from '../../app/api';
import { meQueryKey } from '../auth/me.api';

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: PasswordChangeRequest) => api.postVoid('/api/v1/auth/password', request),
    // The session may have been renewed with a new CSRF token.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

export function useEnrollTotp() {
  return useMutation({
    mutationFn: () => api.post('/api/v1/auth/totp/enroll', TotpEnrollment),
  });
}

/** Turns two-factor on. `me` is refreshed by the page once the codes are saved. */
export function useConfirmTotp() {
  return useMutation({
    mutationFn: (request: TotpCodeRequest) => api.post('/api/v1/auth/totp/confirm', RecoveryCodes, request),
  });
}

export function useRegenerateRecoveryCodes() {
  return useMutation({
    mutationFn: (request: TotpCodeRequest) =>
      api.post('/api/v1/auth/totp/recovery-codes', RecoveryCodes, request),
  });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api.postVoid('/api/v1/auth/totp/disable', { password }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

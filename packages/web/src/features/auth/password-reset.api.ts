import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PasswordResetConfirm, PasswordResetRequest } from '@clearinghouse/shared';
import { meQueryKey } from './me.api';
import { api } from '../../app/api';

/** "Forgot your password?": answered 202 whether or not the account exists. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (request: PasswordResetRequest) => api.postVoid('/api/v1/auth/password-reset', request),
  });
}

/** Sets the new password (204); every session of the account ends, this browser's included. */
export function useConfirmPasswordReset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: PasswordResetConfirm) =>
      api.postVoid('/api/v1/auth/password-reset/confirm', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

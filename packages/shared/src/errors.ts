import { z } from 'zod';

/**
 * Every error code the API can return. Stable: clients branch on these, so a code is never
 * renamed, only added. The HTTP status for each lives in the server's error map.
 */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_request',
  'unauthenticated',
  'invalid_credentials',
  'totp_required',
  'totp_invalid',
  'mfa_enrollment_required',
  'csrf_failed',
  'forbidden',
  'insufficient_scope',
  'not_found',
  'conflict',
  'already_exists',
  'invalid_state',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'account_locked',
  'invitation_invalid',
  'reset_invalid',
  'internal_error',
  'service_unavailable',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorDetail = z.object({
  path: z.string().describe('Where the problem is: a dotted path into the body, query or params.'),
  message: z.string(),
  code: z.string().optional(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    requestId: z.string(),
    details: z.array(ErrorDetail).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

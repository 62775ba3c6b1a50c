import type { UnitOfWork } from '../../db/unit-of-work.js';
import { totpStep } from './totp.js';

/** Checks a two-factor code and spends its time step, so each code works once. */
export async function useTotpCode(
  uow: UnitOfWork,
  userId: string,
  secret: string,
  code: string,
): Promise<boolean> {
  const step = totpStep(code, secret);
  return step !== null && (await uow.read.users.claimTotpStep(userId, step));
}

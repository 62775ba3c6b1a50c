import type { PasswordResetConfirm } from '@clearinghouse/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { enqueue } from '../../jobs/enqueue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { randomSecret, sha256Hex } from '../../lib/secrets.js';
import { SEND_MAIL } from '../../mail/mailer.js';
import { anonymous } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import { hashPassword } from './passwords.js';

const RESET_TTL_MS = 3_600_000;

/**
 * "Forgot your password?": a one-hour, one-time link by e-mail. The request answers the same
 * whether or not the account exists; the new password ends every session, and two-factor is
 * still asked at the next sign-in (a reset link alone never takes over a protected account).
 */
export class PasswordResetService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly onEnqueued: () => void = () => undefined,
  ) {}

  async requestPasswordReset(email: string, ip: string | null): Promise<void> {
    const user = await this.uow.read.users.findByEmail(email.toLowerCase());
    if (!user || user.disabledAt !== null || user.passwordHash === null) return;
    const now = this.clock.now();
    const token = randomSecret();
    const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
    const link = `${this.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await this.uow.transaction(async (r) => {
      await r.users.insertPasswordReset({
        id: newId('passwordReset'),
        userId: user.id,
        tokenHash: sha256Hex(token),
        expiresAt: expiresAt.toISOString(),
        now: now.toISOString(),
      });
      await enqueue(
        r,
        SEND_MAIL,
        {
          to: user.email,
          subject: 'Reset your Clearinghouse password',
          text: [
            'Someone (we hope you) asked to reset the password of your Clearinghouse account.',
            '',
            'Choose a new password here:',
            link,
            '',
            `The link works once and expires at ${expiresAt.toISOString().slice(11, 16)} UTC on ${expiresAt.toISOString().slice(0, 10)}.`,
            'If you did not ask for this, ignore this e-mail: your password stays as it is.',
          ].join('\n'),
        },
        { now },
      );
      await recordAudit(
        r,
        anonymous(ip),
        'auth.password_reset_requested',
        { targetType: 'user', targetId: user.id },
        now,
      );
    });
    this.onEnqueued();
  }

  async confirmPasswordReset(input: PasswordResetConfirm, ip: string | null): Promise<void> {
    const passwordHash = await hashPassword(input.newPassword);
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      const userId = await r.users.usePasswordReset(sha256Hex(input.token), now.toISOString());
      if (userId === undefined) {
        throw new AppError('reset_invalid', 'reset token unknown, used or expired', {
          publicMessage: 'This reset link is not valid: it may have expired or been used. Ask for a new one.',
        });
      }
      await r.users.update(userId, { passwordHash }, now.toISOString());
      await r.sessions.deleteForUser(userId);
      await recordAudit(
        r,
        anonymous(ip),
        'auth.password_reset',
        { targetType: 'user', targetId: userId, actorUserId: userId },
        now,
      );
    });
  }
}

import type { PasswordChangeRequest, RecoveryCodes, TotpEnrollment } from '@clearinghouse/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { sha256Hex } from '../../lib/secrets.js';
import { authorize } from '../../policy/policy.js';
import type { UserPrincipal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { SecretGuard } from './secret-guard.js';
import { newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, totpUri } from './totp.js';
import { useTotpCode } from './two-factor.js';
import type { UserRecord } from './users.repository.js';

/**
 * A user's own account security: password and two-factor. Only a signed-in session may change
 * them (never an API token), and every secret checked here is throttled like a sign-in.
 */
export class AccountService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly guard: SecretGuard,
  ) {}

  private async self(principal: UserPrincipal): Promise<UserRecord> {
    authorize(principal, 'account.manage', { userId: principal.userId });
    const user = await this.uow.read.users.findById(principal.userId);
    if (!user) throw new AppError('unauthenticated', 'user vanished');
    return user;
  }

  /** Runs `check` as a throttled attempt on the user's account; throws `error` when it fails. */
  private async checked(
    principal: UserPrincipal,
    user: UserRecord,
    check: () => Promise<boolean>,
    error: AppError,
  ): Promise<void> {
    const attempt = await this.guard.begin(user.email, principal.ip ?? 'unknown', this.clock.now());
    if (!(await check())) throw error;
    await attempt.succeed();
  }

  private wrongPassword(field: string, message: string) {
    return new AppError('invalid_credentials', `${field}: wrong password`, {
      publicMessage: message,
      details: [{ path: field, message }],
    });
  }

  private wrongCode() {
    return new AppError('totp_invalid', 'code mismatch', {
      publicMessage:
        'That code is not valid (or was already used). Check the time on your device and try the next code.',
      details: [{ path: 'code', message: 'That code is not valid.' }],
    });
  }

  async changePassword(principal: UserPrincipal, input: PasswordChangeRequest): Promise<void> {
    const user = await this.self(principal);
    const stored = user.passwordHash;
    await this.checked(
      principal,
      user,
      async () => stored !== null && (await verifyPassword(stored, input.currentPassword)),
      this.wrongPassword('currentPassword', 'The current password is incorrect.'),
    );
    const passwordHash = await hashPassword(input.newPassword);
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.users.update(user.id, { passwordHash }, now.toISOString());
      // Every other session ends: a changed password should lock out whoever knew the old one.
      await r.sessions.deleteForUser(
        user.id,
        principal.auth.method === 'session' ? principal.auth.sessionId : undefined,
      );
      const revokedTokens = input.revokeApiTokens
        ? await r.tokens.revokeAllForUser(user.id, now.toISOString())
        : 0;
      await recordAudit(
        r,
        principal,
        'auth.password_changed',
        { targetType: 'user', targetId: user.id, data: { revokedTokens } },
        now,
      );
    });
  }

  async startTotpEnrollment(principal: UserPrincipal): Promise<TotpEnrollment> {
    const user = await this.self(principal);
    if (user.totpEnabledAt !== null) {
      throw new AppError('conflict', 'totp already enabled', {
        publicMessage: 'Two-factor is already on. Turn it off first to enrol a new device.',
      });
    }
    const secret = newTotpSecret();
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.users.update(user.id, { totpSecret: secret }, now.toISOString());
      await recordAudit(
        r,
        principal,
        'auth.totp_enrollment_started',
        { targetType: 'user', targetId: user.id },
        now,
      );
    });
    return { secret, otpauthUrl: totpUri(secret, user.email) };
  }

  async confirmTotpEnrollment(principal: UserPrincipal, code: string): Promise<RecoveryCodes> {
    const user = await this.self(principal);
    if (user.totpEnabledAt !== null)
      throw new AppError('conflict', 'totp already enabled', { publicMessage: 'Two-factor is already on.' });
    const secret = user.totpSecret;
    if (secret === null)
      throw new AppError('invalid_state', 'no enrollment started', {
        publicMessage: 'Start enrolment first.',
      });
    await this.checked(principal, user, () => useTotpCode(this.uow, user.id, secret, code), this.wrongCode());
    const codes = newRecoveryCodes();
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.users.update(user.id, { totpEnabledAt: now.toISOString() }, now.toISOString());
      await r.users.replaceRecoveryCodes(user.id, hashCodes(codes), now.toISOString());
      await recordAudit(r, principal, 'auth.totp_enabled', { targetType: 'user', targetId: user.id }, now);
    });
    return { recoveryCodes: codes };
  }

  async regenerateRecoveryCodes(principal: UserPrincipal, code: string): Promise<RecoveryCodes> {
    const user = await this.self(principal);
    const secret = user.totpSecret;
    if (user.totpEnabledAt === null || secret === null) {
      throw new AppError('invalid_state', 'totp not enabled', { publicMessage: 'Two-factor is not on.' });
    }
    await this.checked(principal, user, () => useTotpCode(this.uow, user.id, secret, code), this.wrongCode());
    const codes = newRecoveryCodes();
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.users.replaceRecoveryCodes(user.id, hashCodes(codes), now.toISOString());
      await recordAudit(
        r,
        principal,
        'auth.recovery_codes_regenerated',
        { targetType: 'user', targetId: user.id },
        now,
      );
    });
    return { recoveryCodes: codes };
  }

  async disableTotp(principal: UserPrincipal, password: string): Promise<void> {
    const user = await this.self(principal);
    if (user.globalRoles.length > 0) {
      throw new AppError('forbidden', 'clearinghouse roles require totp', {
        publicMessage: 'Clearinghouse staff must keep two-factor authentication on.',
      });
    }
    const stored = user.passwordHash;
    await this.checked(
      principal,
      user,
      async () => stored !== null && (await verifyPassword(stored, password)),
      this.wrongPassword('password', 'The password is incorrect.'),
    );
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.users.update(user.id, { totpSecret: null, totpEnabledAt: null }, now.toISOString());
      await r.users.replaceRecoveryCodes(user.id, [], now.toISOString());
      await recordAudit(r, principal, 'auth.totp_disabled', { targetType: 'user', targetId: user.id }, now);
    });
  }
}

function hashCodes(codes: string[]) {
  return codes.map((c) => ({ id: newId('recoveryCode'), hash: sha256Hex(normalizeRecoveryCode(c)) }));
}

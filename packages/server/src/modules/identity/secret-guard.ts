import type { Config } from '../../config.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';

export interface Attempt {
  /** The secret was right: the attempt counts as a success (and resets the account's count). */
  succeed(): Promise<void>;
  /** Neither right nor wrong (e.g. the second factor is still to come): forget the attempt. */
  cancel(): Promise<void>;
}

/**
 * Throttles guesses at a secret (password, two-factor code) per account and per address. The
 * attempt is written as a failure *before* the secret is checked, and the limit counts it, so
 * concurrent guesses cannot all slip through while an earlier one is still being verified.
 */
export class SecretGuard {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: Config['login'],
  ) {}

  async begin(email: string, ip: string, now: Date): Promise<Attempt> {
    const id = newId('loginAttempt');
    const sessions = this.uow.read.sessions;
    await sessions.recordAttempt({ id, email, ip, succeeded: false, now: now.toISOString() });
    try {
      await this.assertWithinLimits(email, ip, now);
    } catch (err) {
      // A refused attempt does not extend the lockout.
      await sessions.deleteAttempt(id);
      throw err;
    }
    return {
      succeed: () => sessions.markAttemptSucceeded(id),
      cancel: () => sessions.deleteAttempt(id),
    };
  }

  private async assertWithinLimits(email: string, ip: string, now: Date): Promise<void> {
    const { maxFailures, windowMinutes, lockoutMinutes } = this.config;
    const since = new Date(now.getTime() - windowMinutes * 60_000).toISOString();
    const checks = [
      {
        by: { email },
        limit: maxFailures,
        code: 'account_locked' as const,
        text: 'Too many failed attempts for this account.',
      },
      // A wider limit per address catches one client guessing across many accounts.
      {
        by: { ip },
        limit: maxFailures * 4,
        code: 'rate_limited' as const,
        text: 'Too many failed attempts from your address.',
      },
    ];
    for (const c of checks) {
      // The count includes this attempt, still marked failed.
      const { count, latestBefore } = await this.uow.read.sessions.failuresSince(
        c.by,
        since,
        now.toISOString(),
      );
      if (count > c.limit) {
        const from = latestBefore ?? now.toISOString();
        const retryAfter = Math.max(
          1,
          Math.ceil((Date.parse(from) + lockoutMinutes * 60_000 - now.getTime()) / 1000),
        );
        throw new AppError(c.code, `throttled (${JSON.stringify(c.by)})`, {
          publicMessage: `${c.text} Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
          headers: { 'retry-after': String(retryAfter) },
        });
      }
    }
  }
}

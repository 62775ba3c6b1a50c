import { authenticator } from 'otplib';
import { randomBytes } from 'node:crypto';

// RFC 6238 defaults (SHA-1, 6 digits, 30 s) — what every authenticator app supports — with one
// step of tolerance either side for clock drift.
authenticator.options = { window: 1 };

export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

export function totpUri(secret: string, account: string, issuer = 'Clearinghouse'): string {
  return authenticator.keyuri(account, issuer, secret);
}

export function checkTotp(code: string, secret: string): boolean {
  return totpStep(code, secret) !== null;
}

/** The 30-second time step the code belongs to (within the drift window), or null if invalid. */
export function totpStep(code: string, secret: string, nowMs: number = Date.now()): number | null {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const delta = authenticator.checkDelta(digits, secret);
  return delta === null ? null : Math.floor(nowMs / 30_000) + delta;
}

/** The code for the step `offset` steps from now (tests use it to sign in more than once). */
export function totpAt(secret: string, offset: number): string {
  return authenticator.clone({ epoch: Date.now() + offset * 30_000 }).generate(secret);
}

export function currentTotp(secret: string): string {
  return authenticator.generate(secret);
}

/** Ten single-use recovery codes like `7KQ2-M9XD-4TPA`. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

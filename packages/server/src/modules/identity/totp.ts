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
  const digits = code.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) && authenticator.check(digits, secret);
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

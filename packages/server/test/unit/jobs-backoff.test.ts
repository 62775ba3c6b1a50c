import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/jobs/job-definition.js';
import {
  checkTotp,
  currentTotp,
  newRecoveryCodes,
  normalizeRecoveryCode,
} from '../../src/modules/identity/totp.js';
import { redactUrl } from '../../src/http/app.js';

describe('job backoff', () => {
  it('doubles per attempt within jitter bounds and is capped', () => {
    expect(backoffMs(1, () => 0)).toBe(1000);
    expect(backoffMs(1, () => 1)).toBe(2000);
    expect(backoffMs(4, () => 1)).toBe(16_000);
    expect(backoffMs(30, () => 1)).toBe(3_600_000);
  });
});

describe('two-factor helpers', () => {
  it('accepts the current code and rejects others', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    expect(checkTotp(currentTotp(secret), secret)).toBe(true);
    expect(checkTotp('000000', secret) && checkTotp('000001', secret)).toBe(false);
    expect(checkTotp('abc', secret)).toBe(false);
  });

  it('makes ten distinct readable recovery codes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(normalizeRecoveryCode('abcd-efgh 2345')).toBe('ABCDEFGH2345');
  });
});

describe('log redaction of URLs', () => {
  it('hides invitation tokens in paths and queries', () => {
    expect(redactUrl('/api/v1/invitations/abcDEF123456')).toBe('/api/v1/invitations/[redacted]');
    expect(redactUrl('/invitations/accept?token=secret123&x=1')).toBe(
      '/invitations/accept?token=[redacted]&x=1',
    );
    expect(redactUrl('/api/v1/invitations/accept')).toBe('/api/v1/invitations/accept');
  });
});

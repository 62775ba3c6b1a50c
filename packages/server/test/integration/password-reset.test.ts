import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildUser, login, nextTotp } from '../support/factories.js';
import { mailText, startSmtp } from '../support/smtp.js';

const linkToken = (raw: string) =>
  decodeURIComponent(/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(mailText(raw))?.[1] ?? '');

describe.each(DIALECTS)('password reset on %s', (dialect) => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeEach(async () => {
    smtp = await startSmtp();
    h = await startHarness(dialect, {
      env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) },
      startWorker: true,
    });
  });
  afterEach(async () => {
    await h.close();
    await smtp.close();
  });

  it('sends a one-time link that sets a new password and ends every session', async () => {
    const u = await buildUser(h);
    const s = await login(h, u);
    expect(
      (await api(h, 'POST', '/api/v1/auth/password-reset', undefined, { email: u.email.toUpperCase() }))
        .statusCode,
    ).toBe(202);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual([u.email]);
    const token = linkToken(mail?.raw ?? '');
    expect(token.length).toBeGreaterThan(20);

    const weak = await api(h, 'POST', '/api/v1/auth/password-reset/confirm', undefined, {
      token,
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(422);
    expect(
      (
        await api(h, 'POST', '/api/v1/auth/password-reset/confirm', undefined, {
          token,
          newPassword: 'my brand new passphrase',
        })
      ).statusCode,
    ).toBe(204);
    expect((await api(h, 'GET', '/api/v1/me', s)).statusCode).toBe(401);
    expect(
      (
        await api(h, 'POST', '/api/v1/auth/login', undefined, {
          email: u.email,
          password: 'my brand new passphrase',
        })
      ).statusCode,
    ).toBe(200);
    const reused = await api(h, 'POST', '/api/v1/auth/password-reset/confirm', undefined, {
      token,
      newPassword: 'yet another passphrase',
    });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().error.code).toBe('reset_invalid');
  });

  it('answers the same for unknown accounts and sends nothing', async () => {
    const res = await api(h, 'POST', '/api/v1/auth/password-reset', undefined, {
      email: 'nobody@example.test',
    });
    expect(res.statusCode).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.mails).toHaveLength(0);
  });

  it('expires the link after an hour', async () => {
    const u = await buildUser(h);
    await api(h, 'POST', '/api/v1/auth/password-reset', undefined, { email: u.email });
    const token = linkToken((await smtp.waitFor(1))[0]?.raw ?? '');
    h.clock.advance(3_600_001);
    expect(
      (
        await api(h, 'POST', '/api/v1/auth/password-reset/confirm', undefined, {
          token,
          newPassword: 'my brand new passphrase',
        })
      ).statusCode,
    ).toBe(410);
  });

  it('still asks staff for the second factor after a reset', async () => {
    const staff = await buildUser(h, { roles: ['coordinator'] });
    await api(h, 'POST', '/api/v1/auth/password-reset', undefined, { email: staff.email });
    const token = linkToken((await smtp.waitFor(1))[0]?.raw ?? '');
    await api(h, 'POST', '/api/v1/auth/password-reset/confirm', undefined, {
      token,
      newPassword: 'my brand new passphrase',
    });
    const noCode = await api(h, 'POST', '/api/v1/auth/login', undefined, {
      email: staff.email,
      password: 'my brand new passphrase',
    });
    expect(noCode.json().error.code).toBe('totp_required');
    const ok = await api(h, 'POST', '/api/v1/auth/login', undefined, {
      email: staff.email,
      password: 'my brand new passphrase',
      totp: nextTotp(staff),
    });
    expect(ok.statusCode).toBe(200);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentTotp, totpAt } from '../../src/modules/identity/totp.js';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, login, TEST_PASSWORD, tokenFor } from '../support/factories.js';

describe.each(DIALECTS)('authentication on %s', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
  });
  afterEach(async () => {
    await h.close();
  });

  it('signs in with a password and sets a hardened session cookie', async () => {
    const org = await buildOrg(h);
    const u = await buildUser(h, { orgId: org.id });
    const res = await api(h, 'POST', '/api/v1/auth/login', undefined, {
      email: u.email.toUpperCase(),
      password: u.password,
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'ch_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const me = res.json<{ email: string; csrfToken: string; memberships: unknown[] }>();
    expect(me.email).toBe(u.email);
    expect(me.csrfToken).toMatch(/.{20,}/);
    expect(me.memberships).toHaveLength(1);
  });

  it('marks cookies Secure when the public URL is https', async () => {
    const secure = await startHarness(dialect, { env: { CH_PUBLIC_URL: 'https://ch.example.gov' } });
    try {
      const u = await buildUser(secure);
      const res = await api(secure, 'POST', '/api/v1/auth/login', undefined, {
        email: u.email,
        password: u.password,
      });
      expect(res.cookies.find((c) => c.name === 'ch_session')?.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('rejects a wrong password and an unknown account with the same answer', async () => {
    const u = await buildUser(h);
    const wrong = await api(h, 'POST', '/api/v1/auth/login', undefined, {
      email: u.email,
      password: 'wrong password!',
    });
    const unknown = await api(h, 'POST', '/api/v1/auth/login', undefined, {
      email: 'nobody@example.test',
      password: 'wrong password!',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('locks an account after repeated failures with 429, Retry-After and a JSON body, then unlocks', async () => {
    const u = await buildUser(h);
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await api(h, 'POST', '/api/v1/auth/login', undefined, {
            email: u.email,
            password: `nope-${i}-password`,
          })
        ).statusCode,
      ).toBe(401);
    }
    const locked = await api(h, 'POST', '/api/v1/auth/login', undefined, {
      email: u.email,
      password: u.password,
    });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json().error.code).toBe('account_locked');
    h.clock.advance(16 * 60_000);
    expect(
      (await api(h, 'POST', '/api/v1/auth/login', undefined, { email: u.email, password: u.password }))
        .statusCode,
    ).toBe(200);
  });

  it('requires the second factor once enrolled, and accepts each recovery code once', async () => {
    const u = await buildUser(h);
    const s = await login(h, u);
    const enroll = await api(h, 'POST', '/api/v1/auth/totp/enroll', s);
    expect(enroll.statusCode).toBe(200);
    const { secret, otpauthUrl } = enroll.json<{ secret: string; otpauthUrl: string }>();
    expect(otpauthUrl).toContain('otpauth://totp/');
    const bad = await api(h, 'POST', '/api/v1/auth/totp/confirm', s, { code: '000000' });
    expect(bad.statusCode).toBe(401);
    const ok = await api(h, 'POST', '/api/v1/auth/totp/confirm', s, { code: currentTotp(secret) });
    expect(ok.statusCode).toBe(200);
    const codes = ok.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(codes).toHaveLength(10);

    const noCode = await api(h, 'POST', '/api/v1/auth/login', undefined, {
      email: u.email,
      password: u.password,
    });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('totp_required');
    const wrongCode = await api(h, 'POST', '/api/v1/auth/login', undefined, {
      email: u.email,
      password: u.password,
      totp: '123456',
    });
    expect(wrongCode.json().error.code).toBe('totp_invalid');
    const withCode = await api(h, 'POST', '/api/v1/auth/login', undefined, {
      email: u.email,
      password: u.password,
      totp: totpAt(secret, 1),
    });
    expect(withCode.statusCode).toBe(200);
    // The same code a second time is refused: each code works once.
    const replay = await api(h, 'POST', '/api/v1/auth/login', undefined, {
      email: u.email,
      password: u.password,
      totp: totpAt(secret, 1),
    });
    expect(replay.json().error.code).toBe('totp_invalid');
    const recovery = codes[0] ?? '';
    expect(
      (
        await api(h, 'POST', '/api/v1/auth/login', undefined, {
          email: u.email,
          password: u.password,
          totp: recovery.toLowerCase(),
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await api(h, 'POST', '/api/v1/auth/login', undefined, {
          email: u.email,
          password: u.password,
          totp: recovery,
        })
      ).statusCode,
    ).toBe(401);
  });

  it('requires two-factor enrolment for clearinghouse roles before anything else', async () => {
    const staff = await buildUser(h, { roles: ['analyst'], withTotp: false });
    const s = await login(h, staff);
    const me = await api(h, 'GET', '/api/v1/me', s);
    expect(me.json().mfaEnrollmentRequired).toBe(true);
    const blocked = await api(h, 'GET', '/api/v1/orgs', s);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('mfa_enrollment_required');
    const { secret } = (await api(h, 'POST', '/api/v1/auth/totp/enroll', s)).json<{ secret: string }>();
    expect(
      (await api(h, 'POST', '/api/v1/auth/totp/confirm', s, { code: currentTotp(secret) })).statusCode,
    ).toBe(200);
    expect((await api(h, 'GET', '/api/v1/orgs', s)).statusCode).toBe(200);
    // …and they cannot turn it off.
    const off = await api(h, 'POST', '/api/v1/auth/totp/disable', s, { password: TEST_PASSWORD });
    expect(off.statusCode).toBe(403);
  });

  it('counts concurrent wrong guesses: at most the limit are checked, the rest are refused', async () => {
    const u = await buildUser(h);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api(h, 'POST', '/api/v1/auth/login', undefined, { email: u.email, password: `guess number ${i}` }),
      ),
    );
    const codes = results.map((r) => r.json().error.code as string);
    expect(codes.filter((c) => c === 'invalid_credentials').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'account_locked').length).toBeGreaterThanOrEqual(15);
  });

  it('throttles password guesses on password change and two-factor disable too', async () => {
    const u = await buildUser(h);
    const s = await login(h, u);
    for (let i = 0; i < 5; i++) {
      const r = await api(h, 'POST', '/api/v1/auth/password', s, {
        currentPassword: `wrong ${i}`,
        newPassword: 'a brand new passphrase',
      });
      expect(r.statusCode).toBe(401);
    }
    const locked = await api(h, 'POST', '/api/v1/auth/totp/disable', s, { password: u.password });
    expect(locked.statusCode).toBe(429);
  });

  it('should not let an API token, of any scope, change the password or two-factor', async () => {
    const u = await buildUser(h);
    const token = await tokenFor(h, u, 'admin');
    for (const [url, body] of [
      ['/api/v1/auth/totp/enroll', undefined],
      ['/api/v1/auth/password', { currentPassword: u.password, newPassword: 'a brand new passphrase' }],
      ['/api/v1/auth/totp/disable', { password: u.password }],
    ] as const) {
      const res = await api(h, 'POST', url, token, body);
      expect(res.statusCode, url).toBe(403);
    }
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const u = await buildUser(h);
    const s = await login(h, u);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: s.cookie },
      payload: { name: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: s.cookie, 'x-csrf-token': 'forged' },
      payload: { name: 'x' },
    });
    expect(wrong.statusCode).toBe(403);
    // Reads need no token.
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);
  });

  it('logs out, and the old cookie stops working', async () => {
    const u = await buildUser(h);
    const s = await login(h, u);
    expect((await api(h, 'POST', '/api/v1/auth/logout', s)).statusCode).toBe(204);
    expect((await api(h, 'GET', '/api/v1/me', s)).statusCode).toBe(401);
  });

  it('changes the password, ending other sessions, and refuses a wrong current password', async () => {
    const u = await buildUser(h);
    const a = await login(h, u);
    const b = await login(h, u);
    const wrong = await api(h, 'POST', '/api/v1/auth/password', a, {
      currentPassword: 'not it at all',
      newPassword: 'a brand new passphrase',
    });
    expect(wrong.statusCode).toBe(401);
    expect(
      (
        await api(h, 'POST', '/api/v1/auth/password', a, {
          currentPassword: u.password,
          newPassword: 'a brand new passphrase',
        })
      ).statusCode,
    ).toBe(204);
    expect((await api(h, 'GET', '/api/v1/me', a)).statusCode).toBe(200);
    expect((await api(h, 'GET', '/api/v1/me', b)).statusCode).toBe(401);
    expect(
      (
        await api(h, 'POST', '/api/v1/auth/login', undefined, {
          email: u.email,
          password: 'a brand new passphrase',
        })
      ).statusCode,
    ).toBe(200);
  });

  it('keeps API tokens across a password change unless asked to revoke them', async () => {
    const u = await buildUser(h);
    const kept = await tokenFor(h, u, 'read');
    const s = await login(h, u);
    expect(
      (
        await api(h, 'POST', '/api/v1/auth/password', s, {
          currentPassword: u.password,
          newPassword: 'second long passphrase',
        })
      ).statusCode,
    ).toBe(204);
    expect((await api(h, 'GET', '/api/v1/me', kept)).statusCode).toBe(200);
    expect(
      (
        await api(h, 'POST', '/api/v1/auth/password', s, {
          currentPassword: 'second long passphrase',
          newPassword: 'third long passphrase',
          revokeApiTokens: true,
        })
      ).statusCode,
    ).toBe(204);
    expect((await api(h, 'GET', '/api/v1/me', kept)).statusCode).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const u = await buildUser(h);
    const s = await login(h, u);
    h.clock.advance(13 * 3_600_000);
    expect((await api(h, 'GET', '/api/v1/me', s)).statusCode).toBe(401);
  });

  describe('API tokens', () => {
    it('creates a token shown once, stored hashed, usable as Bearer on every route', async () => {
      const org = await buildOrg(h);
      const u = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
      const s = await login(h, u);
      const created = await api(h, 'POST', '/api/v1/tokens', s, {
        name: 'ci',
        scope: 'write',
        expiresInDays: 30,
      });
      expect(created.statusCode).toBe(201);
      const { secret, token } = created.json<{
        secret: string;
        token: { id: string; prefix: string; expiresAt: string };
      }>();
      expect(secret.startsWith(token.prefix)).toBe(true);
      expect(Date.parse(token.expiresAt) - h.clock.now().getTime()).toBe(30 * 86_400_000);
      const list = await api(h, 'GET', '/api/v1/tokens', s);
      expect(JSON.stringify(list.json())).not.toContain(secret);
      const stored = await h.c.database.db.selectFrom('api_tokens').select('token_hash').execute();
      expect(JSON.stringify(stored)).not.toContain(secret);

      expect((await api(h, 'GET', '/api/v1/me', secret)).json().authenticatedBy).toBe('token');
      expect((await api(h, 'GET', `/api/v1/orgs/${org.id}/members`, secret)).statusCode).toBe(200);
      expect(
        (await api(h, 'PATCH', `/api/v1/orgs/${org.id}`, secret, { name: 'Renamed by token' })).statusCode,
      ).toBe(200);
    });

    it('enforces scope: a read token cannot write, a write token cannot mint tokens', async () => {
      const org = await buildOrg(h);
      const u = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
      const read = await tokenFor(h, u, 'read');
      const write = await tokenFor(h, u, 'write');
      const patch = await api(h, 'PATCH', `/api/v1/orgs/${org.id}`, read, { name: 'Nope' });
      expect(patch.statusCode).toBe(403);
      expect(patch.json().error.code).toBe('insufficient_scope');
      expect(
        (await api(h, 'POST', '/api/v1/tokens', write, { name: 'escalate', scope: 'admin' })).statusCode,
      ).toBe(403);
    });

    it('rejects revoked, expired and unknown tokens', async () => {
      const u = await buildUser(h);
      const s = await login(h, u);
      const { secret, token } = (
        await api(h, 'POST', '/api/v1/tokens', s, { name: 'short', scope: 'read', expiresInDays: 1 })
      ).json<{
        secret: string;
        token: { id: string };
      }>();
      expect((await api(h, 'GET', '/api/v1/me', secret)).statusCode).toBe(200);
      h.clock.advance(86_400_000 + 1000);
      expect((await api(h, 'GET', '/api/v1/me', secret)).statusCode).toBe(401);

      const s2 = await login(h, u);
      const other = (await api(h, 'POST', '/api/v1/tokens', s2, { name: 'revoke me', scope: 'read' })).json<{
        secret: string;
        token: { id: string };
      }>();
      expect((await api(h, 'DELETE', `/api/v1/tokens/${other.token.id}`, s2)).statusCode).toBe(204);
      expect((await api(h, 'GET', '/api/v1/me', other.secret)).statusCode).toBe(401);
      expect((await api(h, 'GET', '/api/v1/me', 'cht_notatoken')).json().error.code).toBe('unauthenticated');
      expect(token.id).toMatch(/^tok_/);
    });

    it("should not revoke or list another user's token", async () => {
      const alice = await buildUser(h);
      const bob = await buildUser(h);
      const aliceSession = await login(h, alice);
      const { token } = (await api(h, 'POST', '/api/v1/tokens', aliceSession, { name: 'mine' })).json<{
        token: { id: string };
      }>();
      const bobSession = await login(h, bob);
      expect((await api(h, 'DELETE', `/api/v1/tokens/${token.id}`, bobSession)).statusCode).toBe(404);
      expect((await api(h, 'GET', '/api/v1/tokens', bobSession)).json().items).toEqual([]);
    });
  });
});

describe.each(DIALECTS)('cached identities stay correct on %s', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
  });
  afterEach(async () => {
    await h.close();
  });

  it('a token revoked through this server stops working on the very next request', async () => {
    const u = await buildUser(h);
    const s = await login(h, u);
    const { secret, token } = (
      await api(h, 'POST', '/api/v1/tokens', s, { name: 'cached', scope: 'read' })
    ).json<{ secret: string; token: { id: string } }>();
    expect((await api(h, 'GET', '/api/v1/me', secret)).statusCode).toBe(200);
    expect((await api(h, 'DELETE', `/api/v1/tokens/${token.id}`, s)).statusCode).toBe(204);
    expect((await api(h, 'GET', '/api/v1/me', secret)).statusCode).toBe(401);
  });

  it('a token revoked by another process stops working within a second', async () => {
    const u = await buildUser(h);
    const s = await login(h, u);
    const { secret, token } = (
      await api(h, 'POST', '/api/v1/tokens', s, { name: 'cached', scope: 'read' })
    ).json<{ secret: string; token: { id: string } }>();
    expect((await api(h, 'GET', '/api/v1/me', secret)).statusCode).toBe(200);
    expect((await api(h, 'GET', '/api/v1/me', secret)).statusCode).toBe(200);
    // Revoked straight in the database, as another server process would.
    await h.c.database.db
      .updateTable('api_tokens')
      .set({ revoked_at: h.clock.now().toISOString() })
      .where('id', '=', token.id)
      .execute();
    h.clock.advance(1001);
    expect((await api(h, 'GET', '/api/v1/me', secret)).statusCode).toBe(401);
  });

  it("another process's role, membership and account changes apply within a second", async () => {
    const org = await buildOrg(h);
    const u = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
    const token = await tokenFor(h, u, 'admin');
    expect((await api(h, 'PATCH', `/api/v1/orgs/${org.id}`, token, { name: 'First' })).statusCode).toBe(200);
    await h.c.database.db
      .updateTable('memberships')
      .set({ role: 'member' })
      .where('user_id', '=', u.id)
      .execute();
    h.clock.advance(1001);
    expect((await api(h, 'PATCH', `/api/v1/orgs/${org.id}`, token, { name: 'Second' })).statusCode).toBe(403);
    await h.c.database.db
      .insertInto('user_global_roles')
      .values({ user_id: u.id, role: 'admin', created_at: h.clock.now().toISOString() })
      .execute();
    h.clock.advance(1001);
    expect((await api(h, 'GET', '/api/v1/me', token)).json().globalRoles).toEqual(['admin']);
    await h.c.database.db
      .updateTable('users')
      .set({ disabled_at: h.clock.now().toISOString() })
      .where('id', '=', u.id)
      .execute();
    h.clock.advance(1001);
    expect((await api(h, 'GET', '/api/v1/me', token)).statusCode).toBe(401);
  });

  it('a session ended by another process stops working within a second', async () => {
    const u = await buildUser(h);
    const s = await login(h, u);
    expect((await api(h, 'GET', '/api/v1/me', s)).statusCode).toBe(200);
    await h.c.database.db.deleteFrom('sessions').where('user_id', '=', u.id).execute();
    h.clock.advance(1001);
    expect((await api(h, 'GET', '/api/v1/me', s)).statusCode).toBe(401);
  });
});

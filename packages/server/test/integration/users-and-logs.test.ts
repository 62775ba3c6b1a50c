import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, login, tokenFor } from '../support/factories.js';

describe.each(DIALECTS)('account administration on %s', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
  });
  afterEach(async () => {
    await h.close();
  });

  it('lets a clearinghouse admin grant roles, clearance and compartments', async () => {
    const admin = await tokenFor(h, await buildUser(h, { roles: ['admin'] }), 'admin');
    const u = await buildUser(h);
    const res = await api(h, 'PATCH', `/api/v1/users/${u.id}`, admin, {
      globalRoles: ['evaluator'],
      clearance: 'secret',
      compartments: ['CYBER-EVAL'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      globalRoles: ['evaluator'],
      clearance: 'secret',
      compartments: ['CYBER-EVAL'],
    });
    const list = await api(h, 'GET', `/api/v1/users?q=${encodeURIComponent(u.email)}`, admin);
    expect(list.json().items).toHaveLength(1);
    // The new evaluator must now enrol two-factor before doing anything else.
    const s = await login(h, u);
    expect((await api(h, 'GET', '/api/v1/me', s)).json().mfaEnrollmentRequired).toBe(true);
  });

  it('rejects bad compartments and clearance levels, listing both', async () => {
    const admin = await tokenFor(h, await buildUser(h, { roles: ['admin'] }), 'admin');
    const u = await buildUser(h);
    const res = await api(h, 'PATCH', `/api/v1/users/${u.id}`, admin, {
      clearance: 'cosmic',
      compartments: ['lower case'],
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['clearance', 'compartments.0']);
  });

  it('should not let analysts, org admins or write tokens manage accounts', async () => {
    const org = await buildOrg(h);
    const u = await buildUser(h);
    for (const token of [
      await tokenFor(h, await buildUser(h, { roles: ['analyst'] }), 'admin'),
      await tokenFor(h, await buildUser(h, { orgId: org.id, orgRole: 'admin' }), 'admin'),
      await tokenFor(h, await buildUser(h, { roles: ['admin'] }), 'write'),
    ]) {
      expect(
        (await api(h, 'PATCH', `/api/v1/users/${u.id}`, token, { globalRoles: ['admin'] })).statusCode,
      ).toBe(403);
      expect((await api(h, 'GET', '/api/v1/users', token)).statusCode).toBe(403);
    }
  });

  it('disabling an account ends its sessions and refuses sign-in', async () => {
    const admin = await tokenFor(h, await buildUser(h, { roles: ['admin'] }), 'admin');
    const u = await buildUser(h);
    const s = await login(h, u);
    expect(
      (await api(h, 'PATCH', `/api/v1/users/${u.id}`, admin, { disabled: true })).json().disabledAt,
    ).not.toBeNull();
    expect((await api(h, 'GET', '/api/v1/me', s)).statusCode).toBe(401);
    expect(
      (await api(h, 'POST', '/api/v1/auth/login', undefined, { email: u.email, password: u.password }))
        .statusCode,
    ).toBe(401);
  });

  it('shows job attempts and errors to admins only', async () => {
    const admin = await tokenFor(h, await buildUser(h, { roles: ['admin'] }), 'admin');
    const org = await buildOrg(h);
    const orgAdmin = await login(h, await buildUser(h, { orgId: org.id, orgRole: 'admin' }));
    await api(h, 'POST', `/api/v1/orgs/${org.id}/invitations`, orgAdmin, { email: 'someone@example.test' });
    const jobs = await api(h, 'GET', '/api/v1/jobs', admin);
    expect(jobs.json().items[0]).toMatchObject({
      name: 'mail.send@1',
      status: 'queued',
      attempts: 0,
      lastError: null,
    });
    expect(JSON.stringify(jobs.json())).not.toContain('accept?token=');
    expect((await api(h, 'GET', '/api/v1/jobs', orgAdmin)).statusCode).toBe(403);
  });
});

describe('logs', () => {
  it('never contain passwords, tokens, cookies or invitation secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const h = await startHarness('sqlite', { logger: createLogger('debug', sink) });
    try {
      const org = await buildOrg(h);
      const u = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
      const s = await login(h, u);
      const token = (await api(h, 'POST', '/api/v1/tokens', s, { name: 'x', scope: 'read' })).json<{
        secret: string;
      }>().secret;
      await api(h, 'GET', '/api/v1/me', token);
      await api(h, 'POST', '/api/v1/auth/login', undefined, {
        email: u.email,
        password: 'wrong password here',
      });
      await api(h, 'GET', '/api/v1/invitations/invitation-secret-value-123');
      await api(h, 'POST', '/api/v1/auth/password', s, {
        currentPassword: u.password,
        newPassword: 'another long passphrase',
      });
      const all = lines.join('');
      expect(all).toContain('incoming request');
      for (const secret of [
        u.password,
        'wrong password here',
        'another long passphrase',
        token,
        s.cookie.split('=')[1] ?? '',
        s.csrf,
        'invitation-secret-value-123',
      ]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await h.close();
    }
  });
});

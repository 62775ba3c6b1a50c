import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, login, tokenFor } from '../support/factories.js';
import { mailText, startSmtp } from '../support/smtp.js';

describe.each(DIALECTS)('organizations and invitations on %s', (dialect) => {
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

  it('lets a community member register an organization, becoming its admin, unverified', async () => {
    const home = await buildOrg(h, { kind: 'researcher' });
    const u = await buildUser(h, { orgId: home.id });
    const token = await tokenFor(h, u, 'write');
    const res = await api(h, 'POST', '/api/v1/orgs', token, {
      name: 'Rural Water Co-op',
      kind: 'operator',
      sectors: ['water'],
    });
    expect(res.statusCode).toBe(201);
    const org = res.json<{ id: string; verifiedAt: string | null; sectors: string[] }>();
    expect(org.id).toMatch(/^org_/);
    expect(org.verifiedAt).toBeNull();
    const members = await api(h, 'GET', `/api/v1/orgs/${org.id}/members`, token);
    expect(members.json().items).toMatchObject([{ userId: u.id, role: 'admin' }]);
  });

  it('refuses a clearinghouse organization from a non-admin and lists every validation problem', async () => {
    const home = await buildOrg(h);
    const u = await buildUser(h, { orgId: home.id });
    const token = await tokenFor(h, u, 'write');
    expect(
      (await api(h, 'POST', '/api/v1/orgs', token, { name: 'Fake CERT', kind: 'clearinghouse' })).statusCode,
    ).toBe(403);
    const bad = await api(h, 'POST', '/api/v1/orgs', token, {
      name: 'x',
      kind: 'bank',
      sectors: ['moon'],
      website: 'ftp://x',
    });
    expect(bad.statusCode).toBe(422);
    const paths = bad.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'kind', 'sectors.0', 'website']));
  });

  it('lets org admins edit and declare clients; members and other orgs cannot', async () => {
    const vendor = await buildOrg(h, { kind: 'operator' });
    const client = await buildOrg(h, { kind: 'operator' });
    const other = await buildOrg(h);
    const orgAdmin = await tokenFor(h, await buildUser(h, { orgId: vendor.id, orgRole: 'admin' }), 'write');
    const member = await tokenFor(h, await buildUser(h, { orgId: vendor.id, orgRole: 'member' }), 'write');
    const outsider = await tokenFor(h, await buildUser(h, { orgId: other.id, orgRole: 'admin' }), 'write');

    const ok = await api(h, 'PATCH', `/api/v1/orgs/${vendor.id}`, orgAdmin, {
      sectors: ['healthcare', 'water'],
      clientIds: [client.id],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().clients).toMatchObject([{ id: client.id }]);
    expect(
      (await api(h, 'PATCH', `/api/v1/orgs/${vendor.id}`, member, { name: 'Mine now' })).statusCode,
    ).toBe(403);
    expect(
      (await api(h, 'PATCH', `/api/v1/orgs/${vendor.id}`, outsider, { name: 'Mine now' })).statusCode,
    ).toBe(403);
    expect((await api(h, 'GET', `/api/v1/orgs/${vendor.id}/members`, outsider)).statusCode).toBe(403);
    expect(
      (await api(h, 'PATCH', `/api/v1/orgs/${vendor.id}`, orgAdmin, { verified: true })).statusCode,
    ).toBe(403);
    const unknownClient = await api(h, 'PATCH', `/api/v1/orgs/${vendor.id}`, orgAdmin, {
      clientIds: ['org_nope', vendor.id],
    });
    expect(unknownClient.statusCode).toBe(422);
    expect(unknownClient.json().error.details).toHaveLength(2);
  });

  it('lets a clearinghouse admin verify an organization', async () => {
    const org = await buildOrg(h);
    const admin = await tokenFor(h, await buildUser(h, { roles: ['admin'] }), 'admin');
    const res = await api(h, 'PATCH', `/api/v1/orgs/${org.id}`, admin, { verified: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().verifiedAt).not.toBeNull();
  });

  it('pages through the directory and filters by kind and mine', async () => {
    const home = await buildOrg(h, { name: 'AAA Home', kind: 'researcher' });
    for (let i = 0; i < 5; i++) await buildOrg(h, { name: `Vendor ${i}`, kind: 'vendor' });
    const token = await tokenFor(h, await buildUser(h, { orgId: home.id }), 'read');
    const first = (await api(h, 'GET', '/api/v1/orgs?kind=vendor&limit=2', token)).json<{
      items: { name: string }[];
      nextCursor: string;
    }>();
    expect(first.items.map((o) => o.name)).toEqual(['Vendor 0', 'Vendor 1']);
    const second = (
      await api(h, 'GET', `/api/v1/orgs?kind=vendor&limit=2&cursor=${first.nextCursor}`, token)
    ).json<{ items: { name: string }[] }>();
    expect(second.items.map((o) => o.name)).toEqual(['Vendor 2', 'Vendor 3']);
    const mine = (await api(h, 'GET', '/api/v1/orgs?mine=true', token)).json<{ items: { id: string }[] }>();
    expect(mine.items.map((o) => o.id)).toEqual([home.id]);
    expect((await api(h, 'GET', '/api/v1/orgs?limit=9999', token)).statusCode).toBe(422);
  });

  it('invites by e-mail over SMTP; the link sets the password and joins the organization', async () => {
    const org = await buildOrg(h, { name: 'Riverside Hospital', kind: 'operator' });
    const orgAdmin = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
    const s = await login(h, orgAdmin);
    const inv = await api(h, 'POST', `/api/v1/orgs/${org.id}/invitations`, s, {
      email: 'New.Nurse@Example.test',
      role: 'member',
    });
    expect(inv.statusCode).toBe(201);
    expect(inv.json().email).toBe('new.nurse@example.test');

    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual(['new.nurse@example.test']);
    const text = mailText(mail?.raw ?? '');
    expect(text).toContain('Riverside Hospital');
    const token = /accept\?token=([A-Za-z0-9_%-]+)/.exec(text)?.[1];
    expect(token).toBeDefined();
    const secret = decodeURIComponent(token ?? '');

    const preview = await api(h, 'GET', `/api/v1/invitations/${secret}`);
    expect(preview.json()).toMatchObject({
      organization: { name: 'Riverside Hospital' },
      accountExists: false,
      role: 'member',
    });
    const missing = await api(h, 'POST', '/api/v1/invitations/accept', undefined, { token: secret });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details.map((d: { path: string }) => d.path)).toEqual(['name', 'password']);
    const accepted = await api(h, 'POST', '/api/v1/invitations/accept', undefined, {
      token: secret,
      name: 'New Nurse',
      password: 'a long enough password',
    });
    expect(accepted.statusCode).toBe(200);
    const again = await api(h, 'POST', '/api/v1/invitations/accept', undefined, {
      token: secret,
      name: 'x',
      password: 'a long enough password',
    });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('invitation_invalid');

    const newcomer = await login(h, {
      id: '',
      email: 'new.nurse@example.test',
      password: 'a long enough password',
    });
    const me = (await api(h, 'GET', '/api/v1/me', newcomer)).json<{
      memberships: { organization: { id: string }; role: string }[];
    }>();
    expect(me.memberships).toMatchObject([{ organization: { id: org.id }, role: 'member' }]);
    const job = (await h.c.uow.read.jobs.list({ limit: 10 })).find((j) => j.name === 'mail.send@1');
    expect(job?.status).toBe('succeeded');
  });

  it('refuses invitations from members and outsiders, and duplicates of members', async () => {
    const org = await buildOrg(h);
    const member = await buildUser(h, { orgId: org.id, orgRole: 'member' });
    const other = await buildOrg(h);
    const outsider = await buildUser(h, { orgId: other.id, orgRole: 'admin' });
    const admin = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
    expect(
      (
        await api(h, 'POST', `/api/v1/orgs/${org.id}/invitations`, await login(h, member), {
          email: 'x@example.test',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await api(h, 'POST', `/api/v1/orgs/${org.id}/invitations`, await login(h, outsider), {
          email: 'x@example.test',
        })
      ).statusCode,
    ).toBe(403);
    const dup = await api(h, 'POST', `/api/v1/orgs/${org.id}/invitations`, await login(h, admin), {
      email: member.email,
    });
    expect(dup.statusCode).toBe(409);
  });

  it('withdraws an invitation so its link stops working, and expires old ones', async () => {
    const org = await buildOrg(h);
    const admin = await login(h, await buildUser(h, { orgId: org.id, orgRole: 'admin' }));
    const inv = (
      await api(h, 'POST', `/api/v1/orgs/${org.id}/invitations`, admin, { email: 'a@example.test' })
    ).json<{ id: string }>();
    await smtp.waitFor(1);
    const secret = decodeURIComponent(
      /accept\?token=([A-Za-z0-9_%-]+)/.exec(mailText(smtp.mails[0]?.raw ?? ''))?.[1] ?? '',
    );
    expect((await api(h, 'GET', `/api/v1/orgs/${org.id}/invitations`, admin)).json().items).toHaveLength(1);
    expect((await api(h, 'DELETE', `/api/v1/orgs/${org.id}/invitations/${inv.id}`, admin)).statusCode).toBe(
      204,
    );
    expect((await api(h, 'GET', `/api/v1/invitations/${secret}`)).statusCode).toBe(410);

    await api(h, 'POST', `/api/v1/orgs/${org.id}/invitations`, admin, { email: 'b@example.test' });
    await smtp.waitFor(2);
    const second = decodeURIComponent(
      /accept\?token=([A-Za-z0-9_%-]+)/.exec(mailText(smtp.mails[1]?.raw ?? ''))?.[1] ?? '',
    );
    h.clock.advance(15 * 86_400_000);
    expect((await api(h, 'GET', `/api/v1/invitations/${second}`)).statusCode).toBe(410);
  });

  it('adds an existing account to the organization without touching its password', async () => {
    const org = await buildOrg(h);
    const existing = await buildUser(h);
    const admin = await login(h, await buildUser(h, { orgId: org.id, orgRole: 'admin' }));
    await api(h, 'POST', `/api/v1/orgs/${org.id}/invitations`, admin, {
      email: existing.email,
      role: 'admin',
    });
    await smtp.waitFor(1);
    const secret = decodeURIComponent(
      /accept\?token=([A-Za-z0-9_%-]+)/.exec(mailText(smtp.mails[0]?.raw ?? ''))?.[1] ?? '',
    );
    expect((await api(h, 'GET', `/api/v1/invitations/${secret}`)).json().accountExists).toBe(true);
    expect(
      (await api(h, 'POST', '/api/v1/invitations/accept', undefined, { token: secret })).statusCode,
    ).toBe(200);
    const me = (await api(h, 'GET', '/api/v1/me', await login(h, existing))).json<{
      memberships: { role: string }[];
    }>();
    expect(me.memberships).toMatchObject([{ role: 'admin' }]);
  });

  it('never leaves an organization without an admin, even under concurrent changes', async () => {
    for (let round = 0; round < 3; round++) {
      const org = await buildOrg(h);
      const a = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
      const b = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
      const [as, bs] = [await login(h, a), await login(h, b)];
      await Promise.all([
        api(h, 'PATCH', `/api/v1/orgs/${org.id}/members/${a.id}`, as, { role: 'member' }),
        api(h, 'DELETE', `/api/v1/orgs/${org.id}/members/${b.id}`, bs),
      ]);
      const admins = (await h.c.uow.read.organizations.members(org.id)).filter((m) => m.role === 'admin');
      expect(admins.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('manages members: role changes, removal, and never the last admin', async () => {
    const org = await buildOrg(h);
    const a = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
    const b = await buildUser(h, { orgId: org.id, orgRole: 'member' });
    const as = await login(h, a);
    expect(
      (await api(h, 'PATCH', `/api/v1/orgs/${org.id}/members/${a.id}`, as, { role: 'member' })).statusCode,
    ).toBe(409);
    expect(
      (await api(h, 'PATCH', `/api/v1/orgs/${org.id}/members/${b.id}`, as, { role: 'admin' })).json().role,
    ).toBe('admin');
    expect(
      (await api(h, 'PATCH', `/api/v1/orgs/${org.id}/members/${a.id}`, as, { role: 'member' })).statusCode,
    ).toBe(200);
    const bs = await login(h, b);
    expect((await api(h, 'DELETE', `/api/v1/orgs/${org.id}/members/${a.id}`, bs)).statusCode).toBe(204);
    expect((await api(h, 'DELETE', `/api/v1/orgs/${org.id}/members/${b.id}`, bs)).statusCode).toBe(409);
  });
});

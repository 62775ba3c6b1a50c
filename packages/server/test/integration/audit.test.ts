import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, login, tokenFor } from '../support/factories.js';
import { runTs } from '../support/run-bin.js';

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
  });
  afterEach(async () => {
    await h.close();
  });

  it('records each change in the same transaction, chained by hash', async () => {
    const org = await buildOrg(h);
    const admin = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
    const s = await login(h, admin);
    await api(h, 'PATCH', `/api/v1/orgs/${org.id}`, s, { name: 'Renamed Org' });
    const events = await h.c.uow.read.audit.list({ limit: 100 });
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['org.created', 'user.created', 'auth.login', 'org.updated']),
    );
    const updated = events.find((e) => e.action === 'org.updated');
    expect(updated).toMatchObject({ actorUserId: admin.id, organizationId: org.id, targetId: org.id });
    expect(await h.c.services.audit.verify()).toMatchObject({ ok: true, checked: events.length });
  });

  it('does not record a change that failed', async () => {
    const org = await buildOrg(h);
    const before = (await h.c.uow.read.audit.list({ limit: 1000 })).length;
    await expect(
      h.c.uow.transaction(async (r) => {
        await r.audit.append({
          id: 'aud_rollback',
          occurredAt: h.clock.now().toISOString(),
          action: 'org.updated',
          actorUserId: null,
          actorTokenId: null,
          actorIp: null,
          organizationId: org.id,
          targetType: 'organization',
          targetId: org.id,
          data: {},
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await h.c.uow.read.audit.list({ limit: 1000 })).length).toBe(before);
  });

  it('keeps the chain intact under concurrent writers', async () => {
    const org = await buildOrg(h);
    const admin = await tokenFor(h, await buildUser(h, { orgId: org.id, orgRole: 'admin' }), 'write');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api(h, 'PATCH', `/api/v1/orgs/${org.id}`, admin, { name: `Name ${i}` }),
      ),
    );
    expect(await h.c.services.audit.verify()).toMatchObject({ ok: true });
  });

  it('reports the first broken link after a row is edited by hand', async () => {
    const org = await buildOrg(h);
    for (let i = 0; i < 5; i++)
      await h.c.services.organizations.updateOrganization({ kind: 'system', name: 't' }, org.id, {
        name: `Step ${i}`,
      });
    const target = (await h.c.uow.read.audit.list({ limit: 100 })).find(
      (e) => e.data.changes && (e.data.changes as { name?: string }).name === 'Step 2',
    );
    expect(target).toBeDefined();
    await sql`update audit_events set data = ${JSON.stringify({ changes: { name: 'Nothing to see' } })} where seq = ${target?.seq ?? 0}`.execute(
      h.c.database.db,
    );
    expect(await h.c.services.audit.verify()).toMatchObject({
      ok: false,
      brokenAt: target?.seq,
      reason: 'hash_mismatch',
    });
  });

  it('serves the log to clearinghouse admins, their own org log to org admins, and nothing to others', async () => {
    const org = await buildOrg(h);
    const other = await buildOrg(h);
    const admin = await tokenFor(h, await buildUser(h, { roles: ['admin'] }), 'admin');
    const orgAdmin = await tokenFor(h, await buildUser(h, { orgId: org.id, orgRole: 'admin' }), 'admin');
    const member = await tokenFor(h, await buildUser(h, { orgId: org.id, orgRole: 'member' }), 'admin');
    const analyst = await tokenFor(h, await buildUser(h, { roles: ['analyst'] }), 'admin');
    const readOnly = await tokenFor(h, await buildUser(h, { roles: ['admin'] }), 'read');

    const all = await api(h, 'GET', '/api/v1/audit?limit=5', admin);
    expect(all.statusCode).toBe(200);
    const page = all.json<{ items: { seq: number; hash: string }[]; nextCursor: string }>();
    expect(page.items).toHaveLength(5);
    expect(page.items[0]?.seq).toBeGreaterThan(page.items[4]?.seq ?? Infinity);
    const next = (await api(h, 'GET', `/api/v1/audit?limit=5&cursor=${page.nextCursor}`, admin)).json<{
      items: { seq: number }[];
    }>();
    expect(next.items[0]?.seq).toBe((page.items[4]?.seq ?? 0) - 1);

    expect(page.items[0]).toHaveProperty('actorEmail');
    const named = (await api(h, 'GET', `/api/v1/audit?organizationId=${org.id}&limit=200`, admin)).json<{
      items: { action: string; organizationName: string | null }[];
    }>();
    expect(named.items.find((e) => e.action === 'org.created')?.organizationName).toBe(org.name);

    const own = await api(h, 'GET', '/api/v1/audit', orgAdmin);
    expect(own.statusCode).toBe(200);
    expect(
      own.json<{ items: { organizationId: string }[] }>().items.every((e) => e.organizationId === org.id),
    ).toBe(true);
    expect((await api(h, 'GET', `/api/v1/audit?organizationId=${other.id}`, orgAdmin)).statusCode).toBe(403);
    expect((await api(h, 'GET', '/api/v1/audit', member)).statusCode).toBe(403);
    expect((await api(h, 'GET', '/api/v1/audit', analyst)).statusCode).toBe(403);
    expect((await api(h, 'GET', '/api/v1/audit', readOnly)).json().error.code).toBe('insufficient_scope');
    expect((await api(h, 'GET', '/api/v1/audit')).statusCode).toBe(401);
  });
});

describe('audit verify command', () => {
  it('prints OK for an intact chain and the broken link, with exit code 1, after tampering', async () => {
    const h = await startHarness('sqlite');
    try {
      const org = await buildOrg(h);
      for (let i = 0; i < 3; i++)
        await h.c.services.organizations.updateOrganization({ kind: 'system', name: 't' }, org.id, {
          name: `Step ${i}`,
        });
      // The command opens the same SQLite file the running application uses (WAL allows both).
      const env = { CH_DATA_DIR: h.db.dataDir, DATABASE_URL: '' };
      const ok = await runTs('packages/server/src/bin.ts', ['audit', 'verify'], { env });
      const head = /^OK: \d+ events, chain head (\d+:[0-9a-f]{64})$/m.exec(ok.stdout)?.[1];
      expect(head).toBeDefined();
      expect(ok.code).toBe(0);
      expect(
        (await runTs('packages/server/src/bin.ts', ['audit', 'verify', '--expect', head ?? ''], { env }))
          .code,
      ).toBe(0);

      // Removing the newest events leaves a valid-looking chain; the recorded head exposes it.
      const truncate = new Database(path.join(h.db.dataDir, 'clearinghouse.db'));
      const headSeq = Number(head?.split(':')[0]);
      truncate.prepare('delete from audit_events where seq = ?').run(headSeq);
      truncate.close();
      expect((await runTs('packages/server/src/bin.ts', ['audit', 'verify'], { env })).code).toBe(0);
      const truncated = await runTs(
        'packages/server/src/bin.ts',
        ['audit', 'verify', '--expect', head ?? ''],
        { env },
      );
      expect(truncated.stdout).toContain(`BROKEN at event seq ${headSeq} (truncated)`);
      expect(truncated.code).toBe(1);

      // Edit a row by hand, as someone with file access would.
      const raw = new Database(path.join(h.db.dataDir, 'clearinghouse.db'));
      raw.prepare("update audit_events set action = 'org.deleted' where seq = 3").run();
      raw.close();
      const broken = await runTs('packages/server/src/bin.ts', ['audit', 'verify'], { env });
      expect(broken.stdout).toContain('BROKEN at event seq 3 (hash_mismatch)');
      expect(broken.code).toBe(1);
    } finally {
      await h.close();
    }
  });
});

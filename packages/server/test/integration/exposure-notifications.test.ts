import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Exposure,
  Inventory,
  Notification,
  WebhookDelivery,
  WebhookEndpointWithSecret,
  WebhookPayload,
} from '@clearinghouse/shared';
import { enqueue } from '../../src/jobs/enqueue.js';
import { DEFAULT_QUEUE } from '../../src/jobs/job-definition.js';
import { openSecretsKey } from '../../src/lib/sealed-box.js';
import { OutboundClient } from '../../src/lib/outbound.js';
import { NotificationDeliveryService } from '../../src/modules/notifications/delivery.service.js';
import { NOTIFY_EXPOSURES } from '../../src/modules/notifications/jobs.js';
import { api, buildOrg, buildUser, tokenFor, type TestUser } from '../support/factories.js';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { approvedAdvisory, publishers, type Publishers } from '../support/publication.js';
import { mailText, startSmtp, type CapturedMail } from '../support/smtp.js';

/**
 * The whole way: a released advisory → the matcher finds exposures in operators' inventories →
 * NOTIFY_EXPOSURES → inbox notices, e-mail over real SMTP and signed webhooks to a real receiver,
 * as each organization's subscriptions (or the defaults) say.
 */

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

const HOUR = 3_600_000;

function sbom(components: { name: string; version: string; purl: string }[]): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    components: components.map((c) => ({ type: 'library', ...c, 'bom-ref': c.purl })),
  });
}

describe.each(DIALECTS)('exposure notifications on %s', (dialect) => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: Server;
  let base = '';
  const received: Received[] = [];
  const secrets = new Map<string, string>();
  const statuses = new Map<string, number[]>();
  let p: Publishers;

  interface Org {
    id: string;
    admin: TestUser & { token: string };
    member: TestUser & { token: string };
  }
  let defaults: Org & { leaver: TestUser & { token: string } };
  let subscribed: Org;
  let closing: Org;

  async function operator(name: string): Promise<Org> {
    const org = await buildOrg(h, { name, kind: 'operator' });
    const admin = await buildUser(h, { orgId: org.id, orgRole: 'admin' });
    const member = await buildUser(h, { orgId: org.id, orgRole: 'member' });
    const o = {
      id: org.id,
      admin: { ...admin, token: await tokenFor(h, admin) },
      member: { ...member, token: await tokenFor(h, member) },
    };
    const inv = (
      await api(h, 'POST', '/api/v1/inventories', o.admin.token, { name: 'Clinical systems' })
    ).json<Inventory>();
    const up = await h.app.inject({
      method: 'POST',
      url: `/api/v1/inventories/${inv.id}/uploads?filename=bom.cdx.json`,
      headers: { authorization: `Bearer ${o.admin.token}`, 'content-type': 'application/octet-stream' },
      payload: sbom([{ name: 'acme-render', version: '2.3.0', purl: 'pkg:npm/acme-render@2.3.0' }]),
    });
    expect(up.statusCode, up.body).toBe(201);
    return o;
  }

  async function webhook(o: Org, path: string, filters: object = {}): Promise<WebhookEndpointWithSecret> {
    const res = await api(h, 'POST', '/api/v1/webhooks', o.admin.token, {
      orgId: o.id,
      name: path,
      url: `${base}${path}`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const hook = res.json<WebhookEndpointWithSecret>();
    secrets.set(path, hook.secret);
    const sub = await api(h, 'POST', '/api/v1/subscriptions', o.admin.token, {
      orgId: o.id,
      scope: 'organization',
      channel: 'webhook',
      webhookId: hook.id,
      filters,
    });
    expect(sub.statusCode, sub.body).toBe(201);
    return hook;
  }

  const inbox = async (token: string) =>
    (await api(h, 'GET', '/api/v1/notifications', token)).json<{ items: Notification[] }>().items;
  const mailsTo = (email: string): CapturedMail[] => smtp.mails.filter((m) => m.to.includes(email));

  beforeAll(async () => {
    smtp = await startSmtp();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        const header = String(req.headers['x-clearinghouse-signature'] ?? '');
        const fields = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
        const t = Number(fields.get('t'));
        const expected = createHmac('sha256', secrets.get(path) ?? '')
          .update(`${t}.${body}`)
          .digest();
        const given = Buffer.from(fields.get('v1') ?? '', 'hex');
        const fresh = Math.abs(h.clock.now().getTime() / 1000 - t) <= 300;
        const verified = fresh && given.length === expected.length && timingSafeEqual(given, expected);
        received.push({ path, headers: req.headers, body, verified });
        res.writeHead(verified ? (statuses.get(path)?.shift() ?? 204) : 401).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h = await startHarness(dialect, {
      env: {
        CH_PUBLIC_URL: 'https://clearinghouse.test',
        CH_WEBHOOK_ALLOW: '127.0.0.1',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
      },
    });
    p = await publishers(h);

    // No subscriptions: the defaults. `leaver` is an admin who leaves before the job runs.
    const d = await operator('Rural Hospital');
    const leaver = await buildUser(h, { orgId: d.id, orgRole: 'admin' });
    defaults = { ...d, leaver: { ...leaver, token: await tokenFor(h, leaver) } };

    // An organization-wide webhook for exploited vulnerabilities and a daily e-mail digest; the
    // member's own e-mail asks for CVSS 9.9 and up (this one is 9.8), their own inbox for all.
    subscribed = await operator('Valley Water Utility');
    await webhook(subscribed, '/water', { exploitedOnly: true });
    const s = subscribed;
    for (const [as, body] of [
      [s.admin.token, { orgId: s.id, scope: 'organization', channel: 'email', cadence: 'daily' }],
      [s.member.token, { channel: 'email', filters: { minCvss: 9.9 } }],
      [s.member.token, { channel: 'inbox' }],
    ] as const) {
      const res = await api(h, 'POST', '/api/v1/subscriptions', as, body);
      expect(res.statusCode, res.body).toBe(201);
    }

    // A webhook whose first attempt fails; the exposure closes before the retry.
    closing = await operator('Town Clinic');
    await webhook(closing, '/clinic');
    statuses.set('/clinic', [500]);
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await smtp.close();
  });

  it('tells every organization at release, as its subscriptions or the defaults say', async () => {
    await approvedAdvisory(h, p, {
      product: 'acme-render',
      purl: 'pkg:npm/acme-render',
      affected: 'vers:npm/>=2.0.0|<2.4.0',
      fixed: '2.4.0',
      cve: 'CVE-2026-42001',
      exploitation: 'active',
    });
    // Membership is read when the message is made: someone who left hears nothing.
    const left = await api(
      h,
      'DELETE',
      `/api/v1/orgs/${defaults.id}/members/${defaults.leaver.id}`,
      defaults.admin.token,
    );
    expect(left.statusCode, left.body).toBe(204);
    await h.c.worker.drain();

    // Defaults: inbox for every member, immediate e-mail for admins.
    const [exposure] = (await api(h, 'GET', '/api/v1/exposures', defaults.admin.token)).json<{
      items: Exposure[];
    }>().items;
    expect(exposure?.vulnerability.key).toBe('CVE-2026-42001');
    for (const who of [defaults.admin, defaults.member]) {
      const notices = (await inbox(who.token)).filter((n) => n.kind === 'exposure');
      expect(notices).toHaveLength(1);
      expect(notices[0]?.title).toMatch(/^\[TLP:CLEAR\] Update acme-render/);
      expect(notices[0]?.link).toBe(`/exposures/${exposure?.id}`);
    }
    expect((await inbox(defaults.leaver.token)).filter((n) => n.kind === 'exposure')).toEqual([]);
    await smtp.waitFor(1);
    const adminMail = mailsTo(defaults.admin.email);
    expect(adminMail).toHaveLength(1);
    const raw = adminMail[0]?.raw ?? '';
    expect(raw).toMatch(/Subject: \[TLP:CLEAR\] New exposure: update acme-render/);
    expect(raw).toMatch(/multipart\/alternative/);
    const text = mailText(raw);
    expect(text).toContain('TLP:CLEAR');
    expect(text).toContain(`https://clearinghouse.test/exposures/${exposure?.id}`);
    expect(mailsTo(defaults.member.email)).toEqual([]);
    expect(mailsTo(defaults.leaver.email)).toEqual([]);

    // Subscriptions: a signed webhook with the notice and its label; the member's inbox; no e-mail yet.
    const water = received.filter((r) => r.path === '/water');
    expect(water).toHaveLength(1);
    expect(water[0]?.verified).toBe(true);
    expect(water[0]?.headers['x-clearinghouse-event']).toBe('exposures.opened');
    const payload = JSON.parse(water[0]?.body ?? '{}') as WebhookPayload;
    expect(payload).toMatchObject({
      type: 'exposures.opened',
      organization: { id: subscribed.id, name: 'Valley Water Utility' },
      tlp: 'CLEAR',
    });
    expect(payload.notices).toHaveLength(1);
    expect(payload.notices[0]).toMatchObject({
      orgId: subscribed.id,
      tlp: 'CLEAR',
      vulnerability: { key: 'CVE-2026-42001', exploited: true },
    });
    expect((await inbox(subscribed.member.token)).filter((n) => n.kind === 'exposure')).toHaveLength(1);
    expect((await inbox(subscribed.admin.token)).filter((n) => n.kind === 'exposure')).toEqual([]);
    expect(mailsTo(subscribed.admin.email)).toEqual([]);
    expect(mailsTo(subscribed.member.email)).toEqual([]);
  });

  it('asks again before a retry: an exposure closed meanwhile is not sent', async () => {
    const clinic = received.filter((r) => r.path === '/clinic');
    expect(clinic).toHaveLength(1);
    expect(clinic[0]?.verified).toBe(true);
    const [exposure] = (await api(h, 'GET', '/api/v1/exposures', closing.admin.token)).json<{
      items: Exposure[];
    }>().items;
    const closed = await api(h, 'POST', `/api/v1/exposures/${exposure?.id}/status`, closing.admin.token, {
      status: 'mitigated',
      note: 'Isolated on its own VLAN',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    h.clock.advance(2 * 60_000);
    await h.c.worker.drain();
    expect(received.filter((r) => r.path === '/clinic')).toHaveLength(1);
    const hooks = (await api(h, 'GET', '/api/v1/webhooks', closing.admin.token)).json<{
      items: { id: string }[];
    }>();
    const log = await api(h, 'GET', `/api/v1/webhooks/${hooks.items[0]?.id}/deliveries`, closing.admin.token);
    const [delivery] = log.json<{ items: WebhookDelivery[] }>().items;
    expect(delivery).toMatchObject({ event: 'exposures.opened', status: 'abandoned', attempts: 1 });
    expect(delivery?.error).toMatch(/nothing left to send/);
  });

  it('sends the daily digest at the digest hour with what is still open', async () => {
    const before = smtp.mails.length;
    // The test clock starts on 2026-11-27 at 12:00 UTC: the next digest is at 07:00 the day after.
    h.clock.set(new Date('2026-11-28T06:59:00.000Z'));
    await h.c.worker.drain();
    expect(smtp.mails.length).toBe(before);
    h.clock.set(new Date('2026-11-28T07:00:00.000Z'));
    await h.c.worker.drain();
    await smtp.waitFor(before + 2);
    for (const who of [subscribed.admin, subscribed.member]) {
      const mails = mailsTo(who.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.raw).toMatch(/Subject: \[TLP:CLEAR\] Daily digest, 1 exposure: update acme-render/);
    }
    // Once a day: running again sends nothing more.
    h.clock.advance(HOUR);
    await h.c.worker.drain();
    expect(mailsTo(subscribed.admin.email)).toHaveLength(1);
  });

  it('adds nothing when a worker dies after NOTIFY_EXPOSURES committed and the job runs again', async () => {
    const [exposure] = (await api(h, 'GET', '/api/v1/exposures', subscribed.admin.token)).json<{
      items: Exposure[];
    }>().items;
    expect(exposure).toBeDefined();
    const memberNotices = async () =>
      (await inbox(subscribed.member.token)).filter((n) => n.kind === 'exposure').length;
    const [hook] = (await api(h, 'GET', '/api/v1/webhooks', subscribed.admin.token)).json<{
      items: { id: string }[];
    }>().items;
    const deliveries = async () =>
      (await api(h, 'GET', `/api/v1/webhooks/${hook?.id}/deliveries`, subscribed.admin.token)).json<{
        items: WebhookDelivery[];
      }>().items;
    const noticesBefore = await memberNotices();
    const deliveriesBefore = (await deliveries()).length;
    const postsBefore = received.filter((r) => r.path === '/water').length;

    // A worker claims the job and runs it to its commit, then dies before recording success.
    await h.c.worker.drain();
    const payload = { orgId: subscribed.id, exposureIds: [exposure?.id ?? ''] };
    const job = await h.c.uow.transaction((r) =>
      enqueue(r, NOTIFY_EXPOSURES, payload, { now: h.clock.now() }),
    );
    const [claimed] = await h.c.uow.read.jobs.claim({
      queues: [DEFAULT_QUEUE],
      workerId: 'worker-that-dies',
      now: h.clock.now().toISOString(),
      limit: 1,
    });
    expect(claimed?.id).toBe(job.id);
    const dying = new NotificationDeliveryService(
      h.c.uow,
      h.clock,
      h.c.services.exposures,
      new OutboundClient({ allow: [], timeoutMs: 1000, maxBytes: 1024, maxRedirects: 0, userAgent: 'test' }),
      await openSecretsKey(h.c.config.secretsKey, h.c.config.dataDir),
      { publicUrl: h.c.config.publicUrl, digestHourUtc: h.c.config.notifications.digestHourUtc },
    );
    await dying.notifyExposures(payload, job.id);
    expect(await memberNotices()).toBe(noticesBefore + 1);

    // Its lease runs out; a live worker takes the job again, with the same id, and runs it through.
    // (What a polling worker does first: requeue jobs whose lease of 10 minutes has run out.)
    h.clock.advance(15 * 60_000);
    const leaseEnd = new Date(h.clock.now().getTime() - 10 * 60_000).toISOString();
    expect(await h.c.uow.read.jobs.requeueStale(leaseEnd, h.clock.now().toISOString())).toBe(1);
    await h.c.worker.drain();
    expect((await h.c.uow.read.jobs.findById(job.id))?.status).toBe('succeeded');
    expect(await memberNotices()).toBe(noticesBefore + 1);
    const after = await deliveries();
    expect(after).toHaveLength(deliveriesBefore + 1);
    expect(after[0]).toMatchObject({ event: 'exposures.opened', status: 'succeeded', attempts: 1 });
    const posts = received.filter((r) => r.path === '/water').slice(postsBefore);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers['x-clearinghouse-delivery']).toBe(after[0]?.id);
  });
});

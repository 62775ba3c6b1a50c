import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Subscription,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@clearinghouse/shared';
import type { OutboundResolver } from '../../src/lib/outbound.js';
import { api, buildOrg, buildUser, tokenFor } from '../support/factories.js';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { mailText, startSmtp } from '../support/smtp.js';

/**
 * Subscriptions and signed webhooks through the real API, a real HTTP receiver on loopback and a
 * real SMTP server; time moves with the test clock and jobs run when the worker is drained.
 */

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

/**
 * A receiver as the docs tell one to write it: HMAC-SHA256 over "<t>.<raw body>" with the secret,
 * compared in constant time, the timestamp within five minutes (of the test clock). Each path
 * answers with the statuses queued for it, then 200.
 */
class Receiver {
  readonly received: Received[] = [];
  readonly secrets = new Map<string, string>();
  readonly statuses = new Map<string, number[]>();
  private server: Server | undefined;
  base = '';

  constructor(private readonly nowSeconds: () => number) {}

  verify(path: string, headers: IncomingHttpHeaders, body: string): boolean {
    const secret = this.secrets.get(path);
    const header = headers['x-clearinghouse-signature'];
    if (secret === undefined || typeof header !== 'string') return false;
    const fields = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
    const t = Number(fields.get('t'));
    const v1 = Buffer.from(fields.get('v1') ?? '', 'hex');
    if (!Number.isInteger(t) || Math.abs(this.nowSeconds() - t) > 300) return false;
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
    return v1.length === expected.length && timingSafeEqual(v1, expected);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const body = Buffer.concat(chunks).toString('utf8');
        const verified = this.verify(path, req.headers, body);
        this.received.push({ path, headers: req.headers, body, verified });
        if (!verified) {
          res.writeHead(401, { 'content-type': 'text/plain' }).end('bad signature');
          return;
        }
        const status = this.statuses.get(path)?.shift() ?? 200;
        res.writeHead(status, { 'content-type': 'text/plain', 'x-receiver-secret': 'never-logged' });
        res.end(status === 200 ? 'thanks' : `status ${status} ${'x'.repeat(800)}`);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  to(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(DIALECTS)('notifications on %s', (dialect) => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Receiver;
  let orgId: string;
  let orgName: string;
  let admin: string;
  let adminEmail: string;
  let member: string;
  let memberId: string;
  let otherAdmin: string;
  let staffAdmin: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    // Loopback is refused by default; this deployment allows its test receiver for webhooks.
    h = await startHarness(dialect, {
      env: { CH_WEBHOOK_ALLOW: '127.0.0.1', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) },
    });
    receiver = new Receiver(() => Math.floor(h.clock.now().getTime() / 1000));
    await receiver.start();
    const org = await buildOrg(h, { kind: 'operator', name: 'Rural Hospital' });
    orgId = org.id;
    orgName = org.name;
    const a = await buildUser(h, { orgId, orgRole: 'admin' });
    adminEmail = a.email;
    admin = await tokenFor(h, a);
    const m = await buildUser(h, { orgId, orgRole: 'member' });
    memberId = m.id;
    member = await tokenFor(h, m);
    otherAdmin = await tokenFor(h, await buildUser(h, { orgId: (await buildOrg(h)).id, orgRole: 'admin' }));
    staffAdmin = await tokenFor(h, await buildUser(h, { roles: ['admin'] }));
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
    await smtp.close();
  });

  async function createHook(path: string, statuses: number[] = []): Promise<WebhookEndpointWithSecret> {
    const res = await api(h, 'POST', '/api/v1/webhooks', admin, {
      name: path,
      url: `${receiver.base}${path}`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const hook = res.json<WebhookEndpointWithSecret>();
    receiver.secrets.set(path, hook.secret);
    receiver.statuses.set(path, statuses);
    return hook;
  }
  const ping = async (id: string) => {
    const res = await api(h, 'POST', `/api/v1/webhooks/${id}/test`, admin);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<WebhookDelivery>();
  };
  const deliveries = async (id: string, as = admin) =>
    (await api(h, 'GET', `/api/v1/webhooks/${id}/deliveries`, as)).json<{ items: WebhookDelivery[] }>().items;
  const endpoint = async (id: string) =>
    (await api(h, 'GET', '/api/v1/webhooks', admin))
      .json<{ items: WebhookEndpoint[] }>()
      .items.find((e) => e.id === id);

  it('refuses anonymous callers', async () => {
    for (const url of ['/api/v1/subscriptions', '/api/v1/webhooks']) {
      expect((await api(h, 'GET', url)).statusCode).toBe(401);
      expect((await api(h, 'POST', url, undefined, {})).statusCode).toBe(401);
    }
  });

  it('lets a member manage their own subscriptions, audited', async () => {
    const created = await api(h, 'POST', '/api/v1/subscriptions', member, {
      channel: 'email',
      cadence: 'daily',
      filters: { minCvss: 7 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const sub = created.json<Subscription>();
    expect(sub).toMatchObject({
      orgId,
      userId: memberId,
      channel: 'email',
      cadence: 'daily',
      enabled: true,
      webhookId: null,
      filters: { exploitedOnly: false, minSsvc: null, minCvss: 7, inventoryIds: [] },
    });

    const patched = await api(h, 'PATCH', `/api/v1/subscriptions/${sub.id}`, member, {
      filters: { exploitedOnly: true },
      enabled: false,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<Subscription>()).toMatchObject({
      enabled: false,
      filters: { exploitedOnly: true, minCvss: 7 },
    });

    const mine = (await api(h, 'GET', '/api/v1/subscriptions', member)).json<{ items: Subscription[] }>()
      .items;
    expect(mine.map((s) => s.id)).toEqual([sub.id]);
    // Someone else's personal subscription is not theirs to see or change.
    expect(
      (await api(h, 'PATCH', `/api/v1/subscriptions/${sub.id}`, otherAdmin, { enabled: true })).statusCode,
    ).toBe(404);
    expect((await api(h, 'DELETE', `/api/v1/subscriptions/${sub.id}`, admin)).statusCode).toBe(404);

    expect((await api(h, 'DELETE', `/api/v1/subscriptions/${sub.id}`, member)).statusCode).toBe(204);
    expect((await api(h, 'GET', '/api/v1/subscriptions', member)).json<{ items: unknown[] }>().items).toEqual(
      [],
    );

    const audit = await h.c.uow.read.audit.list({ targetId: sub.id, limit: 50 });
    const actions = audit.map((e) => e.action);
    expect(actions.sort()).toEqual([
      'notifications.subscription_created',
      'notifications.subscription_deleted',
      'notifications.subscription_updated',
    ]);
  });

  it('reports every problem of a subscription at once', async () => {
    const res = await api(h, 'POST', '/api/v1/subscriptions', member, {
      scope: 'user',
      channel: 'webhook',
      cadence: 'hourly',
      filters: { minCvss: 11, minSsvc: 'urgent' },
    });
    expect(res.statusCode).toBe(422);
    const paths = res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['cadence', 'filters.minCvss', 'filters.minSsvc', 'webhookId', 'channel']),
    );
  });

  it('keeps organization-wide subscriptions to organization admins', async () => {
    const denied = await api(h, 'POST', '/api/v1/subscriptions', member, {
      scope: 'organization',
      channel: 'inbox',
    });
    expect(denied.statusCode).toBe(403);
    const res = await api(h, 'POST', '/api/v1/subscriptions', admin, {
      scope: 'organization',
      channel: 'email',
      filters: { exploitedOnly: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    const sub = res.json<Subscription>();
    expect(sub.userId).toBeNull();
    const memberSees = (await api(h, 'GET', '/api/v1/subscriptions', member)).json<{
      items: Subscription[];
    }>();
    expect(memberSees.items.map((s) => s.id)).not.toContain(sub.id);
    expect(
      (await api(h, 'PATCH', `/api/v1/subscriptions/${sub.id}`, member, { enabled: false })).statusCode,
    ).toBe(404);
    const staff = (await api(h, 'GET', '/api/v1/subscriptions', staffAdmin)).json<{
      items: Subscription[];
    }>();
    expect(staff.items.map((s) => s.id)).toContain(sub.id);
    // Clearinghouse admins look; only the organization's admins change.
    expect(
      (await api(h, 'PATCH', `/api/v1/subscriptions/${sub.id}`, staffAdmin, { enabled: false })).statusCode,
    ).toBe(403);
    // Another organization's endpoint cannot be named.
    const foreign = await api(h, 'POST', '/api/v1/subscriptions', admin, {
      scope: 'organization',
      channel: 'webhook',
      webhookId: 'whk_01JDNOTAREALENDPOINT00000',
    });
    expect(foreign.statusCode).toBe(422);
    expect((await api(h, 'DELETE', `/api/v1/subscriptions/${sub.id}`, admin)).statusCode).toBe(204);
  });

  it('shows the signing secret once and keeps it sealed at rest', async () => {
    const hook = await createHook('/once');
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(hook).toMatchObject({ orgId, enabled: true, disabledReason: null, consecutiveFailures: 0 });
    const listed = await api(h, 'GET', '/api/v1/webhooks', admin);
    expect(listed.body).not.toContain(hook.secret);
    expect(
      listed.json<{ items: WebhookEndpoint[] }>().items.find((e) => e.id === hook.id),
    ).not.toHaveProperty('secret');
    const row = await h.c.uow.read.notifications.findEndpoint(hook.id);
    expect(row?.secretSealed).toMatch(/^v1\./);
    expect(row?.secretSealed).not.toContain(hook.secret.slice(6));
    const audit = await h.c.uow.read.audit.list({ limit: 200 });
    expect(JSON.stringify(audit)).not.toContain(hook.secret);
  });

  it('sends a signed ping the receiver verifies, and a tampered body fails verification', async () => {
    const hook = await createHook('/ping');
    const delivery = await ping(hook.id);
    expect(delivery).toMatchObject({
      endpointId: hook.id,
      event: 'ping',
      status: 'succeeded',
      attempts: 1,
      responseStatus: 200,
      responseBodyExcerpt: 'thanks',
      error: null,
      nextAttemptAt: null,
    });
    const [got] = receiver.to('/ping');
    expect(got?.verified).toBe(true);
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers['user-agent']).toMatch(/^Clearinghouse\//);
    expect(got?.headers['x-clearinghouse-event']).toBe('ping');
    expect(got?.headers['x-clearinghouse-delivery']).toBe(delivery.id);
    expect(JSON.parse(got?.body ?? '{}')).toEqual({
      type: 'ping',
      id: delivery.id,
      createdAt: h.clock.now().toISOString(),
      organization: { id: orgId, name: orgName },
      tlp: null,
      notices: [],
    });

    // The same request replayed verbatim verifies; one changed byte does not.
    const send = (body: string) =>
      fetch(`${receiver.base}/ping`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-clearinghouse-signature': String(got?.headers['x-clearinghouse-signature']),
        },
        body,
      });
    expect((await send(got?.body ?? '')).status).toBe(200);
    expect((await send((got?.body ?? '').replace('"ping"', '"digest"'))).status).toBe(401);

    // After a rotation the old secret no longer verifies and the new one does.
    const rotated = await api(h, 'POST', `/api/v1/webhooks/${hook.id}/rotate-secret`, admin);
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json<WebhookEndpointWithSecret>().secret;
    expect(fresh).not.toBe(hook.secret);
    expect(await ping(hook.id)).toMatchObject({ status: 'pending', responseStatus: 401 });
    receiver.secrets.set('/ping', fresh);
    expect((await ping(hook.id)).status).toBe('succeeded');
  });

  it('retries a failed delivery with backoff until it succeeds', async () => {
    const hook = await createHook('/flaky', [500, 503]);
    const first = await ping(hook.id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 500 });
    expect(first.error).toBe('the receiver answered HTTP 500');
    expect(first.responseBodyExcerpt).toHaveLength(500);
    const wait1 = Date.parse(first.nextAttemptAt ?? '') - h.clock.now().getTime();
    expect(wait1).toBeGreaterThanOrEqual(24_000);
    expect(wait1).toBeLessThanOrEqual(36_000);

    // Not due yet: nothing happens.
    await h.c.worker.drain();
    expect(receiver.to('/flaky')).toHaveLength(1);

    h.clock.advance(wait1);
    await h.c.worker.drain();
    const second = (await deliveries(hook.id))[0];
    expect(second).toMatchObject({ status: 'pending', attempts: 2, responseStatus: 503 });
    const wait2 = Date.parse(second?.nextAttemptAt ?? '') - h.clock.now().getTime();
    expect(wait2).toBeGreaterThanOrEqual(48_000);
    expect(wait2).toBeLessThanOrEqual(72_000);

    h.clock.advance(wait2);
    await h.c.worker.drain();
    const done = (await deliveries(hook.id))[0];
    expect(done).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      responseStatus: 200,
      nextAttemptAt: null,
    });
    expect(done?.attemptLog.map((a) => a.responseStatus)).toEqual([500, 503, 200]);
    expect(receiver.to('/flaky').every((r) => r.verified)).toBe(true);
    // Every retry is the same delivery.
    expect(new Set(receiver.to('/flaky').map((r) => r.headers['x-clearinghouse-delivery']))).toEqual(
      new Set([first.id]),
    );
    expect((await endpoint(hook.id))?.consecutiveFailures).toBe(0);
  });

  it('abandons after 24 hours of failures, disables the endpoint and tells the admins', async () => {
    const hook = await createHook('/down', new Array<number>(100).fill(500));
    const start = h.clock.now().getTime();
    const mailsBefore = smtp.mails.length;
    await ping(hook.id);
    let last: WebhookDelivery | undefined;
    for (let i = 0; i < 40; i++) {
      h.clock.advance(HOUR);
      await h.c.worker.drain();
      last = (await deliveries(hook.id))[0];
      if (last?.status !== 'pending') break;
    }
    expect(last?.status).toBe('abandoned');
    expect(last?.error).toMatch(/abandoned: still failing 24 hours after the first attempt/);
    expect(Date.parse(last?.lastAttemptAt ?? '') - start).toBe(24 * HOUR);
    // Backoff: doubling from ~30 s, never more than an hour apart.
    const times = (last?.attemptLog ?? []).map((a) => Date.parse(a.at));
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(HOUR);
    expect(last?.attemptLog.every((a) => a.responseStatus === 500)).toBe(true);

    const disabled = await endpoint(hook.id);
    expect(disabled).toMatchObject({
      enabled: false,
      disabledReason: 'every delivery attempt failed for 24 hours',
    });

    const inbox = async (token: string) =>
      (await api(h, 'GET', '/api/v1/notifications', token)).json<{
        items: { kind: string; title: string }[];
      }>().items;
    expect((await inbox(admin)).filter((n) => n.kind === 'webhook.disabled')).toHaveLength(1);
    expect((await inbox(member)).filter((n) => n.kind === 'webhook.disabled')).toHaveLength(0);
    await h.c.worker.drain();
    const mails = await smtp.waitFor(mailsBefore + 1);
    const told = mails.slice(mailsBefore);
    expect(told.map((m) => m.to)).toEqual([[adminEmail]]);
    expect(mailText(told[0]?.raw ?? '')).toContain('every delivery attempt failed for 24 hours');

    // A disabled endpoint gets no new deliveries until re-enabled.
    const enabled = await api(h, 'POST', `/api/v1/webhooks/${hook.id}/enable`, admin);
    expect(enabled.json<WebhookEndpoint>()).toMatchObject({
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
    });
  });

  it.each([
    ['/rejected', [404, 400, 403]],
    ['/moved', [301, 302, 307]],
  ])('ends a delivery the receiver turns down (%s) as failed after three attempts', async (path, codes) => {
    const hook = await createHook(path, [...codes, 200]);
    const first = await ping(hook.id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, responseStatus: codes[0] });
    for (let i = 0; i < 2; i++) {
      h.clock.advance(HOUR);
      await h.c.worker.drain();
    }
    const [done] = await deliveries(hook.id);
    expect(done).toMatchObject({
      status: 'failed',
      attempts: 3,
      responseStatus: codes[2],
      nextAttemptAt: null,
    });
    expect(done?.error).toBe(
      `the receiver answered HTTP ${codes[2]}; failed: turned down 3 times, not retried`,
    );
    expect(done?.attemptLog.map((a) => a.responseStatus)).toEqual(codes);
    // Nothing more is sent, and the failure counts towards disabling the endpoint.
    h.clock.advance(24 * HOUR);
    await h.c.worker.drain();
    expect(receiver.to(path)).toHaveLength(3);
    expect(await endpoint(hook.id)).toMatchObject({ enabled: true, consecutiveFailures: 1 });
  });

  it('keeps retrying 408 and 429 past three attempts', async () => {
    const hook = await createHook('/busy', [429, 408, 429, 429]);
    await ping(hook.id);
    for (let i = 0; i < 4; i++) {
      h.clock.advance(HOUR);
      await h.c.worker.drain();
    }
    const [done] = await deliveries(hook.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 5, responseStatus: 200 });
    expect(done?.attemptLog.map((a) => a.responseStatus)).toEqual([429, 408, 429, 429, 200]);
  });

  it('disables an endpoint at once on 410 Gone, without retrying', async () => {
    const hook = await createHook('/gone', [410]);
    const d = await ping(hook.id);
    expect(d).toMatchObject({ status: 'failed', responseStatus: 410, nextAttemptAt: null });
    h.clock.advance(2 * HOUR);
    await h.c.worker.drain();
    expect(receiver.to('/gone')).toHaveLength(1);
    expect(await endpoint(hook.id)).toMatchObject({
      enabled: false,
      disabledReason: 'the receiver answered 410 Gone',
    });
  });

  it('validates webhook URLs, reporting every problem', async () => {
    const bad = await api(h, 'POST', '/api/v1/webhooks', admin, {
      name: 'x',
      url: 'ftp://user:pw@example.org/#frag',
    });
    expect(bad.statusCode).toBe(422);
    const messages = bad
      .json<{ error: { details: { message: string }[] } }>()
      .error.details.map((d) => d.message);
    expect(messages).toHaveLength(3);
    expect(messages.join(' ')).toMatch(/scheme ftp/);
    expect(messages.join(' ')).toMatch(/user name or password/);
    // Plain http only to allow-listed hosts.
    const plain = await api(h, 'POST', '/api/v1/webhooks', admin, {
      name: 'x',
      url: 'http://hooks.example.org/',
    });
    expect(plain.statusCode).toBe(422);
    const hook = await createHook('/patch');
    const patched = await api(h, 'PATCH', `/api/v1/webhooks/${hook.id}`, admin, { url: 'not a url' });
    expect(patched.statusCode).toBe(422);
  });

  it('keeps webhooks to the organization admins (and lets clearinghouse admins look)', async () => {
    const hook = await createHook('/private');
    await ping(hook.id);
    expect(
      (await api(h, 'POST', '/api/v1/webhooks', member, { name: 'm', url: 'https://example.org/' }))
        .statusCode,
    ).toBe(403);
    expect((await api(h, 'GET', '/api/v1/webhooks', member)).json<{ items: unknown[] }>().items).toEqual([]);
    for (const as of [member, otherAdmin]) {
      expect((await api(h, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`, as)).statusCode).toBe(404);
      expect((await api(h, 'POST', `/api/v1/webhooks/${hook.id}/test`, as)).statusCode).toBe(404);
      expect((await api(h, 'PATCH', `/api/v1/webhooks/${hook.id}`, as, { name: 'taken' })).statusCode).toBe(
        404,
      );
      expect((await api(h, 'POST', `/api/v1/webhooks/${hook.id}/rotate-secret`, as)).statusCode).toBe(404);
      expect((await api(h, 'DELETE', `/api/v1/webhooks/${hook.id}`, as)).statusCode).toBe(404);
    }
    expect(
      (await api(h, 'GET', '/api/v1/webhooks', otherAdmin)).json<{ items: WebhookEndpoint[] }>().items,
    ).toEqual([]);
    expect((await deliveries(hook.id, staffAdmin)).length).toBe(1);
    expect((await api(h, 'POST', `/api/v1/webhooks/${hook.id}/rotate-secret`, staffAdmin)).statusCode).toBe(
      403,
    );
    expect((await api(h, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`)).statusCode).toBe(401);
    expect((await api(h, 'DELETE', `/api/v1/webhooks/${hook.id}`, admin)).statusCode).toBe(204);
    expect((await api(h, 'GET', `/api/v1/webhooks/${hook.id}/deliveries`, admin)).statusCode).toBe(404);
  });

  it('pages the delivery log, newest first', async () => {
    const hook = await createHook('/paged', [502]);
    const a = await ping(hook.id);
    h.clock.advance(1000);
    const b = await ping(hook.id);
    const first = await api(h, 'GET', `/api/v1/webhooks/${hook.id}/deliveries?limit=1`, admin);
    const page1 = first.json<{ items: WebhookDelivery[]; nextCursor: string | null }>();
    expect(page1.items.map((d) => d.id)).toEqual([b.id]);
    expect(page1.items[0]?.responseStatus).toBe(200);
    const second = await api(
      h,
      'GET',
      `/api/v1/webhooks/${hook.id}/deliveries?limit=1&cursor=${page1.nextCursor ?? ''}`,
      admin,
    );
    const page2 = second.json<{ items: WebhookDelivery[]; nextCursor: string | null }>();
    expect(page2.items.map((d) => d.id)).toEqual([a.id]);
    expect(page2.items[0]?.attemptLog[0]?.responseStatus).toBe(502);
    expect(page2.nextCursor).toBeNull();
    expect(
      (await api(h, 'GET', `/api/v1/webhooks/${hook.id}/deliveries?cursor=garbage`, admin)).statusCode,
    ).toBe(422);
  });

  it('records every change in the audit log, in the same transaction', async () => {
    const hook = await createHook('/audited');
    await api(h, 'PATCH', `/api/v1/webhooks/${hook.id}`, admin, { name: 'renamed', enabled: false });
    await api(h, 'POST', `/api/v1/webhooks/${hook.id}/enable`, admin);
    await api(h, 'POST', `/api/v1/webhooks/${hook.id}/rotate-secret`, admin);
    await ping(hook.id);
    await api(h, 'DELETE', `/api/v1/webhooks/${hook.id}`, admin);
    const rows = await h.c.uow.read.audit.list({ targetId: hook.id, limit: 50 });
    expect(rows.map((r) => r.action).sort()).toEqual([
      'notifications.webhook_created',
      'notifications.webhook_deleted',
      'notifications.webhook_enabled',
      'notifications.webhook_secret_rotated',
      'notifications.webhook_tested',
      'notifications.webhook_updated',
    ]);
  });
});

describe.each(DIALECTS)('webhook destinations without a webhook allow-list on %s', (dialect) => {
  let h: Harness;
  let admin: string;
  // A name that resolves to a private address, as a rebinding attacker would arrange.
  const resolver: OutboundResolver = (hostname) =>
    Promise.resolve(
      hostname === 'hooks.internal.example'
        ? [{ address: '10.20.30.40', family: 4 }]
        : [{ address: '192.0.2.1', family: 4 }],
    );

  beforeAll(async () => {
    // Imports may reach these internal hosts (CH_OUTBOUND_ALLOW); webhooks have their own list, empty here.
    h = await startHarness(dialect, {
      env: { CH_OUTBOUND_ALLOW: '127.0.0.1,::1,10.0.0.0/8,hooks.internal.example' },
      overrides: { outboundResolver: resolver },
    });
    const org = await buildOrg(h, { kind: 'operator' });
    admin = await tokenFor(h, await buildUser(h, { orgId: org.id, orgRole: 'admin' }));
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses plain http to loopback when only imports allow-list it', async () => {
    const res = await api(h, 'POST', '/api/v1/webhooks', admin, {
      name: 'x',
      url: 'http://127.0.0.1:9/hook',
    });
    expect(res.statusCode).toBe(422);
  });

  it.each([
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://169.254.169.254/latest/meta-data/', 'cloud-metadata'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://hooks.internal.example/hook', 'private'],
  ])('refuses %s (%s) although imports may reach it, and does not retry', async (url, cls) => {
    const created = await api(h, 'POST', '/api/v1/webhooks', admin, { name: cls, url });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<WebhookEndpoint>().id;
    const res = await api(h, 'POST', `/api/v1/webhooks/${id}/test`, admin);
    const d = res.json<WebhookDelivery>();
    expect(d).toMatchObject({ status: 'failed', attempts: 1, responseStatus: null, nextAttemptAt: null });
    expect(d.error).toMatch(new RegExp(`^destination refused: ${cls} .*not retried$`));
    h.clock.advance(2 * HOUR);
    await h.c.worker.drain();
    const log = await api(h, 'GET', `/api/v1/webhooks/${id}/deliveries`, admin);
    expect(log.json<{ items: WebhookDelivery[] }>().items[0]?.attempts).toBe(1);
  });

  it('disables an endpoint after five deliveries in a row fail', async () => {
    const created = await api(h, 'POST', '/api/v1/webhooks', admin, {
      name: 'five',
      url: 'https://10.9.9.9/',
    });
    const id = created.json<WebhookEndpoint>().id;
    for (let i = 1; i <= 5; i++) {
      await api(h, 'POST', `/api/v1/webhooks/${id}/test`, admin);
      const e = (await api(h, 'GET', '/api/v1/webhooks', admin))
        .json<{ items: WebhookEndpoint[] }>()
        .items.find((x) => x.id === id);
      expect(e?.consecutiveFailures).toBe(i);
      expect(e?.enabled).toBe(i < 5);
    }
    const e = (await api(h, 'GET', '/api/v1/webhooks', admin)).json<{ items: WebhookEndpoint[] }>().items;
    expect(e.find((x) => x.id === id)?.disabledReason).toBe('5 deliveries in a row failed');
  });
});

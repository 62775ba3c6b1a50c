import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import fs from 'node:fs';
import path from 'node:path';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, tokenFor } from '../support/factories.js';

describe.each(DIALECTS)('HTTP surface on %s', (dialect) => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { CH_BODY_LIMIT_BYTES: '4096' } });
    const org = await buildOrg(h);
    token = await tokenFor(h, await buildUser(h, { orgId: org.id, orgRole: 'admin' }), 'write');
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers health and readiness', async () => {
    expect((await api(h, 'GET', '/healthz')).json()).toMatchObject({ status: 'ok' });
    expect((await api(h, 'GET', '/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('serves Prometheus metrics to loopback clients only', async () => {
    const local = await h.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain('# TYPE clearinghouse_http_request_duration_seconds histogram');
    // The health checks above were observed: cumulative buckets ending in +Inf, sum and count.
    const health = 'method="GET",route="/healthz",status="200"';
    expect(local.body).toMatch(
      new RegExp(`clearinghouse_http_request_duration_seconds_bucket\\{${health},le="\\+Inf"\\} 1\n`),
    );
    expect(local.body).toContain(`clearinghouse_http_request_duration_seconds_count{${health}} 1`);
    expect(local.body).toMatch(/_bucket\{[^}]*le="0.005"\} \d+/);
    expect(local.body).toContain('clearinghouse_jobs');
    const remote = await h.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(403);
  });

  it('publishes OpenAPI 3.1 with every route and interactive docs', async () => {
    const doc = (await api(h, 'GET', '/openapi.json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/me',
      '/api/v1/tokens',
      '/api/v1/orgs',
      '/api/v1/orgs/{id}',
      '/api/v1/orgs/{id}/invitations',
      '/api/v1/audit',
      '/api/v1/reports',
      '/api/v1/reports/sarif',
      '/api/v1/reports/{id}/transitions',
      '/api/v1/reports/{id}/validation',
      '/api/v1/followup/report',
      '/api/v1/cases',
      '/api/v1/cases/{id}/statements',
      '/api/v1/cases/{id}/embargoes',
      '/api/v1/cases/{id}/threads',
      '/api/v1/notifications',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const docs = await h.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers in the shared contract shapes (the web app and CLI parse them)', async () => {
    const { Me, Organization, Page } = await import('@clearinghouse/shared');
    const me: unknown = (await api(h, 'GET', '/api/v1/me', token)).json();
    const orgs: unknown = (await api(h, 'GET', '/api/v1/orgs', token)).json();
    expect(Me.safeParse(me).success).toBe(true);
    expect(Page(Organization).safeParse(orgs).success).toBe(true);
  });

  it('uses one error shape with a request id and no internals', async () => {
    const res = await api(h, 'GET', '/api/v1/orgs/org_doesnotexist', token);
    expect(res.statusCode).toBe(404);
    const body = res.json<{ error: { code: string; message: string; requestId: string } }>();
    expect(body.error.code).toBe('not_found');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect((await api(h, 'GET', '/api/v1/nowhere', token)).json().error.code).toBe('not_found');
  });

  it('rejects malformed JSON with 400, wrong media type with 415, and oversize bodies with 413', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const malformed = await h.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_request');
    const media = await h.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(media.statusCode).toBe(415);
    expect(media.json().error.code).toBe('unsupported_media_type');
    const big = await api(h, 'POST', '/api/v1/orgs', token, { name: 'x'.repeat(10_000), kind: 'vendor' });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload_too_large');
  });

  it('refuses NUL characters in text on every database', async () => {
    const res = await api(h, 'POST', '/api/v1/orgs', token, { name: 'Evil\u0000Org', kind: 'vendor' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('validation_failed');
  });

  it('finds names with % and _ literally when searching', async () => {
    await buildOrg(h, { name: 'snake_case labs' });
    await buildOrg(h, { name: 'snakeXcase labs' });
    const res = await api(h, 'GET', `/api/v1/orgs?q=${encodeURIComponent('snake_case')}`, token);
    expect(res.json().items.map((o: { name: string }) => o.name)).toEqual(['snake_case labs']);
  });

  it('lists every validation problem at once, with paths', async () => {
    const res = await api(h, 'POST', '/api/v1/tokens', token, {
      name: '',
      scope: 'root',
      expiresInDays: 9999,
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json<{ error: { details: { path: string }[] } }>()
        .error.details.map((d) => d.path)
        .sort(),
    ).toEqual(['expiresInDays', 'name', 'scope']);
  });

  it('sends API answers with no-store and a deny-all policy', async () => {
    const res = await api(h, 'GET', '/api/v1/me', token);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('sends security headers', async () => {
    const res = await api(h, 'GET', '/healthz');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // Served over plain http (an intranet address), browsers must not be sent to https.
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('stores blobs by sha256, streaming, and refuses ones over the limit without leaving a file', async () => {
    const content = Buffer.from('evidence: proof-of-concept output\n'.repeat(100));
    const stored = await h.c.blobs.put(Readable.from([content]), 1_000_000);
    expect(stored.size).toBe(content.length);
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await h.c.blobs.has(stored.sha256)).toBe(true);
    const back: Buffer[] = [];
    for await (const chunk of h.c.blobs.open(stored.sha256)) back.push(chunk as Buffer);
    expect(Buffer.concat(back).equals(content)).toBe(true);
    const again = await h.c.blobs.put(Readable.from([content]), 1_000_000);
    expect(again).toEqual(stored);

    await expect(
      h.c.blobs.put(Readable.from([Buffer.alloc(5000), Buffer.alloc(5000)]), 8000),
    ).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(fs.readdirSync(path.join(h.db.dataDir, 'blobs', 'tmp'))).toEqual([]);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After and the JSON error body past the per-minute limit', async () => {
    const h = await startHarness('sqlite', { env: { CH_RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const codes: number[] = [];
      let last;
      for (let i = 0; i < 7; i++) {
        last = await api(h, 'GET', '/api/v1/me');
        codes.push(last.statusCode);
      }
      expect(codes.slice(0, 5).every((c) => c === 401)).toBe(true);
      expect(last?.statusCode).toBe(429);
      expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
      expect(last?.json().error.code).toBe('rate_limited');
    } finally {
      await h.close();
    }
  });
});

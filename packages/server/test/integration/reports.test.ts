import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportSubmitted, ReportSummary } from '@clearinghouse/shared';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, tokenFor, type TestUser } from '../support/factories.js';

const base = {
  title: 'Heap overflow in Acme infusion pump firmware update parser',
  description:
    'The firmware update parser trusts the length field of each record, so a crafted update overflows the heap.',
  affectedProducts: [
    {
      vendor: 'Acme Medical',
      product: 'Infusion Pump IP-200',
      versions: '< 4.2.1',
      purl: 'pkg:generic/acme/ip-200@4.2.0',
    },
  ],
  suspectedCwe: 'CWE-122',
  suggestedCvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  discoveryMethod: 'ai_autonomous',
  aiProvenance: { modelName: 'Sleuth', modelVersion: '2', harness: 'fuzz-agent', humanReproduced: true },
  sectors: ['healthcare'],
  requestedTlp: 'AMBER',
  credit: { preference: 'handle', handle: 'pumphunter' },
};

describe.each(DIALECTS)('vulnerability reports on %s', (dialect) => {
  let h: Harness;
  let analyst: TestUser;
  let analystToken: string;
  let reporter: TestUser;
  let reporterToken: string;
  let outsiderToken: string;
  beforeAll(async () => {
    h = await startHarness(dialect);
    analyst = await buildUser(h, { roles: ['analyst'] });
    analystToken = await tokenFor(h, analyst, 'write');
    const lab = await buildOrg(h, { kind: 'researcher' });
    reporter = await buildUser(h, { orgId: lab.id });
    reporterToken = await tokenFor(h, reporter, 'write');
    const op = await buildOrg(h, { kind: 'operator' });
    outsiderToken = await tokenFor(h, await buildUser(h, { orgId: op.id }), 'write');
  });
  afterAll(async () => {
    await h.close();
  });

  async function submit(as: string | undefined, body: unknown = base): Promise<ReportSubmitted> {
    const res = await api(h, 'POST', '/api/v1/reports', as, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ReportSubmitted>();
  }

  it('takes a report from a token holder with a human reference and an acknowledgement', async () => {
    const s = await submit(reporterToken);
    expect(s.ref).toMatch(/^VR-\d{4}-\d{5}$/);
    expect(s.followUpSecret).toBeNull();
    expect(s.acknowledgementSentTo).toBe(reporter.email);
    const mine = (await api(h, 'GET', `/api/v1/reports/${s.id}`, reporterToken)).json<Report>();
    expect(mine).toMatchObject({
      status: 'received',
      tlp: 'AMBER',
      discoveryMethod: 'ai_autonomous',
      source: 'api',
    });
    expect(mine.aiProvenance?.modelName).toBe('Sleuth');
    expect(mine.affectedProducts[0]?.purl).toBe('pkg:generic/acme/ip-200@4.2.0');
    expect(mine.allowedTransitions).toEqual([]);
    // The acknowledgement e-mail is queued in the same transaction.
    const jobs = await h.c.uow.read.jobs.list({ limit: 50 });
    expect(jobs.map((j) => j.idempotencyKey)).toContain(`report-ack:${s.id}`);
  });

  it('lists every problem of a bad report at once', async () => {
    const res = await api(h, 'POST', '/api/v1/reports', reporterToken, {
      ...base,
      title: 'x',
      affectedProducts: [],
      discoveryMethod: 'ai_assisted',
      aiProvenance: null,
      requestedTlp: 'PURPLE',
    });
    expect(res.statusCode).toBe(422);
    const paths = res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'affectedProducts', 'requestedTlp']));
    const bad = await api(h, 'POST', '/api/v1/reports', reporterToken, {
      ...base,
      suspectedCwe: 'CWE-999999',
      suggestedCvss: 'CVSS:3.1/AV:N/AC:Q',
    });
    expect(bad.statusCode).toBe(422);
    const details = bad.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
    expect(details).toEqual(expect.arrayContaining(['suspectedCwe', 'suggestedCvss']));
  });

  it('gives an anonymous reporter a follow-up secret that opens only their report', async () => {
    const anon = await submit(undefined, {
      ...base,
      contactEmail: 'anon@example.test',
      credit: { preference: 'anonymous' },
    });
    expect(anon.followUpSecret).toMatch(/^chf_/);
    const other = await submit(undefined, base);
    const read = await h.app.inject({
      method: 'GET',
      url: '/api/v1/followup/report',
      headers: { 'x-followup-secret': anon.followUpSecret ?? '' },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json<Report>().id).toBe(anon.id);
    // The secret is not a credential anywhere else.
    const asBearer = await api(h, 'GET', `/api/v1/reports/${other.id}`, anon.followUpSecret ?? '');
    expect(asBearer.statusCode).toBe(401);
    const wrong = await h.app.inject({
      method: 'GET',
      url: '/api/v1/followup/report',
      headers: { 'x-followup-secret': 'chf_not-a-real-secret-at-all' },
    });
    expect(wrong.statusCode).toBe(401);
    const answered = await h.app.inject({
      method: 'POST',
      url: '/api/v1/followup/report/messages',
      headers: { 'x-followup-secret': anon.followUpSecret ?? '' },
      payload: { body: 'Here is a second crash log.' },
    });
    expect(answered.statusCode).toBe(201);
    expect(answered.json<Report>().messages.map((m) => m.authorKind)).toEqual(['reporter']);
  });

  it('keeps reports away from people who are not the reporter or triage staff', async () => {
    const s = await submit(reporterToken);
    expect((await api(h, 'GET', `/api/v1/reports/${s.id}`, outsiderToken)).statusCode).toBe(404);
    const list = (await api(h, 'GET', '/api/v1/reports', outsiderToken)).json<{ items: ReportSummary[] }>();
    expect(list.items.map((i) => i.id)).not.toContain(s.id);
    expect(
      (
        await api(h, 'POST', `/api/v1/reports/${s.id}/transitions`, reporterToken, {
          to: 'invalid',
          reason: 'no',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await api(h, 'POST', `/api/v1/reports/${s.id}/validation`, outsiderToken, {
          reproduced: true,
          cwe: 'CWE-79',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('shows TLP:RED reports to named people only; other staff see a restricted stub', async () => {
    const red = await submit(reporterToken, {
      ...base,
      requestedTlp: 'RED',
      title: 'Secret pump flaw nobody else may see',
    });
    const otherAnalyst = await buildUser(h, { roles: ['analyst'] });
    const otherToken = await tokenFor(h, otherAnalyst, 'write');
    expect((await api(h, 'GET', `/api/v1/reports/${red.id}`, otherToken)).statusCode).toBe(404);
    const queue = (await api(h, 'GET', '/api/v1/reports?limit=200', otherToken)).json<{
      items: ReportSummary[];
    }>();
    const stub = queue.items.find((i) => i.id === red.id);
    expect(stub).toMatchObject({ restricted: true, title: 'Restricted (TLP:RED)' });
    const coordinator = await buildUser(h, { roles: ['coordinator'] });
    const coordToken = await tokenFor(h, coordinator, 'write');
    // A coordinator cannot name people on a report they cannot read either.
    expect(
      (await api(h, 'PATCH', `/api/v1/reports/${red.id}`, coordToken, { assigneeId: coordinator.id }))
        .statusCode,
    ).toBe(404);
    // The reporter reads their own RED report.
    expect((await api(h, 'GET', `/api/v1/reports/${red.id}`, reporterToken)).statusCode).toBe(200);
  });

  it('runs triage: needs_info ⇄ received, validation with CVSS 3.1/4.0, SSVC and CWE, then valid', async () => {
    const s = await submit(reporterToken);
    const url = `/api/v1/reports/${s.id}`;
    const forbidden = await api(h, 'POST', `${url}/transitions`, analystToken, {
      to: 'deferred',
      reason: 'later',
    });
    expect(forbidden.statusCode).toBe(409);
    expect(forbidden.json<{ error: { code: string } }>().error.code).toBe('invalid_state');
    const noReason = await api(h, 'POST', `${url}/transitions`, analystToken, { to: 'needs_info' });
    expect(noReason.statusCode).toBe(422);
    const asked = await api(h, 'POST', `${url}/transitions`, analystToken, {
      to: 'needs_info',
      reason: 'Which firmware build?',
    });
    expect(asked.json<Report>()).toMatchObject({ status: 'needs_info' });
    expect(asked.json<Report>().responseTimes.firstResponseAt).not.toBeNull();
    // The reporter's answer puts it back in the queue.
    const answered = await api(h, 'POST', `${url}/messages`, reporterToken, { body: 'Build 4.2.0-17.' });
    expect(answered.json<Report>().status).toBe('received');
    const early = await api(h, 'POST', `${url}/transitions`, analystToken, { to: 'valid' });
    expect(early.statusCode).toBe(422);
    const badValidation = await api(h, 'POST', `${url}/validation`, analystToken, {
      cvss31: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      cwe: 'CWE-424242',
      reproduced: true,
    });
    expect(badValidation.statusCode).toBe(422);
    expect(
      badValidation.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path),
    ).toEqual(expect.arrayContaining(['cvss31', 'cwe']));
    const validated = await api(h, 'POST', `${url}/validation`, analystToken, {
      cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      cvss40: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      ssvc: {
        exploitation: 'active',
        automatable: 'yes',
        technicalImpact: 'total',
        missionWellbeing: 'high',
      },
      cwe: '122',
      reproductionNotes: 'Crashed the pump emulator with the attached update file.',
      reproduced: true,
    });
    expect(validated.statusCode, validated.body).toBe(200);
    const v = validated.json<Report>().validation;
    expect(v?.cvss31?.baseScore).toBe(9.8);
    expect(v?.cvss40?.baseScore).toBe(9.3);
    expect(v?.ssvc?.decision).toBe('act');
    expect(v?.cwe).toEqual({ id: 'CWE-122', name: expect.stringMatching(/Heap-based Buffer Overflow/) });
    expect(v?.validatedBy.id).toBe(analyst.id);
    const valid = await api(h, 'POST', `${url}/transitions`, analystToken, { to: 'valid' });
    expect(valid.json<Report>()).toMatchObject({
      status: 'valid',
      allowedTransitions: ['deferred', 'closed'],
    });
    expect(valid.json<Report>().responseTimes.triagedAt).not.toBeNull();
    // accepted happens only through a case.
    expect((await api(h, 'POST', `${url}/transitions`, analystToken, { to: 'accepted' })).statusCode).toBe(
      422,
    );
    // The reporter saw each decision, not internal notes.
    await api(h, 'POST', `${url}/messages`, analystToken, { body: 'Vendor contact is Jo.', internal: true });
    const seen = (await api(h, 'GET', url, reporterToken)).json<Report>();
    expect(seen.messages.some((m) => m.internal)).toBe(false);
    expect(seen.messages.map((m) => m.body).join('\n')).toContain('We validated the report');
    const audit = await h.c.uow.read.audit.list({ limit: 500 });
    expect(JSON.stringify(audit)).toContain('report.validated');
  });

  it('refuses every transition the state machine forbids, through the API', async () => {
    const { REPORT_STATUSES, canTransition } = await import('@clearinghouse/shared');
    const s = await submit(reporterToken);
    const closed = await submit(reporterToken);
    expect(
      (
        await api(h, 'POST', `/api/v1/reports/${closed.id}/transitions`, analystToken, {
          to: 'closed',
          reason: 'spam',
        })
      ).statusCode,
    ).toBe(200);
    for (const [id, from] of [
      [s.id, 'received'],
      [closed.id, 'closed'],
    ] as const)
      for (const to of REPORT_STATUSES.filter((t) => !canTransition(from, t))) {
        const res = await api(h, 'POST', `/api/v1/reports/${id}/transitions`, analystToken, {
          to,
          reason: 'because',
          duplicateOf: s.id,
        });
        expect([409, 422], `${from} -> ${to}`).toContain(res.statusCode);
      }
    const after = (await api(h, 'GET', `/api/v1/reports/${s.id}`, analystToken)).json<Report>();
    expect(after.status).toBe('received');
  });

  it('marks duplicates only with a link to the original, following chains to the root', async () => {
    const original = await submit(reporterToken);
    const dup = await submit(reporterToken, {
      ...base,
      title: 'Heap overflow in the Acme IP-200 update parser',
    });
    const candidates = await api(h, 'GET', `/api/v1/reports/${dup.id}/duplicates`, analystToken);
    expect(candidates.statusCode).toBe(200);
    const ids = candidates
      .json<{ items: { report: { id: string }; score: number }[] }>()
      .items.map((c) => c.report.id);
    expect(ids).toContain(original.id);
    const missing = await api(h, 'POST', `/api/v1/reports/${dup.id}/transitions`, analystToken, {
      to: 'duplicate',
    });
    expect(missing.statusCode).toBe(422);
    const marked = await api(h, 'POST', `/api/v1/reports/${dup.id}/transitions`, analystToken, {
      to: 'duplicate',
      duplicateOf: original.id,
    });
    expect(marked.json<Report>().duplicateOf?.id).toBe(original.id);
    const third = await submit(reporterToken);
    // By reference as well as by id.
    const chained = await api(h, 'POST', `/api/v1/reports/${third.id}/transitions`, analystToken, {
      to: 'duplicate',
      duplicateOf: dup.ref,
    });
    expect(chained.json<Report>().duplicateOf?.id).toBe(original.id);
  });

  it('stores evidence with its sha256 and serves it only as a download', async () => {
    const s = await submit(reporterToken);
    const up = await h.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${s.id}/attachments?filename=${encodeURIComponent('crash <1>.html')}`,
      headers: { authorization: `Bearer ${reporterToken}`, 'content-type': 'text/html' },
      payload: '<script>alert(1)</script>',
    });
    expect(up.statusCode, up.body).toBe(201);
    const att = up.json<{ id: string; sha256: string; size: number }>();
    expect(att.sha256).toMatch(/^[0-9a-f]{64}$/);
    const down = await h.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${s.id}/attachments/${att.id}`,
      headers: { authorization: `Bearer ${analystToken}` },
    });
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('application/octet-stream');
    expect(String(down.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(down.body).toBe('<script>alert(1)</script>');
    const outsider = await h.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${s.id}/attachments/${att.id}`,
      headers: { authorization: `Bearer ${outsiderToken}` },
    });
    expect(outsider.statusCode).toBe(404);
  });

  it('streams an upload over a real connection into the blob store', async () => {
    const s = await submit(reporterToken);
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const body = Buffer.alloc(256 * 1024, 7);
    const res = await fetch(`${address}/api/v1/reports/${s.id}/attachments?filename=dump.bin`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reporterToken}`, 'content-type': 'application/octet-stream' },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { createHash } = await import('node:crypto');
    expect((await res.json()) as { sha256: string; size: number }).toMatchObject({
      sha256: createHash('sha256').update(body).digest('hex'),
      size: body.length,
    });
  });

  it('shows response-time targets and an overdue queue', async () => {
    const s = await submit(reporterToken);
    h.clock.advance(73 * 3_600_000);
    const overdue = (await api(h, 'GET', '/api/v1/reports?overdue=true&limit=200', analystToken)).json<{
      items: ReportSummary[];
    }>();
    const mine = overdue.items.find((i) => i.id === s.id);
    expect(mine?.responseTimes.firstResponseOverdue).toBe(true);
    expect(mine?.responseTimes.triageOverdue).toBe(false);
    await api(h, 'POST', `/api/v1/reports/${s.id}/messages`, analystToken, { body: 'Looking at it.' });
    const after = (await api(h, 'GET', '/api/v1/reports?overdue=true&limit=200', analystToken)).json<{
      items: ReportSummary[];
    }>();
    expect(after.items.map((i) => i.id)).not.toContain(s.id);
  });

  it('turns a SARIF upload into reports grouped by rule and file, naming the tool', async () => {
    const sarif = {
      version: '2.1.0',
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      runs: [
        {
          tool: {
            driver: {
              name: 'CodeScanner',
              version: '3.2.1',
              organization: 'Example Security',
              rules: [
                {
                  id: 'js/sql-injection',
                  shortDescription: { text: 'Database query built from user-controlled sources' },
                  properties: { tags: ['security', 'external/cwe/cwe-089'], 'security-severity': '8.8' },
                },
              ],
            },
          },
          results: [
            {
              ruleId: 'js/sql-injection',
              ruleIndex: 0,
              level: 'error',
              message: { text: 'This query depends on a user-provided value.' },
              locations: [
                { physicalLocation: { artifactLocation: { uri: 'src/db.js' }, region: { startLine: 12 } } },
              ],
            },
            {
              ruleId: 'js/sql-injection',
              ruleIndex: 0,
              message: { text: 'This query depends on a user-provided value.' },
              locations: [
                { physicalLocation: { artifactLocation: { uri: 'src/db.js' }, region: { startLine: 40 } } },
              ],
            },
            {
              ruleId: 'js/sql-injection',
              ruleIndex: 0,
              message: { text: 'This query depends on a user-provided value.' },
              locations: [
                {
                  physicalLocation: { artifactLocation: { uri: 'src/search.js' }, region: { startLine: 7 } },
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/reports/sarif',
      headers: { authorization: `Bearer ${reporterToken}`, 'content-type': 'application/sarif+json' },
      payload: JSON.stringify(sarif),
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ reports: ReportSubmitted[]; resultCount: number }>();
    expect(body.resultCount).toBe(3);
    expect(body.reports).toHaveLength(2);
    const first = (
      await api(h, 'GET', `/api/v1/reports/${body.reports[0]?.id}`, analystToken)
    ).json<Report>();
    expect(first).toMatchObject({
      source: 'sarif',
      discoveryMethod: 'tool_assisted',
      suspectedCwe: 'CWE-89',
    });
    expect(first.toolProvenance).toMatchObject({
      toolName: 'CodeScanner',
      toolVersion: '3.2.1',
      ruleId: 'js/sql-injection',
    });
    expect(first.description).toContain('src/db.js');

    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/v1/reports/sarif',
      headers: { authorization: `Bearer ${reporterToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ version: '1.0', runs: [{ tool: {} }] }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ error: { details: unknown[] } }>().error.details.length).toBeGreaterThanOrEqual(2);
    const anon = await h.app.inject({
      method: 'POST',
      url: '/api/v1/reports/sarif',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(sarif),
    });
    expect(anon.statusCode).toBe(401);
  });

  it('lets a read-only token list and read the queue', async () => {
    const readOnly = await tokenFor(h, analyst, 'read');
    const s = await submit(reporterToken);
    const list = await api(h, 'GET', '/api/v1/reports?limit=200', readOnly);
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: ReportSummary[] }>().items.map((i) => i.id)).toContain(s.id);
    expect(
      (await api(h, 'POST', `/api/v1/reports/${s.id}/messages`, readOnly, { body: 'hi' })).statusCode,
    ).toBe(403);
  });

  it('searches the queue by words of the title or by reference, literally', async () => {
    const s = await submit(reporterToken, { ...base, title: 'Unique 100%_match pump overflow' });
    const ids = async (q: string) =>
      (await api(h, 'GET', `/api/v1/reports?limit=200&q=${encodeURIComponent(q)}`, analystToken))
        .json<{ items: ReportSummary[] }>()
        .items.map((i) => i.id);
    expect(await ids('100%_match')).toEqual([s.id]);
    expect(await ids('UNIQUE 100')).toEqual([s.id]);
    expect(await ids(s.ref)).toEqual([s.id]);
    expect(await ids('100%x')).toEqual([]);
  });

  it('searches the CWE catalog', async () => {
    const res = await api(h, 'GET', '/api/v1/cwe?q=cross-site%20scripting', analystToken);
    expect(res.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain('CWE-79');
  });
});

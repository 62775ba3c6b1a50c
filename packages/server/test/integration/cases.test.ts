import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, CaseSummary, CaseThread, ReportSubmitted } from '@clearinghouse/shared';
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';
import { api, buildOrg, buildUser, tokenFor, type TestUser } from '../support/factories.js';

const report = (credit: unknown = { preference: 'anonymous' }) => ({
  title: 'Authentication bypass in Acme Gateway admin API',
  description:
    'The admin API accepts any bearer token whose signature is empty, giving full control of the gateway.',
  affectedProducts: [
    { vendor: 'Acme', product: 'Acme Gateway', versions: '< 3.4', purl: 'pkg:npm/acme-gateway@3.3.0' },
  ],
  discoveryMethod: 'manual',
  requestedTlp: 'AMBER',
  credit,
});

describe.each(DIALECTS)('coordination cases on %s', (dialect) => {
  let h: Harness;
  let coordinator: string;
  let analyst: string;
  let reporter: TestUser;
  let reporterToken: string;
  let acme: { id: string };
  let acmeUser: TestUser;
  let acmeToken: string;
  let beta: { id: string };
  let betaToken: string;
  let outsiderToken: string;

  async function validReport(credit?: unknown): Promise<string> {
    const s = (
      await api(h, 'POST', '/api/v1/reports', reporterToken, report(credit))
    ).json<ReportSubmitted>();
    await api(h, 'POST', `/api/v1/reports/${s.id}/validation`, analyst, {
      cvss40: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      ssvc: {
        exploitation: 'none',
        automatable: 'yes',
        technicalImpact: 'total',
        missionWellbeing: 'medium',
      },
      reproduced: true,
    });
    expect(
      (await api(h, 'POST', `/api/v1/reports/${s.id}/transitions`, analyst, { to: 'valid' })).statusCode,
    ).toBe(200);
    return s.id;
  }

  async function openCase(reportIds: string[], tlp = 'AMBER'): Promise<Case> {
    const res = await api(h, 'POST', '/api/v1/cases', coordinator, {
      title: 'Acme Gateway auth bypass',
      reportIds,
      tlp,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Case>();
  }

  beforeAll(async () => {
    h = await startHarness(dialect);
    coordinator = await tokenFor(h, await buildUser(h, { roles: ['coordinator'] }), 'write');
    analyst = await tokenFor(h, await buildUser(h, { roles: ['analyst'] }), 'write');
    const lab = await buildOrg(h, { kind: 'researcher' });
    reporter = await buildUser(h, { orgId: lab.id });
    reporterToken = await tokenFor(h, reporter, 'write');
    acme = await buildOrg(h, { name: 'Acme', kind: 'vendor' });
    acmeUser = await buildUser(h, { orgId: acme.id, orgRole: 'admin' });
    acmeToken = await tokenFor(h, acmeUser, 'write');
    beta = await buildOrg(h, { name: 'Beta Libraries', kind: 'vendor' });
    betaToken = await tokenFor(h, await buildUser(h, { orgId: beta.id, orgRole: 'admin' }), 'write');
    const op = await buildOrg(h, { kind: 'operator' });
    outsiderToken = await tokenFor(h, await buildUser(h, { orgId: op.id }), 'write');
  });
  afterAll(async () => {
    await h.close();
  });

  it('opens a case from valid reports only, carrying their scores, and accepts the reports', async () => {
    const received = (
      await api(h, 'POST', '/api/v1/reports', reporterToken, report())
    ).json<ReportSubmitted>();
    const refused = await api(h, 'POST', '/api/v1/cases', coordinator, {
      title: 'Too early',
      reportIds: [received.id],
    });
    expect(refused.statusCode).toBe(422);
    expect(
      (
        await api(h, 'POST', '/api/v1/cases', analyst, {
          title: 'Not mine to open',
          reportIds: [received.id],
        })
      ).statusCode,
    ).toBe(403);
    const rid = await validReport();
    const c = await openCase([rid]);
    expect(c.ref).toMatch(/^CH-\d{4}-\d{4}$/);
    expect(c.vulnerabilities[0]?.cvss40?.baseScore).toBe(9.3);
    expect(c.vulnerabilities[0]?.ssvc?.decision).toBeDefined();
    expect(c.participants.map((p) => p.role).sort()).toEqual(['coordinator', 'reporter']);
    const r = await api(h, 'GET', `/api/v1/reports/${rid}`, reporterToken);
    expect(r.json<{ status: string; caseId: string }>()).toMatchObject({ status: 'accepted', caseId: c.id });
  });

  it('invites a vendor (in-app and e-mail), hides the case from outsiders, suggests vendors from product lists', async () => {
    const c = await openCase([await validReport()]);
    expect((await api(h, 'GET', `/api/v1/cases/${c.id}`, acmeToken)).statusCode).toBe(404);
    const product = await api(h, 'POST', `/api/v1/orgs/${beta.id}/products`, betaToken, {
      name: 'Acme Gateway (Beta fork)',
      purl: 'pkg:npm/acme-gateway',
    });
    expect(product.statusCode, product.body).toBe(201);
    const suggestions = (await api(h, 'GET', `/api/v1/cases/${c.id}/vendor-suggestions`, coordinator)).json<{
      items: { organization: { id: string }; matches: { on: string }[] }[];
    }>();
    expect(suggestions.items.find((s) => s.organization.id === beta.id)?.matches[0]?.on).toBe('purl');
    expect(suggestions.items.find((s) => s.organization.id === acme.id)?.matches[0]?.on).toBe('name');

    const invited = await api(h, 'POST', `/api/v1/cases/${c.id}/participants`, coordinator, {
      organizationId: acme.id,
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const seen = await api(h, 'GET', `/api/v1/cases/${c.id}`, acmeToken);
    expect(seen.statusCode).toBe(200);
    expect(seen.json<Case>().myStatus).toBe('invited');
    const inbox = (await api(h, 'GET', '/api/v1/notifications', acmeToken)).json<{
      items: { link: string }[];
    }>();
    expect(inbox.items.map((n) => n.link)).toContain(`/cases/${c.id}`);
    const jobs = await h.c.uow.read.jobs.list({ limit: 200 });
    expect(jobs.map((j) => j.idempotencyKey)).toContain(`case-invite:${c.id}:${acme.id}:${acmeUser.id}`);
    for (const who of [outsiderToken, betaToken]) {
      expect((await api(h, 'GET', `/api/v1/cases/${c.id}`, who)).statusCode).toBe(404);
      const list = (await api(h, 'GET', '/api/v1/cases', who)).json<{ items: CaseSummary[] }>();
      expect(list.items.map((i) => i.id)).not.toContain(c.id);
    }
    // The vendor does not learn who reported (credit: anonymous).
    const reporterEntry = seen.json<Case>().participants.find((p) => p.role === 'reporter');
    expect(reporterEntry?.user).toEqual({ id: 'reporter', name: 'Anonymous reporter' });
    expect(JSON.stringify(seen.json())).not.toContain(reporter.email);
    expect(seen.json<Case>().reports).toEqual([]);
  });

  it('lets vendors propose vendors for a coordinator to approve', async () => {
    const c = await openCase([await validReport()]);
    await api(h, 'POST', `/api/v1/cases/${c.id}/participants`, coordinator, { organizationId: acme.id });
    const acmeP = (await api(h, 'GET', `/api/v1/cases/${c.id}`, acmeToken))
      .json<Case>()
      .participants.find((p) => p.organization?.id === acme.id);
    expect(
      (
        await api(h, 'POST', `/api/v1/cases/${c.id}/participants/${acmeP?.id}/decision`, acmeToken, {
          decision: 'accept',
        })
      ).statusCode,
    ).toBe(200);
    const proposed = await api(h, 'POST', `/api/v1/cases/${c.id}/participants`, acmeToken, {
      organizationId: beta.id,
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    // Proposed is not invited: Beta sees nothing yet, and Acme cannot approve its own proposal.
    expect((await api(h, 'GET', `/api/v1/cases/${c.id}`, betaToken)).statusCode).toBe(404);
    const betaP = (await api(h, 'GET', `/api/v1/cases/${c.id}`, coordinator))
      .json<Case>()
      .participants.find((p) => p.organization?.id === beta.id);
    expect(betaP).toMatchObject({ status: 'proposed', proposedBy: { id: acme.id } });
    expect(
      (
        await api(h, 'POST', `/api/v1/cases/${c.id}/participants/${betaP?.id}/decision`, acmeToken, {
          decision: 'approve',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await api(h, 'POST', `/api/v1/cases/${c.id}/participants/${betaP?.id}/decision`, coordinator, {
          decision: 'approve',
        })
      ).statusCode,
    ).toBe(200);
    expect((await api(h, 'GET', `/api/v1/cases/${c.id}`, betaToken)).statusCode).toBe(200);
  });

  it('shares a vendor statement with other vendors only when the vendor allows it and a coordinator approved it', async () => {
    const c = await openCase([await validReport()]);
    for (const org of [acme, beta])
      await api(h, 'POST', `/api/v1/cases/${c.id}/participants`, coordinator, { organizationId: org.id });
    const vuln = c.vulnerabilities[0]?.id ?? '';
    const bad = await api(h, 'PUT', `/api/v1/cases/${c.id}/statements`, acmeToken, {
      vulnerabilityId: vuln,
      product: 'Acme Gateway',
      status: 'not_affected',
    });
    expect(bad.statusCode).toBe(422);
    const fixed = await api(h, 'PUT', `/api/v1/cases/${c.id}/statements`, acmeToken, {
      vulnerabilityId: vuln,
      product: 'Acme Gateway',
      purl: 'pkg:npm/acme-gateway',
      status: 'fixed',
      fixedVersions: ['3.4.0'],
      patches: [{ url: 'https://acme.example/patches/3.4.0', sha256: 'a'.repeat(64) }],
      shared: false,
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const asAcme = fixed.json<Case>();
    expect(asAcme.myStatus).toBe('active');
    expect(asAcme.matrix.find((m) => m.organizationId === acme.id)?.status).toBe('fixed');
    const betaView = () => api(h, 'GET', `/api/v1/cases/${c.id}`, betaToken).then((r) => r.json<Case>());
    expect((await betaView()).statements).toEqual([]);
    expect((await betaView()).matrix.find((m) => m.organizationId === acme.id)?.status).toBe('unknown');
    // Beta cannot state for Acme, nor approve.
    const statementId = asAcme.statements[0]?.id ?? '';
    expect(
      (await api(h, 'POST', `/api/v1/cases/${c.id}/statements/${statementId}/approve`, betaToken)).statusCode,
    ).toBe(403);
    await api(h, 'POST', `/api/v1/cases/${c.id}/statements/${statementId}/approve`, coordinator);
    expect((await betaView()).statements).toEqual([]);
    // Shared — but the change needs approving again.
    await api(h, 'PUT', `/api/v1/cases/${c.id}/statements`, acmeToken, {
      vulnerabilityId: vuln,
      product: 'Acme Gateway',
      purl: 'pkg:npm/acme-gateway',
      status: 'fixed',
      fixedVersions: ['3.4.0'],
      shared: true,
    });
    expect((await betaView()).statements).toEqual([]);
    await api(h, 'POST', `/api/v1/cases/${c.id}/statements/${statementId}/approve`, coordinator);
    expect((await betaView()).statements.map((s) => s.status)).toEqual(['fixed']);
    expect(
      (
        await api(h, 'PUT', `/api/v1/cases/${c.id}/statements`, outsiderToken, {
          vulnerabilityId: vuln,
          product: 'x',
          status: 'affected',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('agrees an embargo at an exact instant: vendors answer, at most one holds, history kept', async () => {
    const c = await openCase([await validReport()]);
    await api(h, 'POST', `/api/v1/cases/${c.id}/participants`, coordinator, { organizationId: acme.id });
    const p = (await api(h, 'GET', `/api/v1/cases/${c.id}`, acmeToken))
      .json<Case>()
      .participants.find((x) => x.organization?.id === acme.id);
    await api(h, 'POST', `/api/v1/cases/${c.id}/participants/${p?.id}/decision`, acmeToken, {
      decision: 'accept',
    });
    const past = await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes`, coordinator, {
      endsAt: '2020-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(422);
    const proposed = await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes`, coordinator, {
      endsAt: '2027-01-15T09:30:00-05:00',
      reason: 'Patch window',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const e1 = proposed.json<Case>().embargoes[0];
    expect(e1).toMatchObject({
      status: 'proposed',
      endsAt: '2027-01-15T14:30:00.000Z',
      awaiting: [{ id: acme.id }],
    });
    expect(
      (
        await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes/${e1?.id}/response`, betaToken, {
          response: 'accept',
        })
      ).statusCode,
    ).toBe(404);
    const accepted = await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes/${e1?.id}/response`, acmeToken, {
      response: 'accept',
    });
    expect(accepted.json<Case>().embargo).toMatchObject({ id: e1?.id, status: 'active' });
    // Acme proposes a later date; the coordinator accepts; the first is superseded.
    const later = await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes`, acmeToken, {
      endsAt: '2027-02-01T00:00:00Z',
    });
    const e2 = later.json<Case>().embargoes[0];
    expect(e2?.awaiting).toEqual([{ id: 'clearinghouse', name: 'Clearinghouse' }]);
    expect(
      (
        await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes/${e2?.id}/response`, acmeToken, {
          response: 'accept',
        })
      ).statusCode,
    ).toBe(403);
    const final = (
      await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes/${e2?.id}/response`, coordinator, {
        response: 'accept',
      })
    ).json<Case>();
    expect(final.embargo?.id).toBe(e2?.id);
    expect(final.embargoes.map((e) => e.status)).toEqual(['active', 'superseded']);
    expect(final.embargoEndsAt).toBe('2027-02-01T00:00:00.000Z');
    // A read-only token answers nothing.
    const acmeRead = await tokenFor(h, acmeUser, 'read');
    const third = await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes`, coordinator, {
      endsAt: '2027-03-01T00:00:00Z',
    });
    const e3 = third.json<Case>().embargoes[0];
    expect(
      (
        await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes/${e3?.id}/response`, acmeRead, {
          response: 'accept',
        })
      ).statusCode,
    ).toBe(403);
    // Two answers at once: both are recorded, one activation, the previous superseded.
    const both = await Promise.all([
      api(h, 'POST', `/api/v1/cases/${c.id}/embargoes/${e3?.id}/response`, acmeToken, { response: 'accept' }),
      api(h, 'POST', `/api/v1/cases/${c.id}/embargoes/${e3?.id}/response`, acmeToken, { response: 'accept' }),
    ]);
    expect(both.map((b) => b.statusCode).sort()).toEqual([200, 409]);
    const after = (await api(h, 'GET', `/api/v1/cases/${c.id}`, coordinator)).json<Case>();
    expect(after.embargoes.filter((e) => e.status === 'active').map((e) => e.id)).toEqual([e3?.id]);
    const timeline = (await api(h, 'GET', `/api/v1/cases/${c.id}/timeline`, acmeToken)).json<{
      items: { action: string }[];
    }>();
    expect(timeline.items.map((t) => t.action)).toEqual(
      expect.arrayContaining(['case.opened', 'case.embargo_active']),
    );
  });

  it('keeps private threads between coordinators and one participant; posts keep revisions', async () => {
    const c = await openCase([await validReport()]);
    for (const org of [acme, beta])
      await api(h, 'POST', `/api/v1/cases/${c.id}/participants`, coordinator, { organizationId: org.id });
    const acmeP = (await api(h, 'GET', `/api/v1/cases/${c.id}`, coordinator))
      .json<Case>()
      .participants.find((p) => p.organization?.id === acme.id);
    const opened = await api(h, 'POST', `/api/v1/cases/${c.id}/threads`, coordinator, {
      participantId: acmeP?.id,
      title: 'Acme only',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const threads = opened.json<{ items: CaseThread[] }>().items;
    const priv = threads.find((t) => t.kind === 'private');
    const shared = threads.find((t) => t.kind === 'case');
    await api(h, 'POST', `/api/v1/cases/${c.id}/threads/${priv?.id}/posts`, acmeToken, {
      body: 'Our fix ships Monday.',
    });
    const betaThreads = (await api(h, 'GET', `/api/v1/cases/${c.id}/threads`, betaToken)).json<{
      items: CaseThread[];
    }>().items;
    expect(betaThreads.map((t) => t.kind)).toEqual(['case']);
    expect(
      (
        await api(h, 'POST', `/api/v1/cases/${c.id}/threads/${priv?.id}/posts`, betaToken, {
          body: 'let me in',
        })
      ).statusCode,
    ).toBe(404);
    const posted = await api(h, 'POST', `/api/v1/cases/${c.id}/threads/${shared?.id}/posts`, betaToken, {
      body: 'We are checking.',
    });
    const post = posted.json<{ items: CaseThread[] }>().items.find((t) => t.kind === 'case')?.posts[0];
    expect(post).toMatchObject({ body: 'We are checking.', revision: 1, editable: true });
    expect(
      (await api(h, 'PATCH', `/api/v1/cases/${c.id}/posts/${post?.id}`, acmeToken, { body: 'hijack' }))
        .statusCode,
    ).toBe(403);
    const edited = await api(h, 'PATCH', `/api/v1/cases/${c.id}/posts/${post?.id}`, betaToken, {
      body: 'Not affected after all.',
    });
    expect(edited.json<{ items: CaseThread[] }>().items[0]?.posts[0]).toMatchObject({
      revision: 2,
      body: 'Not affected after all.',
    });
    const file = await h.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/attachments?filename=poc.py`,
      headers: { authorization: `Bearer ${acmeToken}`, 'content-type': 'text/x-python' },
      payload: 'print("poc")',
    });
    expect(file.statusCode, file.body).toBe(201);
    const fileId = file.json<{ id: string }>().id;
    const download = (who: string) =>
      h.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${c.id}/attachments/${fileId}`,
        headers: { authorization: `Bearer ${who}` },
      });
    expect((await download(betaToken)).body).toBe('print("poc")');
    expect((await download(outsiderToken)).statusCode).toBe(404);
    const revisions = (
      await api(h, 'GET', `/api/v1/cases/${c.id}/posts/${post?.id}/revisions`, acmeToken)
    ).json<{ items: { body: string }[] }>();
    expect(revisions.items.map((r) => r.body)).toEqual(['We are checking.']);
  });

  it('shows a TLP:RED case to named people only, and credits the reporter as they chose', async () => {
    const c = await openCase([await validReport({ preference: 'handle', handle: 'gatebreaker' })], 'RED');
    await api(h, 'POST', `/api/v1/cases/${c.id}/participants`, coordinator, { organizationId: acme.id });
    expect((await api(h, 'GET', `/api/v1/cases/${c.id}`, acmeToken)).statusCode).toBe(404);
    const asReporter = await api(h, 'GET', `/api/v1/cases/${c.id}`, reporterToken);
    expect(asReporter.statusCode).toBe(200);
    expect(asReporter.json<Case>().reporterCredit).toBe('@gatebreaker');
    // Staff not taking part in a TLP:RED case see nothing of it either.
    const otherCoordinator = await tokenFor(h, await buildUser(h, { roles: ['coordinator'] }), 'write');
    expect((await api(h, 'GET', `/api/v1/cases/${c.id}`, otherCoordinator)).statusCode).toBe(404);
    expect((await api(h, 'GET', `/api/v1/cases/${c.id}`, analyst)).statusCode).toBe(404);
    const listed = (await api(h, 'GET', '/api/v1/cases', otherCoordinator)).json<{ items: CaseSummary[] }>();
    expect(listed.items.map((i) => i.id)).not.toContain(c.id);
    expect((await api(h, 'GET', `/api/v1/cases/${c.id}`, coordinator)).statusCode).toBe(200);
    // The case may not be shared more widely than its reports.
    const reports = (await api(h, 'GET', `/api/v1/cases/${c.id}`, coordinator)).json<Case>().reports;
    await api(h, 'PATCH', `/api/v1/reports/${reports[0]?.id}`, analyst, { tlp: 'RED' });
    const loosened = await api(h, 'PATCH', `/api/v1/cases/${c.id}`, coordinator, { tlp: 'GREEN' });
    expect(loosened.statusCode).toBe(422);
  });
});

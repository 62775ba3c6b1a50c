import { expect } from 'vitest';
import type { Advisory, Case, ReportSubmitted } from '@clearinghouse/shared';
import type { Harness } from './harness.js';
import { api, buildOrg, buildUser, tokenFor } from './factories.js';

/**
 * The people of the vulnerability pipeline, and the whole way from a report to an approved advisory,
 * through the real API: for tests of what happens after publication (matching, notifications, CLI).
 */
export interface Publishers {
  coordinator: string;
  analyst: string;
  reporter: string;
  vendor: { id: string; token: string };
}

export async function publishers(h: Harness, vendorName = 'Acme'): Promise<Publishers> {
  const coordinator = await tokenFor(h, await buildUser(h, { roles: ['coordinator'] }), 'write');
  const analyst = await tokenFor(h, await buildUser(h, { roles: ['analyst'] }), 'write');
  const lab = await buildOrg(h, { kind: 'researcher' });
  const reporter = await tokenFor(h, await buildUser(h, { orgId: lab.id }), 'write');
  const vendor = await buildOrg(h, { name: vendorName, kind: 'vendor' });
  const token = await tokenFor(h, await buildUser(h, { orgId: vendor.id, orgRole: 'admin' }), 'write');
  return { coordinator, analyst, reporter, vendor: { id: vendor.id, token } };
}

export interface AdvisorySpec {
  product: string;
  purl: string;
  /** A vers range of affected versions. */
  affected: string;
  fixed: string;
  cve: string;
  /** SSVC exploitation `active` makes the vulnerability known exploited. */
  exploitation?: 'none' | 'public_poc' | 'active';
  tlp?: 'CLEAR' | 'GREEN' | 'AMBER';
  /** An agreed embargo end: the advisory is released by the job queue at that instant. */
  embargo?: string;
  /** Model numbers the coordinator adds to the affected product (devices, firmware). */
  modelNumbers?: string[];
}

/** A validated report → case with the vendor's approved statement → drafted and approved advisory. */
export async function approvedAdvisory(h: Harness, p: Publishers, spec: AdvisorySpec): Promise<Advisory> {
  const tlp = spec.tlp ?? 'CLEAR';
  const s = (
    await api(h, 'POST', '/api/v1/reports', p.reporter, {
      title: `Remote code execution in ${spec.product} through crafted input`,
      description: `A crafted request makes ${spec.product} run attacker-controlled code.`,
      affectedProducts: [{ vendor: 'Acme', product: spec.product, versions: spec.affected, purl: spec.purl }],
      discoveryMethod: 'manual',
      requestedTlp: tlp,
      credit: { preference: 'anonymous' },
    })
  ).json<ReportSubmitted>();
  await api(h, 'POST', `/api/v1/reports/${s.id}/validation`, p.analyst, {
    cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    ssvc: {
      exploitation: spec.exploitation ?? 'none',
      automatable: 'yes',
      technicalImpact: 'total',
      missionWellbeing: 'high',
    },
    cwe: 'CWE-94',
    reproduced: true,
  });
  await api(h, 'POST', `/api/v1/reports/${s.id}/transitions`, p.analyst, { to: 'valid' });
  const c = (
    await api(h, 'POST', '/api/v1/cases', p.coordinator, {
      title: `Code execution in ${spec.product}`,
      summary: `${spec.product} runs attacker-controlled code.`,
      reportIds: [s.id],
      tlp,
    })
  ).json<Case>();
  const vuln = c.vulnerabilities[0]?.id ?? '';
  await api(h, 'PATCH', `/api/v1/cases/${c.id}/vulnerabilities/${vuln}`, p.coordinator, { cveId: spec.cve });
  await api(h, 'POST', `/api/v1/cases/${c.id}/participants`, p.coordinator, { organizationId: p.vendor.id });
  const participant = (await api(h, 'GET', `/api/v1/cases/${c.id}`, p.vendor.token))
    .json<Case>()
    .participants.find((x) => x.organization?.id === p.vendor.id);
  await api(h, 'POST', `/api/v1/cases/${c.id}/participants/${participant?.id}/decision`, p.vendor.token, {
    decision: 'accept',
  });
  const stated = await api(h, 'PUT', `/api/v1/cases/${c.id}/statements`, p.vendor.token, {
    vulnerabilityId: vuln,
    product: spec.product,
    purl: spec.purl,
    status: 'fixed',
    affectedVersions: spec.affected,
    fixedVersions: [spec.fixed],
    patches: [{ url: `https://acme.example/${spec.product}/${spec.fixed}` }],
    statement: 'Fixed by validating the input.',
  });
  expect(stated.statusCode, stated.body).toBe(200);
  const statementId = stated.json<Case>().statements[0]?.id ?? '';
  await api(h, 'POST', `/api/v1/cases/${c.id}/statements/${statementId}/approve`, p.coordinator);
  if (spec.embargo) {
    const proposed = await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes`, p.coordinator, {
      endsAt: spec.embargo,
      reason: 'Vendor release day',
    });
    const e = proposed.json<Case>().embargoes[0];
    await api(h, 'POST', `/api/v1/cases/${c.id}/embargoes/${e?.id}/response`, p.vendor.token, {
      response: 'accept',
    });
  }
  const drafted = await api(h, 'POST', '/api/v1/advisories', p.coordinator, { caseId: c.id });
  expect(drafted.statusCode, drafted.body).toBe(201);
  let a = drafted.json<Advisory>();
  if (a.content.tlp !== tlp || spec.modelNumbers) {
    const products = a.content.products.map((x) => ({
      ...x,
      modelNumbers: spec.modelNumbers ?? x.modelNumbers,
    }));
    const labelled = await api(h, 'PUT', `/api/v1/advisories/${a.id}`, p.coordinator, {
      content: { ...a.content, tlp, products },
      revision: a.revision,
      summary: `Labelled TLP:${tlp} for release`,
    });
    expect(labelled.statusCode, labelled.body).toBe(200);
    a = labelled.json<Advisory>();
  }
  const approved = await api(h, 'POST', `/api/v1/advisories/${a.id}/transitions`, p.coordinator, {
    action: 'approve',
    revision: a.revision,
  });
  expect(approved.statusCode, approved.body).toBe(200);
  return approved.json<Advisory>();
}

/** Approved and released now (no embargo): the release job has run when this returns. */
export async function releasedAdvisory(h: Harness, p: Publishers, spec: AdvisorySpec): Promise<Advisory> {
  const a = await approvedAdvisory(h, p, spec);
  await h.c.worker.drain();
  const released = (await api(h, 'GET', `/api/v1/advisories/${a.id}`, p.coordinator)).json<Advisory>();
  expect(released.status).toBe('released');
  return released;
}

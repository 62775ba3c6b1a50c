import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/demo-seed.js';
import { anonymous } from '../../src/policy/principal.js';

const anonymousViewer = anonymous(null);
import { DIALECTS, startHarness, type Harness } from '../support/harness.js';

describe.each(DIALECTS)('the demo community on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  it('acts out the vulnerability pipeline: reports in several states and a coordinated case', async () => {
    const result = await seedDemo(h.c);
    expect(result.seeded).toBe(true);
    const rows = await h.c.uow.read.reports.list({ kind: 'staff', userId: 'nobody' }, { limit: 50 });
    expect(rows.map((r) => r.status).sort()).toEqual([
      'accepted',
      'accepted',
      'duplicate',
      'needs_info',
      'received',
    ]);
    const cases = await h.c.uow.read.cases.listCases({ all: true, userId: '', orgIds: [], limit: 10 });
    expect(cases.map((x) => x.status).sort()).toEqual(['active', 'published']);
    const caseId = cases.find((x) => x.status === 'active')?.id ?? '';
    expect(
      (await h.c.uow.read.cases.statements(caseId)).map((s) => [s.status, s.approvedAt !== null]),
    ).toEqual([['fixed', true]]);
    expect((await h.c.uow.read.cases.embargoes(caseId)).map((e) => e.status)).toEqual(['active']);
    // Publication: one advisory released (CSAF, OSV, CVE, KEV), the pump's waiting for its embargo.
    const advisories = await h.c.services.advisories.list(anonymousViewer, {
      limit: 50,
    });
    expect(advisories.items.map((a) => [a.status, a.tlp, a.cves])).toEqual([
      ['released', 'CLEAR', ['CVE-2026-40001']],
    ]);
    const scheduled = await h.c.uow.read.advisories.dueForRelease('9999-12-31T00:00:00.000Z');
    expect(scheduled.map((a) => a.status)).toEqual(['approved']);
    expect((await h.c.services.provider.kev()).vulnerabilities.map((v) => v.cveID)).toEqual([
      'CVE-2026-40001',
    ]);
    const osv = await h.c.services.osv.query({
      package: { purl: 'pkg:npm/%40acme-medical/hl7-bridge@2.3.3' },
    });
    expect(osv).toHaveLength(1);
    // Exposure: the hospital's two inventories; the released flaw is matched and acknowledged.
    const exposures = await h.c.uow.read.exposure.listExposures({
      orgId: null,
      statuses: ['open', 'acknowledged'],
      alerting: 'true',
      limit: 50,
    });
    expect(exposures.map((e) => [e.vulnKey, e.confidence, e.status])).toEqual([
      ['CVE-2026-40001', 'purl', 'acknowledged'],
    ]);
    expect((await h.c.uow.read.exposure.inventories(null)).map((i) => i.name).sort()).toEqual([
      'Clinical floor (ICU and wards)',
      'HL7 interface engine',
    ]);
    // When the pump's embargo ends, its advisory is released and the floor's pumps are matched by CPE.
    h.clock.set(new Date(h.clock.now().getTime() + 31 * 86_400_000));
    await h.c.worker.drain();
    const after = await h.c.uow.read.exposure.listExposures({
      orgId: null,
      statuses: ['open', 'acknowledged'],
      alerting: 'true',
      limit: 50,
    });
    expect(after.map((e) => e.confidence).sort()).toEqual(['purl', 'purl']);
    const review = await h.c.uow.read.exposure.listExposures({
      orgId: null,
      statuses: ['open'],
      alerting: 'false',
      limit: 50,
    });
    expect(review.map((e) => e.confidence)).toEqual(['name']);
    expect((await seedDemo(h.c)).seeded).toBe(false);
  });
});

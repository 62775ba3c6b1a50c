import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/demo-seed.js';
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
    expect(rows.map((r) => r.status).sort()).toEqual(['accepted', 'duplicate', 'needs_info', 'received']);
    const cases = await h.c.uow.read.cases.listCases({ all: true, userId: '', orgIds: [], limit: 10 });
    expect(cases).toHaveLength(1);
    const caseId = cases[0]?.id ?? '';
    expect(
      (await h.c.uow.read.cases.statements(caseId)).map((s) => [s.status, s.approvedAt !== null]),
    ).toEqual([['fixed', true]]);
    expect((await h.c.uow.read.cases.embargoes(caseId)).map((e) => e.status)).toEqual(['active']);
    expect((await seedDemo(h.c)).seeded).toBe(false);
  });
});

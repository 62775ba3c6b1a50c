import { describe, expect, it } from 'vitest';
import { canTransition, REPORT_STATUSES, type ReportStatus } from '@clearinghouse/shared';

/** The triage state machine written out in full: every pair not listed here is forbidden. */
const ALLOWED: Record<ReportStatus, ReportStatus[]> = {
  received: ['needs_info', 'valid', 'invalid', 'duplicate', 'closed'],
  needs_info: ['received', 'closed'],
  valid: ['accepted', 'deferred', 'closed'],
  deferred: ['valid', 'closed'],
  invalid: ['closed'],
  duplicate: ['closed'],
  accepted: ['closed'],
  closed: [],
};

describe('report triage transitions', () => {
  for (const from of REPORT_STATUSES)
    for (const to of REPORT_STATUSES) {
      const allowed = ALLOWED[from].includes(to);
      it(`${allowed ? 'allows' : 'forbids'} ${from} → ${to}`, () => {
        expect(canTransition(from, to)).toBe(allowed);
      });
    }

  it('lets every state but closed be closed, and nothing leave closed', () => {
    for (const s of REPORT_STATUSES.filter((x) => x !== 'closed'))
      expect(canTransition(s, 'closed')).toBe(true);
    expect(REPORT_STATUSES.some((s) => canTransition('closed', s))).toBe(false);
  });
});

import type { ReportAccess } from '../../policy/policy.js';
import type { ReportRecord } from './reports.repository.js';

/** The facts about a report that the policy module decides on. */
export function reportAccess(r: ReportRecord): ReportAccess {
  return {
    tlp: r.tlp,
    reporterUserId: r.reporterUserId,
    reporterOrgId: r.reporterOrgId,
    namedUserIds: r.namedUserIds,
  };
}

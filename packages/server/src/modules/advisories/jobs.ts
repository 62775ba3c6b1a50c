import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.js';

/**
 * Release whatever approved advisory is due: of one case (enqueued at the instant its embargo
 * ends) or one advisory (enqueued when it is approved). The handler looks again at the embargo
 * when it runs, so a job left over from an embargo that was since extended releases nothing.
 */
export const RELEASE_DUE = defineJob({
  name: 'advisory.release-due@1',
  payload: z.object({ caseId: z.string().optional(), advisoryId: z.string().optional() }),
  maxAttempts: 20,
});

/** Submit a released CVE record to CVE Services (only ever enqueued by a release). */
export const SUBMIT_CVE = defineJob({
  name: 'advisory.submit-cve@1',
  payload: z.object({ cveId: z.string() }),
  maxAttempts: 12,
});

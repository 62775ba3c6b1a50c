import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.js';

/**
 * Tell an organization about exposures the matcher just opened or reopened. Enqueued by the exposure
 * module in the transaction that records them; the handler asks the exposure module again, at send
 * time, for what may still be told (still open, source still released and readable), so an
 * exposure closed or withdrawn in between is not announced.
 */
export const NOTIFY_EXPOSURES = defineJob({
  name: 'notify.exposures@1',
  payload: z.object({ orgId: z.string(), exposureIds: z.array(z.string()).min(1).max(10_000) }),
  maxAttempts: 10,
});

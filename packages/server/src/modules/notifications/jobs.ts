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

/**
 * One attempt at one webhook delivery. A failed attempt does not fail the job: the delivery
 * schedules its own next attempt (its backoff and 24-hour limit are the delivery's, not the queue's).
 */
export const DELIVER_WEBHOOK = defineJob({
  name: 'notify.webhook-attempt@1',
  payload: z.object({ deliveryId: z.string() }),
  maxAttempts: 5,
});

/** A daily subscription's digest for one UTC day (`YYYY-MM-DD`), sent at the digest hour. */
export const SEND_DIGEST = defineJob({
  name: 'notify.digest@1',
  payload: z.object({ subscriptionId: z.string(), day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  maxAttempts: 10,
});

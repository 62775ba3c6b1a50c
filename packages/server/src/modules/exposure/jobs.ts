import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.js';

/**
 * Re-read one advisory source (our advisory at its release, an imported document when it changes),
 * rebuild its affect rules and resolve them against every inventory through the key index. Enqueued
 * in the transaction that releases or imports, so no release goes unmatched.
 */
export const INDEX_SOURCE = defineJob({
  name: 'exposure.index-source@1',
  payload: z.object({ kind: z.enum(['advisory', 'import']), id: z.string() }),
  maxAttempts: 20,
});

/** Match one inventory's new or changed components against every known rule (after an upload). */
export const MATCH_INVENTORY = defineJob({
  name: 'exposure.match-inventory@1',
  payload: z.object({ inventoryId: z.string(), componentIds: z.array(z.string()).optional() }),
  maxAttempts: 10,
});

/** Reopen exposures whose accepted risk has expired; drop expired suppressions (runs hourly). */
export const EXPIRE_ACCEPTANCES = defineJob({
  name: 'exposure.expire-acceptances@1',
  payload: z.object({}),
  maxAttempts: 5,
});

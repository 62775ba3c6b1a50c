import type { Repositories } from '../db/unit-of-work.js';
import { newId } from '../lib/ids.js';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_QUEUE, type JobSpec } from './job-definition.js';
import type { z } from 'zod';

/** Enqueue inside the caller's transaction, so the job exists exactly when the change commits. */
export async function enqueue<S extends z.ZodType>(
  repos: Repositories,
  def: JobSpec<S>,
  payload: z.infer<S>,
  opts: { now: Date; runAt?: Date; idempotencyKey?: string },
): Promise<{ id: string; created: boolean }> {
  return repos.jobs.enqueue({
    id: newId('job'),
    queue: def.queue ?? DEFAULT_QUEUE,
    name: def.name,
    payload: def.payload.parse(payload),
    runAt: (opts.runAt ?? opts.now).toISOString(),
    maxAttempts: def.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    idempotencyKey: opts.idempotencyKey ?? null,
    now: opts.now.toISOString(),
  });
}

import type { Job } from '@clearinghouse/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { JobRecord, JobStatus } from '../../jobs/jobs.repository.js';
import { authorize } from '../../policy/policy.js';
import type { Principal } from '../../policy/principal.js';

export function presentJob(j: JobRecord): Job {
  return {
    id: j.id,
    queue: j.queue,
    name: j.name,
    status: j.status,
    runAt: j.runAt,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    lastError: j.lastError,
    idempotencyKey: j.idempotencyKey,
    createdAt: j.createdAt,
    updatedAt: j.updatedAt,
  };
}

/** The job queue as operators see it. Payloads are not shown: they may carry secrets (links). */
export class JobsService {
  constructor(private readonly uow: UnitOfWork) {}

  async listJobs(
    principal: Principal,
    query: { status?: JobStatus | undefined; cursor?: string | undefined; limit: number },
  ) {
    authorize(principal, 'jobs.read', {});
    const rows = await this.uow.read.jobs.list({
      status: query.status,
      beforeId: query.cursor,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(presentJob),
      nextCursor: rows.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }
}

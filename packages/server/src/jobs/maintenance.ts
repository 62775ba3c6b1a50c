import type { Logger } from 'pino';
import type { UnitOfWork } from '../db/unit-of-work.js';
import type { Clock } from '../lib/clock.js';

const DAY = 86_400_000;

/** Keeps housekeeping tables from growing without bound. Idempotent: any number of processes may run it. */
export async function runMaintenance(
  uow: UnitOfWork,
  clock: Clock,
): Promise<{ sessions: number; jobs: number }> {
  const now = clock.now();
  const sessions = await uow.read.sessions.deleteExpired(now.toISOString());
  // Sign-in attempts matter for the throttling window (minutes); a day is ample.
  await uow.read.sessions.pruneAttempts(new Date(now.getTime() - DAY).toISOString());
  const jobs = await uow.read.jobs.pruneFinished(new Date(now.getTime() - 30 * DAY).toISOString());
  return { sessions, jobs };
}

export function startMaintenance(
  uow: UnitOfWork,
  clock: Clock,
  log: Logger,
  everyMs = 3_600_000,
): () => void {
  const run = () => {
    runMaintenance(uow, clock).then(
      (removed) => log.debug(removed, 'maintenance done'),
      (err: unknown) => log.error({ err }, 'maintenance failed'),
    );
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

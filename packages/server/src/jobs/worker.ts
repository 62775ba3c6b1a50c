import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { UnitOfWork } from '../db/unit-of-work.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { backoffMs, DEFAULT_QUEUE, type JobDefinition } from './job-definition.js';
import type { JobRecord } from './jobs.repository.js';

const DEFAULT_LEASE_MS = 10 * 60_000;

export interface WorkerOptions {
  concurrency: number;
  pollMs: number;
  queues?: string[];
  /** A running job whose worker has been silent this long is handed to another worker. */
  leaseMs?: number;
  shutdownGraceMs?: number;
}

export interface WorkerEvents {
  onFinished?: (job: JobRecord, outcome: 'succeeded' | 'retry' | 'failed', error?: unknown) => void;
}

/**
 * Polls the jobs table, runs due jobs with bounded concurrency, retries failures with
 * exponential backoff and stops gracefully: no new claims, running jobs given time to finish.
 */
export class Worker {
  readonly id = `${hostname()}:${process.pid}:${newId('job').slice(-8)}`;
  private readonly defs = new Map<string, JobDefinition>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private started = false;
  private polling: Promise<unknown> | undefined;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: WorkerOptions,
    private readonly events: WorkerEvents = {},
  ) {}

  register(...defs: JobDefinition[]): this {
    for (const d of defs) this.defs.set(d.name, d);
    return this;
  }

  start(): void {
    this.started = true;
    this.schedule(0);
  }

  /**
   * Look for work now (called after enqueueing, to skip the poll delay). A process whose worker
   * was never started (CH_WORKER=false: jobs run elsewhere) leaves the job to the real workers.
   */
  poke(): void {
    if (this.started && !this.stopping && this.polling === undefined) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
      });
    }, ms);
    this.timer.unref();
  }

  /** One pass: requeue stale leases, claim what fits, start it. Returns how many were claimed. */
  async poll(): Promise<number> {
    let claimed: JobRecord[] = [];
    try {
      const now = this.clock.now();
      const leaseMs = this.opts.leaseMs ?? DEFAULT_LEASE_MS;
      await this.uow.read.jobs.requeueStale(
        new Date(now.getTime() - leaseMs).toISOString(),
        now.toISOString(),
      );
      claimed = await this.uow.read.jobs.claim({
        queues: this.opts.queues ?? [DEFAULT_QUEUE],
        workerId: this.id,
        now: now.toISOString(),
        limit: this.opts.concurrency - this.running.size,
      });
      for (const job of claimed) {
        const p = this.execute(job).finally(() => {
          this.running.delete(job.id);
          this.poke();
        });
        this.running.set(job.id, p);
      }
    } catch (err) {
      this.log.error({ err }, 'job poll failed');
    }
    this.schedule(claimed.length > 0 ? 0 : this.opts.pollMs);
    return claimed.length;
  }

  private async execute(job: JobRecord): Promise<void> {
    const def = this.defs.get(job.name);
    const finishedAt = () => this.clock.now().toISOString();
    let error: unknown;
    // Long jobs keep their lease, so no other worker takes them while they still run.
    const leaseMs = this.opts.leaseMs ?? DEFAULT_LEASE_MS;
    const heartbeat = setInterval(() => {
      this.uow.read.jobs.heartbeat(job.id, this.id, this.clock.now().toISOString()).catch((err: unknown) => {
        this.log.warn({ jobId: job.id, err }, 'job heartbeat failed');
      });
    }, leaseMs / 3);
    heartbeat.unref();
    try {
      if (!def) throw new Error(`no handler registered for job ${job.name}`);
      const payload: unknown = def.payload.parse(job.payload);
      await def.handle(payload, { jobId: job.id, attempt: job.attempts, signal: this.abort.signal });
    } catch (err) {
      error = err;
    } finally {
      clearInterval(heartbeat);
    }
    // Recording the outcome may fail too (the database went away): log it and let the lease
    // expire, so the job is retried elsewhere — jobs are idempotent, at-least-once.
    try {
      if (error === undefined) {
        await this.uow.read.jobs.succeed(job.id, this.id, finishedAt());
        this.events.onFinished?.(job, 'succeeded');
        return;
      }
      const message = error instanceof Error ? error.message : JSON.stringify(error);
      const retry = job.attempts < job.maxAttempts;
      const retryAt = retry
        ? new Date(this.clock.now().getTime() + backoffMs(job.attempts)).toISOString()
        : null;
      this.log.warn(
        { jobId: job.id, job: job.name, attempt: job.attempts, retryAt, err: message },
        'job failed',
      );
      await this.uow.read.jobs.fail(job.id, this.id, message.slice(0, 2000), finishedAt(), retryAt);
      this.events.onFinished?.(job, retry ? 'retry' : 'failed', error);
    } catch (err) {
      this.log.error({ jobId: job.id, job: job.name, err }, 'could not record job outcome');
    }
  }

  /**
   * Run every due job to completion, without the poll timer: for one-shot commands and tests
   * that move a clock and need the jobs that came due to have run.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.uow.read.jobs.claim({
        queues: this.opts.queues ?? [DEFAULT_QUEUE],
        workerId: this.id,
        now: this.clock.now().toISOString(),
        limit: this.opts.concurrency,
      });
      if (claimed.length === 0) return total;
      total += claimed.length;
      await Promise.all(claimed.map((job) => this.execute(job)));
    }
  }

  /** Stop claiming; wait for running jobs up to the grace period, then signal them to abort. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.polling;
    const grace = this.opts.shutdownGraceMs ?? 15_000;
    const all = Promise.allSettled([...this.running.values()]);
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), grace).unref()),
    ]);
    if (timedOut) {
      this.abort.abort();
      await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
  }

  get activeCount(): number {
    return this.running.size;
  }
}

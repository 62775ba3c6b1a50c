import type { z } from 'zod';

export interface JobContext {
  jobId: string;
  attempt: number;
  signal: AbortSignal;
}

/**
 * A kind of job: what enqueuers need to know. The name carries a version (`mail.send@1`): when
 * a payload's shape changes, a new version is added and the old one kept until its queued jobs
 * have drained. The handler is attached where the job runs (the worker's composition).
 */
export interface JobSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  queue?: string;
  payload: S;
  maxAttempts?: number;
}

export type JobHandler<S extends z.ZodType = z.ZodType> = (
  payload: z.infer<S>,
  ctx: JobContext,
) => Promise<void>;

export interface JobDefinition<S extends z.ZodType = z.ZodType> extends JobSpec<S> {
  handle: JobHandler<S>;
}

export function defineJob<S extends z.ZodType>(spec: JobSpec<S>): JobSpec<S> {
  return spec;
}

export function withHandler<S extends z.ZodType>(spec: JobSpec<S>, handle: JobHandler<S>): JobDefinition {
  return { ...spec, handle: handle };
}

export const DEFAULT_QUEUE = 'default';
export const DEFAULT_MAX_ATTEMPTS = 8;

/** Exponential backoff with full jitter: 2s, 4s, 8s … capped at one hour. */
export function backoffMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 2000,
  capMs = 3_600_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

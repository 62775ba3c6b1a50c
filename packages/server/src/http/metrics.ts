import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { UnitOfWork } from '../db/unit-of-work.js';
import { RequestHistogram } from './request-histogram.js';

export interface Metrics {
  registry: Registry;
  httpDuration: RequestHistogram;
  jobsFinished: Counter<'name' | 'outcome'>;
}

/** Prometheus metrics: process defaults, HTTP latency by route, job outcomes and queue depth. */
export function createMetrics(uow: UnitOfWork): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'clearinghouse_' });
  const httpDuration = new RequestHistogram(registry);
  const jobsFinished = new Counter({
    name: 'clearinghouse_jobs_finished_total',
    help: 'Jobs finished by this process, by outcome.',
    labelNames: ['name', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'clearinghouse_jobs',
    help: 'Jobs in the queue by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, n] of Object.entries(await uow.read.jobs.countByStatus())) this.set({ status }, n);
    },
  });
  return { registry, httpDuration, jobsFinished };
}

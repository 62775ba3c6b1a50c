import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pino } from 'pino';
import { openDatabase, migrateUp } from '../../src/db/database.js';
import { UnitOfWork } from '../../src/db/unit-of-work.js';
import { enqueue } from '../../src/jobs/enqueue.js';
import { defineJob, withHandler } from '../../src/jobs/job-definition.js';
import { Worker } from '../../src/jobs/worker.js';
import { DIALECTS, FakeClock, freshDatabase } from '../support/harness.js';

const silent = pino({ level: 'silent' });
const ECHO = defineJob({ name: 'test.echo@1', payload: z.object({ n: z.number() }), maxAttempts: 3 });

async function setup(dialect: (typeof DIALECTS)[number]) {
  const db = await freshDatabase(dialect);
  const handle = openDatabase(db.target);
  await migrateUp(handle);
  return { db, handle, uow: new UnitOfWork(handle) };
}

describe.each(DIALECTS)('job queue on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function env() {
    const e = await setup(dialect);
    cleanups.push(
      () => e.db.drop(),
      () => e.handle.close(),
    );
    return e;
  }

  it('runs a due job once and records success', async () => {
    const { uow } = await env();
    const clock = new FakeClock();
    const seen: number[] = [];
    const worker = new Worker(uow, clock, silent, { concurrency: 2, pollMs: 10_000 }).register(
      withHandler(ECHO, async ({ n }) => void seen.push(n)),
    );
    const { id } = await uow.transaction((r) => enqueue(r, ECHO, { n: 7 }, { now: clock.now() }));
    await worker.poll();
    await worker.stop();
    expect(seen).toEqual([7]);
    expect(await uow.read.jobs.findById(id)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      lastError: null,
    });
  });

  it('waits for run_at', async () => {
    const { uow } = await env();
    const clock = new FakeClock();
    const seen: number[] = [];
    const worker = new Worker(uow, clock, silent, { concurrency: 1, pollMs: 10_000 }).register(
      withHandler(ECHO, async ({ n }) => void seen.push(n)),
    );
    await uow.transaction((r) =>
      enqueue(r, ECHO, { n: 1 }, { now: clock.now(), runAt: new Date(clock.now().getTime() + 60_000) }),
    );
    expect(await worker.poll()).toBe(0);
    clock.advance(60_000);
    expect(await worker.poll()).toBe(1);
    await worker.stop();
    expect(seen).toEqual([1]);
  });

  it('retries with exponential backoff, keeps the last error visible, and gives up at max attempts', async () => {
    const { uow } = await env();
    const clock = new FakeClock();
    let calls = 0;
    const worker = new Worker(uow, clock, silent, { concurrency: 1, pollMs: 10_000 }).register(
      withHandler(ECHO, async () => {
        calls += 1;
        throw new Error(`boom ${calls}`);
      }),
    );
    const { id } = await uow.transaction((r) => enqueue(r, ECHO, { n: 1 }, { now: clock.now() }));
    await worker.poll();
    await worker.stop();
    const afterFirst = await uow.read.jobs.findById(id);
    expect(afterFirst).toMatchObject({ status: 'queued', attempts: 1, lastError: 'boom 1' });
    const delay1 = Date.parse(afterFirst?.runAt ?? '') - clock.now().getTime();
    expect(delay1).toBeGreaterThanOrEqual(1000);
    expect(delay1).toBeLessThanOrEqual(2000);

    const w2 = new Worker(uow, clock, silent, { concurrency: 1, pollMs: 10_000 }).register(
      withHandler(ECHO, async () => {
        calls += 1;
        throw new Error(`boom ${calls}`);
      }),
    );
    expect(await w2.poll()).toBe(0); // not due yet
    clock.advance(2000);
    await w2.poll();
    await new Promise((r) => setTimeout(r, 50));
    const afterSecond = await uow.read.jobs.findById(id);
    const delay2 = Date.parse(afterSecond?.runAt ?? '') - clock.now().getTime();
    expect(delay2).toBeGreaterThanOrEqual(2000);
    expect(delay2).toBeLessThanOrEqual(4000);
    clock.advance(4000);
    await w2.poll();
    await w2.stop();
    expect(await uow.read.jobs.findById(id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'boom 3',
    });
  });

  it('deduplicates by idempotency key', async () => {
    const { uow } = await env();
    const clock = new FakeClock();
    const a = await uow.transaction((r) =>
      enqueue(r, ECHO, { n: 1 }, { now: clock.now(), idempotencyKey: 'release:adv_1' }),
    );
    const b = await uow.transaction((r) =>
      enqueue(r, ECHO, { n: 2 }, { now: clock.now(), idempotencyKey: 'release:adv_1' }),
    );
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    expect(await uow.read.jobs.list({ limit: 10 })).toHaveLength(1);
  });

  it('does not enqueue when the surrounding transaction rolls back', async () => {
    const { uow } = await env();
    const clock = new FakeClock();
    await expect(
      uow.transaction(async (r) => {
        await enqueue(r, ECHO, { n: 1 }, { now: clock.now() });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await uow.read.jobs.list({ limit: 10 })).toHaveLength(0);
  });

  it('hands a job abandoned by a dead worker to another after the lease', async () => {
    const { uow } = await env();
    const clock = new FakeClock();
    const { id } = await uow.transaction((r) => enqueue(r, ECHO, { n: 5 }, { now: clock.now() }));
    await uow.read.jobs.claim({
      queues: ['default'],
      workerId: 'dead-worker',
      now: clock.now().toISOString(),
      limit: 1,
    });
    clock.advance(11 * 60_000);
    const seen: number[] = [];
    const worker = new Worker(uow, clock, silent, { concurrency: 1, pollMs: 10_000 }).register(
      withHandler(ECHO, async ({ n }) => void seen.push(n)),
    );
    await worker.poll();
    await worker.stop();
    expect(seen).toEqual([5]);
    expect(await uow.read.jobs.findById(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('shuts down gracefully: stops claiming and lets the running job finish', async () => {
    const { uow } = await env();
    const clock = new FakeClock();
    let finished = false;
    const worker = new Worker(uow, clock, silent, { concurrency: 1, pollMs: 10_000 }).register(
      withHandler(ECHO, async () => {
        await new Promise((r) => setTimeout(r, 200));
        finished = true;
      }),
    );
    const { id } = await uow.transaction((r) => enqueue(r, ECHO, { n: 1 }, { now: clock.now() }));
    await uow.transaction((r) => enqueue(r, ECHO, { n: 2 }, { now: clock.now() }));
    await worker.poll();
    await worker.stop();
    expect(finished).toBe(true);
    expect(await uow.read.jobs.findById(id)).toMatchObject({ status: 'succeeded' });
    expect((await uow.read.jobs.list({ status: 'queued', limit: 10 })).length).toBe(1);
  });

  it('two workers with their own connections run each of 200 jobs exactly once', async () => {
    const { db, uow } = await env();
    const clock = new FakeClock();
    await uow.transaction(async (r) => {
      for (let n = 0; n < 200; n++) await enqueue(r, ECHO, { n }, { now: clock.now() });
    });
    const runs = new Map<number, number>();
    const workers: Worker[] = [];
    for (let w = 0; w < 2; w++) {
      const handle = openDatabase(db.target);
      cleanups.push(() => handle.close());
      workers.push(
        new Worker(new UnitOfWork(handle), clock, silent, { concurrency: 4, pollMs: 5 }).register(
          withHandler(ECHO, async ({ n }) => {
            runs.set(n, (runs.get(n) ?? 0) + 1);
            await new Promise((r) => setTimeout(r, 1));
          }),
        ),
      );
    }
    for (const w of workers) w.start();
    const deadline = Date.now() + 20_000;
    while (
      (await uow.read.jobs.list({ status: 'succeeded', limit: 201 })).length < 200 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 25));
    }
    await Promise.all(workers.map((w) => w.stop()));
    expect(runs.size).toBe(200);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const byWorker = await uow.read.jobs.list({ limit: 201 });
    expect(byWorker.every((j) => j.status === 'succeeded' && j.attempts === 1)).toBe(true);
  });
});

describe.each(DIALECTS)('maintenance on %s', (dialect) => {
  it('removes expired sessions, old sign-in attempts and old finished jobs, clearing payloads on success', async () => {
    const { runMaintenance } = await import('../../src/jobs/maintenance.js');
    const e = await setup(dialect);
    try {
      const clock = new FakeClock();
      const worker = new Worker(e.uow, clock, silent, { concurrency: 1, pollMs: 10_000 }).register(
        withHandler(ECHO, async () => undefined),
      );
      const { id } = await e.uow.transaction((r) => enqueue(r, ECHO, { n: 1 }, { now: clock.now() }));
      await worker.poll();
      await worker.stop();
      expect(await e.uow.read.jobs.findById(id)).toMatchObject({ status: 'succeeded', payload: {} });
      await e.uow.read.sessions.recordAttempt({
        id: 'att_1',
        email: 'a@b.test',
        ip: '1',
        succeeded: false,
        now: clock.now().toISOString(),
      });
      clock.advance(31 * 86_400_000);
      expect(await runMaintenance(e.uow, clock)).toMatchObject({ jobs: 1 });
      expect(await e.uow.read.jobs.findById(id)).toBeUndefined();
      expect(
        (await e.uow.read.sessions.failuresSince({ email: 'a@b.test' }, '', clock.now().toISOString())).count,
      ).toBe(0);
    } finally {
      await e.handle.close();
      await e.db.drop();
    }
  });
});

describe('job leases', () => {
  it('a job that outlives the lease keeps it through heartbeats and is not run twice', async () => {
    const e = await setup('sqlite');
    try {
      const clock = { now: () => new Date() };
      let runs = 0;
      const slowWorker = () =>
        new Worker(e.uow, clock, silent, { concurrency: 1, pollMs: 20, leaseMs: 150 }).register(
          withHandler(ECHO, async () => {
            runs += 1;
            await new Promise((r) => setTimeout(r, 600));
          }),
        );
      const [a, b] = [slowWorker(), slowWorker()];
      const { id } = await e.uow.transaction((r) => enqueue(r, ECHO, { n: 1 }, { now: clock.now() }));
      a.start();
      await new Promise((r) => setTimeout(r, 100));
      b.start();
      await new Promise((r) => setTimeout(r, 900));
      await Promise.all([a.stop(), b.stop()]);
      expect(runs).toBe(1);
      expect(await e.uow.read.jobs.findById(id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    } finally {
      await e.handle.close();
      await e.db.drop();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createContainer, createHttpApp, type Container, type ContainerOverrides } from '../../src/main.js';
import type { DatabaseTarget } from '../../src/db/database.js';
import type { Clock } from '../../src/lib/clock.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. `TEST_DIALECTS=postgres` runs only
 * PostgreSQL: CI's second pass, after `npm test` has run everything on SQLite.
 */
function dialects(): DialectName[] {
  const chosen = (process.env.TEST_DIALECTS ?? '')
    .split(',')
    .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
  if (chosen.length > 0) return chosen;
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}
export const DIALECTS: DialectName[] = dialects();

export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-27T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}

export interface TestDatabase {
  target: DatabaseTarget;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a temporary SQLite file, or a new PostgreSQL schema. */
export async function freshDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-test-'));
  if (dialect === 'sqlite') {
    return {
      target: { kind: 'sqlite', file: path.join(dataDir, 'clearinghouse.db') },
      dataDir,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    target: { kind: 'postgres', url, schema, poolSize: 5 },
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    CH_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    CH_RATE_LIMIT_PER_MINUTE: '0',
    CH_WORKER_POLL_MS: '20',
    CH_PUBLIC_URL: 'http://clearinghouse.test',
    ...env,
  });
}

export interface Harness {
  c: Container;
  app: FastifyInstance;
  clock: FakeClock;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The real application on a fresh database, driven through `app.inject`. */
export async function startHarness(
  dialect: DialectName,
  opts: {
    env?: Record<string, string>;
    overrides?: ContainerOverrides;
    clock?: FakeClock;
    startWorker?: boolean;
    webDist?: string;
    logger?: Logger;
  } = {},
): Promise<Harness> {
  const db = await freshDatabase(dialect);
  const config = testConfig(db.dataDir, opts.env);
  const clock = opts.clock ?? new FakeClock();
  const c = await createContainer(config, opts.logger ?? createLogger(config.logLevel), {
    database: db.target,
    clock,
    ...opts.overrides,
  });
  const app = await createHttpApp(c, opts.webDist ?? null);
  await app.ready();
  if (opts.startWorker) c.worker.start();
  return {
    c,
    app,
    clock,
    db,
    close: async () => {
      await app.close();
      await c.close();
      await db.drop();
    },
  };
}

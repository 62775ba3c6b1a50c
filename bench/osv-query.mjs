// Measures the OSV API on the real server (SQLite) holding 10,000 records across npm and PyPI:
// POST /v1/query for one package version, and POST /v1/querybatch with 100 queries (what
// osv-scanner sends for a lockfile). Prints requests/s and latency percentiles.
// Targets, on the 2-core reference machine with 20 connections: /v1/query ≥ 1,000 req/s with
// p99 < 50 ms; /v1/querybatch of 100 ≥ 50 batches/s (5,000 package queries/s). Batch latency at
// that concurrency is mostly queueing, so it is printed, not targeted.
// Run with `npm run bench:osv` (it builds first).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const PACKAGES = 2_000;

async function seed(dataDir) {
  const { loadConfig } = await import(path.join(root, 'packages/server/dist/config.js'));
  const { createLogger } = await import(path.join(root, 'packages/server/dist/logger.js'));
  const { createContainer } = await import(path.join(root, 'packages/server/dist/main.js'));
  const c = await createContainer(
    loadConfig({ CH_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    createLogger('silent'),
  );
  const now = new Date().toISOString();
  const started = Date.now();
  for (let batch = 0; batch < RECORDS; batch += 500) {
    await c.uow.transaction(async (r) => {
      for (let i = batch; i < Math.min(RECORDS, batch + 500); i++) {
        const ecosystem = i % 2 === 0 ? 'npm' : 'PyPI';
        const name = `bench-pkg-${i % PACKAGES}`;
        const record = {
          schema_version: '1.7.0',
          id: `GHSA-bench-${String(i).padStart(5, '0')}`,
          modified: now,
          published: now,
          summary: `Benchmark flaw ${i}`,
          affected: [
            {
              package: { ecosystem, name },
              ranges: [
                {
                  type: ecosystem === 'npm' ? 'SEMVER' : 'ECOSYSTEM',
                  events: [{ introduced: `${i % 7}.0.0` }, { fixed: `${(i % 7) + 1}.2.3` }],
                },
              ],
            },
          ],
        };
        await r.advisories.putOsvRecord(
          {
            id: record.id,
            source: 'imported',
            advisoryId: null,
            vulnerabilityKey: null,
            body: JSON.stringify(record),
            published: now,
            modified: now,
            sourceUrl: 'https://osv.example/bench',
          },
          [{ ecosystem, name, purl: null }],
          now,
        );
      }
    });
  }
  await c.close();
  return Date.now() - started;
}

function freePort() {
  return 20000 + Math.floor(Math.random() * 20000);
}

async function waitFor(url, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function load(url, body) {
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        connections: CONNECTIONS,
        duration: DURATION,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-bench-osv-'));
const seededMs = await seed(dataDir);
const port = freePort();
const canPin = os.cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0;
if (canPin) spawnSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
const args = [path.join(root, 'packages/server/dist/bin.js'), 'serve'];
const server = spawn(
  canPin ? 'taskset' : process.execPath,
  canPin ? ['-c', '1', process.execPath, ...args] : args,
  {
    stdio: 'ignore',
    env: {
      ...process.env,
      CH_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      CH_RATE_LIMIT_PER_MINUTE: '0',
      CH_WORKER: 'false',
    },
  },
);
try {
  await waitFor(`http://127.0.0.1:${port}/healthz`);
  const base = `http://127.0.0.1:${port}`;
  const single = await load(`${base}/v1/query`, {
    package: { ecosystem: 'npm', name: 'bench-pkg-42' },
    version: '3.1.0',
  });
  const queries = Array.from({ length: 100 }, (_, i) => ({
    package: { purl: `pkg:${i % 2 === 0 ? 'npm' : 'pypi'}/bench-pkg-${i * 7}@2.0.0` },
  }));
  const batch = await load(`${base}/v1/querybatch`, { queries });
  const line = (label, r) =>
    `${label.padEnd(26)} ${String(Math.round(r.requests.average)).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   errors ${r.errors + r.non2xx}`;
  console.log(
    `OSV API over ${RECORDS} records (${PACKAGES} packages per ecosystem), seeded in ${seededMs} ms`,
  );
  console.log(line('POST /v1/query', single));
  console.log(line('POST /v1/querybatch (100)', batch));
} finally {
  server.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

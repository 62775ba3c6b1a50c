// Measures requests/s of an authenticated GET /api/v1/me on the real server (SQLite, API token)
// against a bare Fastify hello-world on the same machine, one after the other, and prints the
// ratio. Target: ≥ 50 % of the bare figure. Run with `npm run bench` (it builds first).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PASSWORD = 'bench password for the me route';

function freePort() {
  return 20000 + Math.floor(Math.random() * 20000);
}

async function waitFor(url, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function run(url, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

async function prepareServerData(dataDir) {
  const { loadConfig } = await import(path.join(root, 'packages/server/dist/config.js'));
  const { createLogger } = await import(path.join(root, 'packages/server/dist/logger.js'));
  const { createContainer } = await import(path.join(root, 'packages/server/dist/main.js'));
  const { system } = await import(path.join(root, 'packages/server/dist/policy/principal.js'));
  const config = loadConfig({ CH_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const c = await createContainer(config, createLogger('silent'));
  const org = await c.services.organizations.createOrganization(system('bench'), {
    name: 'Bench Hospital',
    kind: 'operator',
    sectors: ['healthcare'],
  });
  await c.services.users.createUser(system('bench'), {
    email: 'bench@example.test',
    name: 'Bench',
    password: PASSWORD,
    globalRoles: [],
    organizationId: org.id,
    orgRole: 'admin',
  });
  await c.close();
}

async function tokenFrom(base) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.test', password: PASSWORD }),
  });
  const me = await login.json();
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const created = await fetch(`${base}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
    body: JSON.stringify({ name: 'bench', scope: 'read' }),
  });
  if (created.status !== 201) throw new Error(`token: ${created.status} ${await created.text()}`);
  return (await created.json()).secret;
}

const summary = (r) => ({
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

// Both servers run side by side; the runs alternate (bare, me, health, bare, …) so drift on a
// shared machine hits both alike, and each figure is the median of its rounds.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// On a machine with two cores or more, each server runs on a core of its own and the load
// generator on another: otherwise they fight for the same cores and the figure measures the
// scheduler as much as the server. Both servers get the same core, so the ratio stays fair.
const canPin = os.cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0;
if (canPin) spawnSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
const pinned = (args) =>
  canPin ? ['taskset', ['-c', '1', process.execPath, ...args]] : [process.execPath, args];

const helloPort = freePort();
const hello = spawn(...pinned([path.join(here, 'hello-server.mjs'), String(helloPort)]), { stdio: 'ignore' });
await waitFor(`http://127.0.0.1:${helloPort}/`);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-bench-'));
await prepareServerData(dataDir);
const port = freePort();
const server = spawn(
  ...pinned([
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/chprof'] : []),
    path.join(root, 'packages/server/dist/bin.js'),
    'serve',
  ]),
  {
    env: {
      ...process.env,
      CH_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      CH_RATE_LIMIT_PER_MINUTE: '0',
      CH_WORKER: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const base = `http://127.0.0.1:${port}`;
await waitFor(`${base}/healthz`);
const token = await tokenFrom(base);

const targets = [
  { name: 'bare Fastify hello-world', url: `http://127.0.0.1:${helloPort}/` },
  {
    name: 'GET /api/v1/me (token, SQLite)',
    url: `${base}/api/v1/me`,
    headers: { authorization: `Bearer ${token}` },
  },
  { name: 'GET /healthz (same server, no auth/db)', url: `${base}/healthz` },
];
const results = new Map(targets.map((t) => [t.name, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const t of targets) {
    process.stderr.write(`round ${round}/${ROUNDS}: ${t.name} (${DURATION}s, ${CONNECTIONS} connections)\n`);
    results.get(t.name).push(summary(await run(t.url, t.headers)));
  }
}
hello.kill();
server.kill('SIGTERM');
fs.rmSync(dataDir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = targets.map((t) => {
  const rs = results.get(t.name);
  return {
    name: t.name,
    rps: median(rs.map((r) => r.rps)),
    all: rs.map((r) => r.rps),
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    non2xx: rs.reduce((a, r) => a + r.non2xx, 0),
    errors: rs.reduce((a, r) => a + r.errors, 0),
  };
});
console.log('');
console.log('| target | median req/s | rounds | p50 ms | p99 ms | non-2xx | errors |');
console.log('|---|---:|---|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.rps} | ${r.all.join(' / ')} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} |`,
  );
const [bare, me, health] = rows;
// Each round measures bare, /me and /healthz back to back, so a round's ratios share the
// machine's mood of the moment; the median of those paired ratios resists a noisy host better
// than the ratio of medians taken at different times.
const paired = (target) =>
  median(results.get(target.name).map((r, i) => r.rps / results.get(bare.name)[i].rps)) * 100;
console.log('');
console.log(
  `ratio: ${paired(me).toFixed(1)} % of bare (median of per-round ratios; target ≥ 50 %); /healthz on the same stack: ${paired(health).toFixed(1)} %`,
);
console.log(
  `per round: ${results
    .get(me.name)
    .map((r, i) => `${((r.rps / results.get(bare.name)[i].rps) * 100).toFixed(0)} %`)
    .join(' / ')}; ratio of medians: ${((me.rps / bare.rps) * 100).toFixed(1)} %`,
);
console.log(
  `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}; ${canPin ? 'servers pinned to core 1, load generator to core 0' : 'load generator and servers share the cores'}`,
);
if (me.non2xx > 0) {
  console.log('warning: the authenticated run had non-2xx answers; the figure is not valid');
  process.exitCode = 1;
}

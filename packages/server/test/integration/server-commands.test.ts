import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTs } from '../support/run-bin.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';

const LATEST = Object.keys(MIGRATIONS).at(-1) ?? '';

/** The server's admin commands, run as an operator would from a shell. */
describe('server admin commands', () => {
  let dataDir: string;
  const bin = (args: string[], env: Record<string, string> = {}) =>
    runTs('packages/server/src/bin.ts', args, { env: { CH_DATA_DIR: dataDir, DATABASE_URL: '', ...env } });

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-cmd-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrate up, status, down, up', async () => {
    const up = await bin(['migrate', 'up']);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('Up 2026-11-27-0001-foundation: Success');
    expect((await bin(['migrate', 'up'])).stdout).toContain('Already up to date.');
    const status = await bin(['migrate', 'status']);
    expect(status.stdout).toMatch(/^\d{4}-\d{2}-\d{2}T.*2026-11-27-0001-foundation$/m);
    const down = await bin(['migrate', 'down']);
    expect(down.stdout).toContain(`Down ${LATEST}: Success`);
    expect((await bin(['migrate', 'status'])).stdout).toMatch(new RegExp(`^pending\\s+${LATEST}$`, 'm'));
    expect((await bin(['migrate', 'up'])).code).toBe(0);
  });

  it('create-admin prints a generated password once; a second time refuses the same e-mail', async () => {
    const first = await bin(['create-admin', '--email', 'ops@example.test', '--roles', 'admin,coordinator']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Created ops@example.test \(admin, coordinator\) usr_/);
    expect(first.stdout).toMatch(/Password \(shown once\): \S{12,}/);
    const again = await bin(['create-admin', '--email', 'ops@example.test']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('demo-seed seeds once and is idempotent; audit verify passes', async () => {
    const seeded = await bin(['demo-seed']);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toContain('psirt@acme-medical.example.com');
    expect((await bin(['demo-seed'])).stdout).toContain('Demo data already present.');
    const verify = await bin(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^OK: \d+ events/);
  });

  it('signing-key rotate retires the active key and keeps it listed (and published) for old signatures', async () => {
    const before = await bin(['signing-key', 'list']);
    expect(before.code).toBe(0);
    const first = /^\* ([0-9A-F]{40,64})/m.exec(before.stdout)?.[1];
    expect(first).toBeDefined();
    const rotated = await bin(['signing-key', 'rotate']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain(`Retired ${first ?? ''}`);
    const after = await bin(['signing-key', 'list']);
    expect(after.stdout).toMatch(new RegExp(`^  ${first ?? ''} .* retired `, 'm'));
    expect(after.stdout.match(/^\* /gm)).toHaveLength(1);
    expect((await bin(['audit', 'verify'])).code).toBe(0);
  });

  it('refuses to start with bad configuration, listing every problem', async () => {
    const res = await bin(['migrate', 'status'], {
      PORT: 'http',
      DATABASE_URL: 'mysql://nope',
      CH_ADMIN_PASSWORD: 'short',
    });
    expect(res.code).toBe(78);
    for (const name of ['PORT', 'DATABASE_URL', 'CH_ADMIN_PASSWORD']) expect(res.stderr).toContain(name);
    expect(res.stderr).not.toMatch(/at .*\.ts/);
  });

  it('exits 2 on an unknown command', async () => {
    expect((await bin(['frobnicate'])).code).toBe(2);
  });
});

#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, processEnv, renderEnvExample, type Config } from './config.js';
import { migrateDown, migrateUp, migrationStatus, openDatabase } from './db/database.js';
import { seedDemo } from './demo/demo-seed.js';
import { createLogger } from './logger.js';
import { startMaintenance } from './jobs/maintenance.js';
import { createContainer, createHttpApp, readVersion, type Container } from './main.js';
import { system } from './policy/principal.js';
import { AppError } from './lib/errors.js';
import { recordAudit } from './modules/audit/record.js';
import { GlobalRole } from '@clearinghouse/shared';

/** Server admin commands: serve, migrate, worker, create-admin, audit verify, signing-key, demo-seed. */

const out = (line = '') => process.stdout.write(`${line}\n`);

function config(): Config {
  return loadConfig(processEnv());
}

function humanLogs(cfg: Config): boolean {
  return (
    cfg.logFormat === 'pretty' ||
    (cfg.logFormat === 'auto' && process.stdout.isTTY && cfg.env !== 'production')
  );
}

async function withContainer<T>(fn: (c: Container) => Promise<T>): Promise<T> {
  const cfg = config();
  const c = await createContainer(
    cfg,
    createLogger(cfg.logLevel === 'info' ? 'warn' : cfg.logLevel, process.stderr),
  );
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

function banner(lines: string[]): void {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  out('='.repeat(width));
  for (const l of lines) out(`  ${l}`);
  out('='.repeat(width));
}

async function serve(opts: { demo?: boolean }): Promise<void> {
  const cfg = config();
  const logger = createLogger(cfg.logLevel, undefined, humanLogs(cfg));
  const c = await createContainer(cfg, logger);
  const admin = await c.services.users.bootstrapAdmin(cfg.bootstrapAdmin.email, cfg.bootstrapAdmin.password);
  const demo = opts.demo ? await seedDemo(c, admin?.email) : undefined;
  const app = await createHttpApp(c);
  await app.listen({ host: cfg.host, port: cfg.port });
  let stopMaintenance: () => void = () => undefined;
  if (cfg.worker.enabled) {
    c.worker.start();
    stopMaintenance = startMaintenance(c.uow, c.clock, logger);
  }

  if (admin) {
    banner([
      'Clearinghouse is ready. Sign in as the bootstrap admin (shown only this once):',
      `  URL:      ${cfg.publicUrl}/sign-in`,
      `  E-mail:   ${admin.email}`,
      `  Password: ${admin.generated ? admin.password : '(the CH_ADMIN_PASSWORD you set)'}`,
      'You will be asked to set up two-factor authentication at first sign-in.',
      '',
      `API docs: ${cfg.publicUrl}/docs    Data: ${cfg.dataDir}`,
      ...(cfg.smtp.host === undefined
        ? [`E-mail (no SMTP_HOST set) is written to ${cfg.dataDir}/outbox/`]
        : []),
      ...(demo?.seeded && demo.password
        ? [
            '',
            `Demo users (password for all: ${demo.password}):`,
            ...demo.users.map((u) => `  ${u.email}  (${u.roles})`),
          ]
        : []),
    ]);
  } else {
    out(
      `Clearinghouse listening on ${cfg.publicUrl} (API docs: ${cfg.publicUrl}/docs; data: ${cfg.dataDir})`,
    );
    out('The admin login was printed at the first start. Lost it? Run');
    out('  node packages/server/dist/bin.js create-admin --email you@example.org');
    out(`or stop the server and delete ${cfg.dataDir} to start afresh.`);
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing requests and running jobs');
    stopMaintenance();
    void app
      .close()
      .then(() => c.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function runWorker(): Promise<void> {
  const cfg = config();
  const logger = createLogger(cfg.logLevel, undefined, humanLogs(cfg));
  const c = await createContainer(cfg, logger);
  c.worker.start();
  const stopMaintenance = startMaintenance(c.uow, c.clock, logger);
  logger.info({ workerId: c.worker.id }, 'worker started');
  const stop = () => {
    stopMaintenance();
    void c.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function buildProgram(): Command {
  const program = new Command('clearinghouse-server')
    .description(
      'Clearinghouse server and admin commands. Settings come from the environment (see .env.example).',
    )
    .version(readVersion())
    .exitOverride();

  program
    .command('serve')
    .description(
      'Apply migrations and serve the web app and API (with the job worker unless CH_WORKER=false)',
    )
    .option('--demo', 'seed the demo organizations and users on an empty database')
    .action(serve);

  const migrate = program.command('migrate').description('Database migrations');
  migrate
    .command('up')
    .description('Apply all pending migrations')
    .action(async () => {
      const cfg = config();
      const h = openDatabase(cfg.database);
      try {
        const done = await migrateUp(h);
        out(done.length ? done.join('\n') : 'Already up to date.');
      } finally {
        await h.close();
      }
    });
  migrate
    .command('down')
    .description('Revert the latest migration')
    .action(async () => {
      const h = openDatabase(config().database);
      try {
        const done = await migrateDown(h);
        out(done.length ? done.join('\n') : 'Nothing to revert.');
      } finally {
        await h.close();
      }
    });
  migrate
    .command('status')
    .description('List migrations and when each ran')
    .action(async () => {
      const h = openDatabase(config().database);
      try {
        for (const m of await migrationStatus(h))
          out(`${m.executedAt ? m.executedAt.toISOString() : 'pending                 '}  ${m.name}`);
      } finally {
        await h.close();
      }
    });

  program
    .command('worker')
    .description('Run only the job worker (scale out on PostgreSQL)')
    .action(runWorker);

  program
    .command('create-admin')
    .description(
      'Create a user with clearinghouse roles; the password is read from CH_NEW_PASSWORD or generated',
    )
    .requiredOption('--email <email>')
    .option('--name <name>', 'display name', 'Clearinghouse Admin')
    .option('--roles <roles>', 'comma-separated: admin,analyst,coordinator,evaluator', 'admin')
    .action(async (opts: { email: string; name: string; roles: string }) => {
      const roles = opts.roles.split(',').map((r) => GlobalRole.parse(r.trim()));
      await withContainer(async (c) => {
        const password = processEnv().CH_NEW_PASSWORD;
        const { user, password: pw } = await c.services.users.createUser(system('create-admin'), {
          email: opts.email,
          name: opts.name,
          password,
          globalRoles: roles,
        });
        out(`Created ${user.email} (${roles.join(', ')}) ${user.id}`);
        if (password === undefined) out(`Password (shown once): ${pw}`);
      });
    });

  program
    .command('audit')
    .description('Audit log tools')
    .command('verify')
    .description('Recompute the audit hash chain and report the first broken link')
    .option(
      '--expect <seq:hash>',
      'a chain head recorded earlier (as printed by this command) that must still be present',
    )
    .action(async (opts: { expect?: string }) => {
      const anchorMatch = opts.expect === undefined ? undefined : /^(\d+):([0-9a-f]{64})$/.exec(opts.expect);
      if (opts.expect !== undefined && !anchorMatch)
        throw new Error('--expect takes <seq>:<sha256 hex>, as printed by audit verify');
      const anchor = anchorMatch ? { seq: Number(anchorMatch[1]), hash: anchorMatch[2] ?? '' } : undefined;
      await withContainer(async (c) => {
        const verdict = await c.services.audit.verify((n) => {
          if (process.stderr.isTTY) process.stderr.write(`\rverified ${n} events`);
        }, anchor);
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (verdict.ok) {
          out(`OK: ${verdict.checked} events, chain head ${verdict.checked}:${verdict.head}`);
          out(
            'Record the head elsewhere; `audit verify --expect <head>` later proves no event after it was removed.',
          );
        } else {
          out(
            `BROKEN at event seq ${verdict.brokenAt} (${verdict.reason}); ${verdict.checked} events before it verified`,
          );
          process.exitCode = 1;
        }
      });
    });

  const signingKey = program.command('signing-key').description('The OpenPGP keys that sign CSAF documents');
  signingKey
    .command('list')
    .description('Every signing key, the active one first marked')
    .action(async () => {
      await withContainer((c) => {
        const active = c.keyring.activeKey().fingerprint;
        for (const k of c.keyring.publicKeys())
          out(
            `${k.fingerprint === active ? '* ' : '  '}${k.fingerprint}  created ${k.createdAt}${k.retiredAt ? `  retired ${k.retiredAt}` : ''}`,
          );
        return Promise.resolve();
      });
    });
  signingKey
    .command('rotate')
    .description(
      'Generate a new signing key and retire the active one (its public key stays published, so old signatures still verify)',
    )
    .action(async () => {
      await withContainer(async (c) => {
        const rotation = await c.keyring.rotate();
        await c.uow.transaction((r) =>
          recordAudit(
            r,
            system('signing-key rotate'),
            'signing_key.rotated',
            { data: { ...rotation } },
            c.clock.now(),
          ),
        );
        out(`Retired ${rotation.previous}; now signing with ${rotation.current}.`);
        out('Documents released from now on are signed with the new key; re-release to re-sign older ones.');
      });
    });

  program
    .command('demo-seed')
    .description('Seed the demo organizations and users (idempotent)')
    .action(async () => {
      await withContainer(async (c) => {
        const result = await seedDemo(c);
        if (!result.seeded) out('Demo data already present.');
        else {
          out(`Seeded demo organizations and users. Password for all: ${result.password ?? ''}`);
          for (const u of result.users) out(`  ${u.email}  (${u.roles})`);
        }
      });
    });

  program
    .command('config-example')
    .description('Print .env.example generated from the configuration schema')
    .action(() => {
      process.stdout.write(renderEnvExample());
    });

  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 78; // EX_CONFIG
      return;
    }
    const message =
      err instanceof AppError
        ? (err.publicMessage ?? err.message)
        : err instanceof Error
          ? err.message
          : String(err);
    process.stderr.write(`error: ${message}\n`);
    process.exitCode = 1;
  }
}

await main();

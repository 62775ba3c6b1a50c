import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMailCatcher, type MailCatcher } from './mail.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SERVER_BIN = path.join(ROOT, 'packages/server/dist/bin.js');
const WEB_INDEX = path.join(ROOT, 'packages/web/dist/index.html');

export const ADMIN_EMAIL = 'admin@e2e.test';

export interface TestServer {
  /** `http://127.0.0.1:<port>`, also the server's CH_PUBLIC_URL. */
  readonly url: string;
  readonly admin: { readonly email: string; readonly password: string };
  readonly mail: MailCatcher;
  /** What the server wrote to stdout and stderr so far (LOG_LEVEL=warn). */
  output(): string;
  /**
   * Runs a server admin command (`create-admin`, …) against this server's database, with its
   * settings and `env` added; resolves with its standard output, rejects if it fails.
   */
  cli(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<string>;
  stop(): Promise<void>;
}

/** A port that was free a moment ago: listen on 0, note the port, close. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The parent's environment without any setting of ours, so a developer's shell cannot leak in. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(CH_|SMTP_|DATABASE_|PORT$|HOST$|LOG_LEVEL$|NODE_ENV$)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** Runs the built server's command line to the end, within `ms`. */
function runCommand(args: readonly string[], env: NodeJS.ProcessEnv, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_BIN, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, ms);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(stdout);
        return;
      }
      const what = timedOut ? `did not finish within ${ms} ms` : `failed (code ${code}, signal ${signal})`;
      reject(new Error(`\`${args.join(' ')}\` ${what}:\n${stdout}${stderr}`.trimEnd()));
    });
  });
}

async function waitForHealthy(url: string, child: ChildProcess, output: () => string, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (exited(child)) {
      throw new Error(`The server exited (code ${child.exitCode}, signal ${child.signalCode}):\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline)
      throw new Error(`GET /healthz did not answer 200 within ${ms} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts the real, built server (`serve`, no demo data unless `demo`) on loopback with an empty
 * database in a temporary directory, a known bootstrap admin, and an in-process SMTP server for its
 * e-mail. With `demo`, the server seeds the demo community before it listens (`serve --demo`, which
 * takes a while) and prints the demo users' password in its output.
 */
export async function startServer(options: { demo?: boolean } = {}): Promise<TestServer> {
  for (const [file, what] of [
    [SERVER_BIN, 'the server'],
    [WEB_INDEX, 'the web app'],
  ] as const) {
    if (!fs.existsSync(file)) {
      throw new Error(`${path.relative(ROOT, file)} is missing: build ${what} first with \`npm run build\`.`);
    }
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearinghouse-e2e-data-'));
  let mail: MailCatcher | undefined;
  let child: ChildProcess | undefined;
  let log = '';
  const output = () => log;

  const stop = async () => {
    if (child && !exited(child)) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    await mail?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    mail = await startMailCatcher();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const admin = { email: ADMIN_EMAIL, password: `e2e-admin-${Date.now()}-passphrase` };
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      NODE_ENV: 'production',
      CH_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      CH_PUBLIC_URL: url,
      CH_ADMIN_EMAIL: admin.email,
      CH_ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: 'warn',
      CH_WORKER_POLL_MS: '50',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.port),
    };
    child = spawn(process.execPath, [SERVER_BIN, 'serve', ...(options.demo ? ['--demo'] : [])], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    // Should the test run itself die, the server must not outlive it.
    const spawned = child;
    const killOnExit = () => {
      if (!exited(spawned)) spawned.kill('SIGKILL');
    };
    process.once('exit', killOnExit);
    spawned.once('exit', () => process.off('exit', killOnExit));
    const collect = (chunk: Buffer) => {
      log += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);

    await waitForHealthy(url, child, output, options.demo ? 150_000 : 30_000);
    const cli = (args: readonly string[], extra: Readonly<Record<string, string>> = {}) =>
      runCommand(args, { ...env, ...extra }, 30_000);
    return { url, admin, mail, output, cli, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

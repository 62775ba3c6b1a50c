import path from 'node:path';
import { z } from 'zod';

/**
 * The one place the process environment is read. Every setting is declared here with its
 * default and a description; `.env.example` and the README table are generated from it.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const port = z.coerce.number().int().min(0).max(65535);

/** An outbound allow-list: comma-separated addresses, CIDRs, host names or `*.domain`. */
const allowList = z
  .string()
  .default('')
  .refine(
    (v) =>
      v
        .split(',')
        .every((a) => a.trim() === '' || /^[0-9a-fA-F.:/]+$|^(\*\.)?[a-zA-Z0-9.-]+$/.test(a.trim())),
    { error: 'a comma-separated list of addresses, CIDRs (10.0.0.0/8), host names or *.domain' },
  );

const listOf = (v: string): string[] =>
  v
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('Runtime mode.'),
  HOST: z.string().default('0.0.0.0').describe('Interface the HTTP server listens on.'),
  PORT: port.default(8080).describe('HTTP port for the web app and API.'),
  CH_PUBLIC_URL: optionalString
    .pipe(z.url({ protocol: /^https?$/ }).optional())
    .describe(
      'Public base URL used in e-mailed links and cookies (https:// makes cookies Secure). Default http://localhost:PORT.',
    ),
  CH_DATA_DIR: z.string().default('./data').describe('Directory for the SQLite database, blobs and keys.'),
  DATABASE_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), 'must be empty (SQLite) or a postgres:// URL')
    .describe('Empty: SQLite at CH_DATA_DIR/clearinghouse.db. postgres://user:pass@host/db: PostgreSQL.'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('PostgreSQL pool size.'),
  CH_ADMIN_EMAIL: optionalString
    .pipe(z.email().optional())
    .describe(
      'Bootstrap admin e-mail, used only when the database has no users. Default admin@clearinghouse.local.',
    ),
  CH_ADMIN_PASSWORD: optionalString
    .pipe(z.string().min(12, 'must be at least 12 characters').optional())
    .describe('Bootstrap admin password. Generated and printed once when absent.'),
  CH_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(12).describe('Session lifetime.'),
  CH_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1_048_576)
    .describe('Largest accepted JSON request body.'),
  CH_UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(52_428_800)
    .describe('Largest accepted upload (evidence, SBOMs) into the blob store.'),
  CH_REPORT_FIRST_RESPONSE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(72)
    .describe('Response-time target: hours from a report to the first answer from the clearinghouse.'),
  CH_REPORT_TRIAGE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(168)
    .describe(
      'Response-time target: hours from a report to its triage decision (valid, invalid, duplicate).',
    ),
  CH_PUBLISHER_NAME: z
    .string()
    .min(1)
    .default('Clearinghouse')
    .describe('Publisher name in CSAF documents and feeds.'),
  CH_PUBLISHER_NAMESPACE: optionalString
    .pipe(z.url({ protocol: /^https?$/ }).optional())
    .describe('Publisher namespace URL in CSAF documents. Default CH_PUBLIC_URL.'),
  CH_PUBLISHER_CONTACT: z
    .string()
    .default('security@clearinghouse.local')
    .describe('Contact in CSAF documents and security.txt (an e-mail address or URL).'),
  CH_ADVISORY_ID_PREFIX: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{1,15}$/, 'upper-case letters and digits, e.g. CHSA')
    .default('CHSA')
    .describe('Prefix of advisory tracking ids (CHSA-2026-0001).'),
  CH_OSV_ID_PREFIX: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{1,15}$/, 'upper-case letters and digits, e.g. CH')
    .default('CH')
    .describe('Prefix of OSV record ids (CH-2026-0042).'),
  CH_SIGNING_KEY_FILE: optionalString.describe(
    'Armored OpenPGP private key to sign CSAF documents with. When unset, a key is generated under CH_DATA_DIR/keys on first start.',
  ),
  CH_SIGNING_KEY_PASSPHRASE: optionalString.describe('Passphrase of the signing key.'),
  CH_CVE_ASSIGNER_ORG_ID: optionalString
    .pipe(z.uuid().optional())
    .describe('Our CNA organization UUID for CVE records. Default: a fixed placeholder UUID.'),
  CH_CVE_ASSIGNER_SHORT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{2,32}$/)
    .default('clearinghouse')
    .describe('Our CNA short name for CVE records.'),
  CH_CVE_SERVICES_URL: optionalString
    .pipe(z.url({ protocol: /^https?$/ }).optional())
    .describe(
      'CVE Services API base URL (e.g. https://cveawg.mitre.org/api). When unset, CVE records are exported only.',
    ),
  CH_CVE_API_USER: optionalString.describe('CVE Services user.'),
  CH_CVE_API_ORG: optionalString.describe('CVE Services organization short name.'),
  CH_CVE_API_KEY: optionalString.describe('CVE Services API key (secret).'),
  CH_OUTBOUND_ALLOW: allowList.describe(
    'Private or loopback addresses outbound requests to user-supplied URLs (imports, model endpoints) may reach; by default they are refused. Webhooks have their own list, CH_WEBHOOK_ALLOW.',
  ),
  CH_OUTBOUND_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(15_000)
    .describe('Time limit of one outbound request, connection and response together.'),
  CH_SECRETS_KEY: optionalString
    .refine(
      (v) =>
        v === undefined ||
        /^[0-9a-fA-F]{64}$/.test(v) ||
        (/^[A-Za-z0-9+/_-]{43}=?$/.test(v) && Buffer.from(v, 'base64').length === 32),
      { error: 'must be 32 bytes: 64 hex digits or base64' },
    )
    .describe(
      'Key (32 bytes, hex or base64) sealing secrets at rest, such as webhook signing secrets. When unset, generated on first start into CH_DATA_DIR/keys/secrets.key (back it up).',
    ),
  CH_DIGEST_HOUR_UTC: z.coerce
    .number()
    .int()
    .min(0)
    .max(23)
    .default(7)
    .describe('Hour (UTC) at which daily notification digests are sent.'),
  CH_WEBHOOK_ALLOW: allowList.describe(
    'Private or loopback addresses webhook endpoints may reach (also over plain http); by default only public addresses. Kept apart from CH_OUTBOUND_ALLOW because organization admins choose webhook URLs.',
  ),
  CH_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(1200)
    .describe('Requests per minute per client address (0 turns the limit off).'),
  CH_LOGIN_MAX_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('Failed sign-ins for one account within the window before it is locked.'),
  CH_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15).describe('Sign-in throttling window.'),
  CH_LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15).describe('Account lockout duration.'),
  CH_METRICS_TOKEN: optionalString.describe(
    'Bearer token required for /metrics. When unset, /metrics answers only loopback clients.',
  ),
  CH_TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => !/^(true|yes|1)$/i.test(v) || v === '1', {
      error:
        'trusting every hop lets clients forge their address: give the number of proxies (e.g. 1) or their addresses',
    })
    .refine(
      (v) =>
        /^(false|no|0|\d{1,2})$/i.test(v) ||
        v.split(',').every((a) => /^[0-9a-fA-F.:/]+$|^(loopback|linklocal|uniquelocal)$/.test(a.trim())),
      {
        error:
          'must be false, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs (or loopback)',
      },
    )
    .describe(
      'Reverse proxies whose X-Forwarded-For to trust: false, a hop count (1), or addresses/CIDRs (loopback, 10.0.0.0/8).',
    ),
  CH_WORKER: bool.default(true).describe('Run the job worker inside the serve process.'),
  CH_WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(4)
    .describe('Jobs run at once per worker.'),
  CH_WORKER_POLL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(1000)
    .describe('How often an idle worker looks for jobs.'),
  SMTP_HOST: optionalString.describe(
    'SMTP server. When unset, e-mail is written as .eml files under CH_DATA_DIR/outbox instead of sent.',
  ),
  SMTP_PORT: port.default(587).describe('SMTP port.'),
  SMTP_SECURE: bool
    .default(false)
    .describe('Use implicit TLS (port 465). STARTTLS is used when offered otherwise.'),
  SMTP_USER: optionalString.describe('SMTP user name.'),
  SMTP_PASSWORD: optionalString.describe('SMTP password.'),
  SMTP_FROM: z.string().default('Clearinghouse <no-reply@clearinghouse.local>').describe('From address.'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'])
    .default('auto')
    .describe(
      'json: one JSON object per line; pretty: readable lines; auto: pretty on a terminal outside production.',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level.'),
});

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config {
  env: RawConfig['NODE_ENV'];
  host: string;
  port: number;
  publicUrl: string;
  secureCookies: boolean;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize: number };
  bootstrapAdmin: { email: string; password: string | undefined };
  sessionTtlHours: number;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  rateLimitPerMinute: number;
  reportTargets: { firstResponseHours: number; triageHours: number };
  outbound: { allow: string[]; timeoutMs: number };
  /** Undefined: the key file under dataDir/keys (see lib/sealed-box.ts). */
  secretsKey: string | undefined;
  notifications: { digestHourUtc: number; webhookAllow: string[] };
  publication: {
    publisherName: string;
    publisherNamespace: string;
    contact: string;
    advisoryIdPrefix: string;
    osvIdPrefix: string;
    signingKeyFile: string | undefined;
    signingKeyPassphrase: string | undefined;
    cveAssigner: { orgId: string; shortName: string };
    cveServices: { url: string; user: string; org: string; key: string } | undefined;
  };
  login: { maxFailures: number; windowMinutes: number; lockoutMinutes: number };
  metricsToken: string | undefined;
  trustProxy: false | number | string;
  worker: { enabled: boolean; concurrency: number; pollMs: number };
  smtp:
    | {
        host: string;
        port: number;
        secure: boolean;
        user: string | undefined;
        password: string | undefined;
        from: string;
      }
    | { host: undefined; from: string };
  logLevel: RawConfig['LOG_LEVEL'];
  logFormat: RawConfig['LOG_FORMAT'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment once; every problem is reported together. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const raw = parsed.data;
  const dataDir = path.resolve(raw.CH_DATA_DIR);
  const publicUrl = (raw.CH_PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  return {
    env: raw.NODE_ENV,
    host: raw.HOST,
    port: raw.PORT,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    dataDir,
    database:
      raw.DATABASE_URL === ''
        ? { kind: 'sqlite', file: path.join(dataDir, 'clearinghouse.db') }
        : { kind: 'postgres', url: raw.DATABASE_URL, poolSize: raw.DATABASE_POOL_SIZE },
    bootstrapAdmin: {
      email: raw.CH_ADMIN_EMAIL ?? 'admin@clearinghouse.local',
      password: raw.CH_ADMIN_PASSWORD,
    },
    sessionTtlHours: raw.CH_SESSION_TTL_HOURS,
    bodyLimitBytes: raw.CH_BODY_LIMIT_BYTES,
    uploadLimitBytes: raw.CH_UPLOAD_LIMIT_BYTES,
    rateLimitPerMinute: raw.CH_RATE_LIMIT_PER_MINUTE,
    reportTargets: {
      firstResponseHours: raw.CH_REPORT_FIRST_RESPONSE_HOURS,
      triageHours: raw.CH_REPORT_TRIAGE_HOURS,
    },
    outbound: {
      allow: listOf(raw.CH_OUTBOUND_ALLOW),
      timeoutMs: raw.CH_OUTBOUND_TIMEOUT_MS,
    },
    secretsKey: raw.CH_SECRETS_KEY,
    notifications: {
      digestHourUtc: raw.CH_DIGEST_HOUR_UTC,
      webhookAllow: listOf(raw.CH_WEBHOOK_ALLOW),
    },
    publication: {
      publisherName: raw.CH_PUBLISHER_NAME,
      publisherNamespace: (raw.CH_PUBLISHER_NAMESPACE ?? publicUrl).replace(/\/+$/, ''),
      contact: raw.CH_PUBLISHER_CONTACT,
      advisoryIdPrefix: raw.CH_ADVISORY_ID_PREFIX,
      osvIdPrefix: raw.CH_OSV_ID_PREFIX,
      signingKeyFile: raw.CH_SIGNING_KEY_FILE,
      signingKeyPassphrase: raw.CH_SIGNING_KEY_PASSPHRASE,
      cveAssigner: {
        // A placeholder until the operator configures the CNA's real UUID.
        orgId: raw.CH_CVE_ASSIGNER_ORG_ID ?? '00000000-0000-4000-8000-000000000000',
        shortName: raw.CH_CVE_ASSIGNER_SHORT_NAME,
      },
      cveServices:
        raw.CH_CVE_SERVICES_URL && raw.CH_CVE_API_USER && raw.CH_CVE_API_ORG && raw.CH_CVE_API_KEY
          ? {
              url: raw.CH_CVE_SERVICES_URL.replace(/\/+$/, ''),
              user: raw.CH_CVE_API_USER,
              org: raw.CH_CVE_API_ORG,
              key: raw.CH_CVE_API_KEY,
            }
          : undefined,
    },
    login: {
      maxFailures: raw.CH_LOGIN_MAX_FAILURES,
      windowMinutes: raw.CH_LOGIN_WINDOW_MINUTES,
      lockoutMinutes: raw.CH_LOGIN_LOCKOUT_MINUTES,
    },
    metricsToken: raw.CH_METRICS_TOKEN,
    trustProxy: /^(false|no|0)$/i.test(raw.CH_TRUST_PROXY)
      ? false
      : /^\d+$/.test(raw.CH_TRUST_PROXY)
        ? Number(raw.CH_TRUST_PROXY)
        : raw.CH_TRUST_PROXY,
    worker: { enabled: raw.CH_WORKER, concurrency: raw.CH_WORKER_CONCURRENCY, pollMs: raw.CH_WORKER_POLL_MS },
    smtp: raw.SMTP_HOST
      ? {
          host: raw.SMTP_HOST,
          port: raw.SMTP_PORT,
          secure: raw.SMTP_SECURE,
          user: raw.SMTP_USER,
          password: raw.SMTP_PASSWORD,
          from: raw.SMTP_FROM,
        }
      : { host: undefined, from: raw.SMTP_FROM },
    logLevel: raw.LOG_LEVEL,
    logFormat: raw.LOG_FORMAT,
  };
}

/** `.env.example` and the README table come from the schema, so they never drift from it. */
export function describeConfig(): { name: string; default: string; description: string }[] {
  return Object.entries(ConfigSchema.shape).map(([name, schema]) => {
    const result = (schema as z.ZodType).safeParse(undefined);
    const def =
      result.success && result.data !== undefined ? JSON.stringify(result.data).replace(/^"|"$/g, '') : '';
    return { name, default: def, description: (schema as z.ZodType).description ?? '' };
  });
}

export function renderEnvExample(): string {
  const lines = [
    '# Clearinghouse configuration. Generated by `npm run env:example`; every value shown is the default.',
    '',
  ];
  for (const v of describeConfig()) {
    lines.push(`# ${v.description}`, `${v.name}=${v.default}`, '');
  }
  return lines.join('\n');
}

/** The process environment, for callers (the CLI entry) that must pass it on explicitly. */
export function processEnv(): Record<string, string | undefined> {
  return process.env;
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { migrateUp, openDatabase, ping, type DatabaseHandle, type DatabaseTarget } from './db/database.js';
import { UnitOfWork } from './db/unit-of-work.js';
import { buildApp } from './http/app.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { Worker } from './jobs/worker.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createMailer, sendMailJob, type Mailer } from './mail/mailer.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuthService } from './modules/identity/auth.service.js';
import { AccountService } from './modules/identity/account.service.js';
import { PasswordResetService } from './modules/identity/password-reset.service.js';
import { SecretGuard } from './modules/identity/secret-guard.js';
import { InvitationsService } from './modules/identity/invitations.service.js';
import { OrganizationsService } from './modules/identity/organizations.service.js';
import { TokensService } from './modules/identity/tokens.service.js';
import { UsersService } from './modules/identity/users.service.js';
import { JobsService } from './modules/system/jobs.service.js';
import { BlobStore } from './blobs/blob-store.js';
import { ReportsService } from './modules/reports/reports.service.js';
import { CasesService } from './modules/cases/cases.service.js';
import { AdvisoriesService } from './modules/advisories/advisories.service.js';
import { CsafProviderService } from './modules/advisories/provider.service.js';
import { OsvService } from './modules/advisories/osv.service.js';
import { ImportsService } from './modules/advisories/imports.service.js';
import { OutboundClient } from './lib/outbound.js';
import { CveServicesClient } from './modules/advisories/cve-services-client.js';
import { RELEASE_DUE, SUBMIT_CVE } from './modules/advisories/jobs.js';
import type { PublicationSettings } from './modules/advisories/renderings.js';
import { withHandler } from './jobs/job-definition.js';
import { SigningKeyring } from './signing/keyring.js';
import { openSecretsKey } from './lib/sealed-box.js';
import type { OutboundResolver } from './lib/outbound.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import {
  NotificationDeliveryService,
  WEBHOOK_RESPONSE_MAX_BYTES,
} from './modules/notifications/delivery.service.js';
import type { ExposureNoticeSource } from './modules/notifications/exposure-notices.js';
import { ExposuresService } from './modules/exposure/exposures.service.js';
import { InventoriesService } from './modules/exposure/inventories.service.js';
import { EXPIRE_ACCEPTANCES, INDEX_SOURCE } from './modules/exposure/jobs.js';
import { MatchingSources } from './modules/advisories/matching-source.js';
import { DELIVER_WEBHOOK, NOTIFY_EXPOSURES, SEND_DIGEST } from './modules/notifications/jobs.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(here, '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const DEFAULT_WEB_DIST = path.resolve(here, '..', '..', 'web', 'dist');

export interface Container {
  config: Config;
  logger: Logger;
  clock: Clock;
  database: DatabaseHandle;
  uow: UnitOfWork;
  mailer: Mailer;
  blobs: BlobStore;
  metrics: Metrics;
  worker: Worker;
  services: {
    auth: AuthService;
    account: AccountService;
    passwordReset: PasswordResetService;
    tokens: TokensService;
    organizations: OrganizationsService;
    invitations: InvitationsService;
    users: UsersService;
    audit: AuditService;
    jobs: JobsService;
    reports: ReportsService;
    cases: CasesService;
    advisories: AdvisoriesService;
    provider: CsafProviderService;
    osv: OsvService;
    imports: ImportsService;
    notifications: NotificationsService;
    exposures: ExposuresService;
    inventories: InventoriesService;
  };
  keyring: SigningKeyring;
  close(): Promise<void>;
}

export interface ContainerOverrides {
  clock?: Clock;
  mailer?: Mailer;
  database?: DatabaseTarget;
  /** Tests: answers DNS for outbound requests (webhooks, imports) instead of the system resolver. */
  outboundResolver?: OutboundResolver;
}

/** The composition root: config → database → repositories → services → worker. */
export async function createContainer(
  config: Config,
  logger: Logger,
  overrides: ContainerOverrides = {},
): Promise<Container> {
  const clock = overrides.clock ?? systemClock;
  const database = openDatabase(overrides.database ?? config.database);
  await migrateUp(database);
  const uow = new UnitOfWork(database);
  const mailer = overrides.mailer ?? createMailer(config, logger);
  const metrics = createMetrics(uow);
  const worker = new Worker(
    uow,
    clock,
    logger.child({ component: 'worker' }),
    { concurrency: config.worker.concurrency, pollMs: config.worker.pollMs },
    { onFinished: (job, outcome) => metrics.jobsFinished.labels(job.name, outcome).inc() },
  ).register(sendMailJob(mailer));

  const blobs = new BlobStore(config.dataDir);
  const keyring = await openKeyring(config, clock);
  const publication: PublicationSettings = {
    publicUrl: config.publicUrl,
    publisherName: config.publication.publisherName,
    publisherNamespace: config.publication.publisherNamespace,
    contact: config.publication.contact,
    advisoryIdPrefix: config.publication.advisoryIdPrefix,
    osvIdPrefix: config.publication.osvIdPrefix,
    cveAssigner: config.publication.cveAssigner,
    cveServicesEnabled: config.publication.cveServices !== undefined,
    generator: { name: 'Clearinghouse', version: readVersion() },
  };
  const guard = new SecretGuard(uow, config.login);
  const services = {
    auth: new AuthService(uow, clock, config, guard),
    account: new AccountService(uow, clock, guard),
    passwordReset: new PasswordResetService(uow, clock, config.publicUrl, () => worker.poke()),
    tokens: new TokensService(uow, clock),
    organizations: new OrganizationsService(uow, clock),
    invitations: new InvitationsService(uow, clock, config.publicUrl, () => worker.poke()),
    users: new UsersService(uow, clock),
    audit: new AuditService(uow),
    jobs: new JobsService(uow),
    reports: new ReportsService(
      uow,
      clock,
      blobs,
      {
        publicUrl: config.publicUrl,
        firstResponseHours: config.reportTargets.firstResponseHours,
        triageHours: config.reportTargets.triageHours,
        uploadLimitBytes: config.uploadLimitBytes,
      },
      () => worker.poke(),
    ),
    cases: new CasesService(uow, clock, config.publicUrl, blobs, config.uploadLimitBytes, () =>
      worker.poke(),
    ),
  };
  // Requests to URLs staff give (imports now; model endpoints later) go through this client.
  const outbound = new OutboundClient(
    {
      allow: config.outbound.allow,
      timeoutMs: config.outbound.timeoutMs,
      maxBytes: config.uploadLimitBytes,
      maxRedirects: 5,
      userAgent: `Clearinghouse/${readVersion()} (+${config.publicUrl})`,
    },
    overrides.outboundResolver,
  );
  const advisories = new AdvisoriesService(uow, clock, publication, keyring, services.cases, () =>
    worker.poke(),
  );
  const exposures = new ExposuresService(
    uow,
    clock,
    new MatchingSources(uow, { publisherName: config.publication.publisherName }),
    { publicUrl: config.publicUrl, publisherName: config.publication.publisherName },
    () => worker.poke(),
  );
  const exposureNotices: ExposureNoticeSource = exposures;
  const secrets = await openSecretsKey(config.secretsKey, config.dataDir);
  // Webhook URLs are chosen by organization admins, so they get their own allow-list (not the one
  // that lets staff import from internal hosts) and read at most a small reply; POSTs never redirect.
  const webhookOutbound = new OutboundClient(
    {
      allow: config.notifications.webhookAllow,
      timeoutMs: config.outbound.timeoutMs,
      maxBytes: WEBHOOK_RESPONSE_MAX_BYTES,
      maxRedirects: 0,
      userAgent: `Clearinghouse/${readVersion()} (+${config.publicUrl})`,
    },
    overrides.outboundResolver,
  );
  const notificationDelivery = new NotificationDeliveryService(
    uow,
    clock,
    exposureNotices,
    webhookOutbound,
    secrets,
    { publicUrl: config.publicUrl, digestHourUtc: config.notifications.digestHourUtc },
    () => worker.poke(),
  );
  const notifications = new NotificationsService(
    uow,
    clock,
    secrets,
    webhookOutbound,
    notificationDelivery,
    () => worker.poke(),
  );
  const allServices = {
    ...services,
    advisories,
    notifications,
    exposures,
    inventories: new InventoriesService(uow, clock, config.uploadLimitBytes, () => worker.poke()),
    provider: new CsafProviderService(uow, clock, publication, keyring),
    osv: new OsvService(uow),
    imports: new ImportsService(
      uow,
      clock,
      outbound,
      config.uploadLimitBytes,
      config.publication.osvIdPrefix,
    ),
  };
  worker.register(withHandler(RELEASE_DUE, (payload) => advisories.releaseDue(payload)));
  worker.register(
    withHandler(INDEX_SOURCE, async (payload) => {
      await exposures.indexSource(payload.kind, payload.id);
    }),
    withHandler(EXPIRE_ACCEPTANCES, async () => {
      await exposures.expireAcceptances();
    }),
  );
  worker.register(
    withHandler(NOTIFY_EXPOSURES, (payload, ctx) => notificationDelivery.notifyExposures(payload, ctx.jobId)),
    withHandler(DELIVER_WEBHOOK, async (payload) => {
      await notificationDelivery.attempt(payload.deliveryId);
    }),
    withHandler(SEND_DIGEST, (payload, ctx) => notificationDelivery.sendDigest(payload, ctx.jobId)),
  );
  const cve = config.publication.cveServices;
  if (cve) {
    const client = new CveServicesClient({
      baseUrl: cve.url,
      apiUser: cve.user,
      apiOrg: cve.org,
      apiKey: cve.key,
    });
    worker.register(withHandler(SUBMIT_CVE, (payload) => advisories.submitCve(payload.cveId, client)));
  }

  return {
    config,
    logger,
    clock,
    database,
    uow,
    mailer,
    blobs,
    metrics,
    worker,
    services: allServices,
    keyring,
    close: async () => {
      await worker.stop();
      await database.close();
    },
  };
}

/** The CSAF signing keys under the data directory; a configured key file becomes the active key. */
async function openKeyring(config: Config, clock: Clock): Promise<SigningKeyring> {
  const file = config.publication.signingKeyFile;
  const contact = config.publication.contact;
  return SigningKeyring.open(path.join(config.dataDir, 'keys'), {
    userId: {
      name: `${config.publication.publisherName} CSAF signing key`,
      email: /^[^\s@:]+@[^\s@]+$/.test(contact) ? contact : 'csaf@clearinghouse.local',
    },
    ...(file !== undefined && { importArmoredPrivateKey: fs.readFileSync(file, 'utf8') }),
    ...(config.publication.signingKeyPassphrase !== undefined && {
      passphrase: config.publication.signingKeyPassphrase,
    }),
    clock: () => clock.now(),
  });
}

/** `webDist: null` serves the API alone (tests); by default the built web app is served too. */
export async function createHttpApp(
  c: Container,
  webDist: string | null = DEFAULT_WEB_DIST,
): Promise<FastifyInstance> {
  return buildApp({
    config: c.config,
    logger: c.logger,
    version: readVersion(),
    services: c.services,
    ping: () => ping(c.database.db),
    metrics: c.metrics,
    webDist: webDist ?? undefined,
  });
}

import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { DatabaseHandle, Dialect } from './database.js';
import { UsersRepository } from '../modules/identity/users.repository.js';
import { OrganizationsRepository } from '../modules/identity/organizations.repository.js';
import { SessionsRepository } from '../modules/identity/sessions.repository.js';
import { TokensRepository } from '../modules/identity/tokens.repository.js';
import { InvitationsRepository } from '../modules/identity/invitations.repository.js';
import { AuditRepository } from '../modules/audit/audit.repository.js';
import { JobsRepository } from '../jobs/jobs.repository.js';
import { BlobsRepository } from '../blobs/blobs.repository.js';
import { ReportsRepository } from '../modules/reports/reports.repository.js';
import { CasesRepository } from '../modules/cases/cases.repository.js';
import { AdvisoriesRepository } from '../modules/advisories/advisories.repository.js';
import { ExposureRepository } from '../modules/exposure/exposure.repository.js';
import { NotificationsRepository } from '../modules/notifications/notifications.repository.js';

/** Every repository, bound to one connection or transaction. */
export interface Repositories {
  users: UsersRepository;
  organizations: OrganizationsRepository;
  sessions: SessionsRepository;
  tokens: TokensRepository;
  invitations: InvitationsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  blobs: BlobsRepository;
  reports: ReportsRepository;
  cases: CasesRepository;
  advisories: AdvisoriesRepository;
  notifications: NotificationsRepository;
  exposure: ExposureRepository;
}

function bind(db: Kysely<Database>, dialect: Dialect): Repositories {
  return {
    users: new UsersRepository(db),
    organizations: new OrganizationsRepository(db, dialect),
    sessions: new SessionsRepository(db),
    tokens: new TokensRepository(db),
    invitations: new InvitationsRepository(db),
    audit: new AuditRepository(db, dialect),
    jobs: new JobsRepository(db, dialect),
    blobs: new BlobsRepository(db),
    reports: new ReportsRepository(db, dialect),
    cases: new CasesRepository(db, dialect),
    advisories: new AdvisoriesRepository(db, dialect),
    exposure: new ExposureRepository(db, dialect),
    notifications: new NotificationsRepository(db, dialect),
  };
}

/**
 * How services reach the database without knowing Kysely: `read` for plain reads,
 * `transaction` for a command — its audit event and enqueued jobs commit with it or not at all.
 */
export class UnitOfWork {
  readonly read: Repositories;
  readonly dialect: Dialect;

  constructor(private readonly handle: DatabaseHandle) {
    this.dialect = handle.dialect;
    this.read = bind(handle.db, handle.dialect);
  }

  /** How many transactions this process has committed: lets caches know when to look again. */
  get commits(): number {
    return this.committed;
  }
  private committed = 0;

  async transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    const result = await this.handle.db.transaction().execute((trx) => fn(bind(trx, this.handle.dialect)));
    this.committed += 1;
    return result;
  }
}

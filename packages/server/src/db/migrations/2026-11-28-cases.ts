import { PostgresAdapter, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
// Booleans are integers 0/1 on both dialects, as in the foundation.

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;
const json = (db: AnyDb) => (isPostgres(db) ? 'jsonb' : 'text');

/**
 * Coordination: cases opened from validated reports, their vulnerabilities and products, the
 * participants, vendor statements per vulnerability × product, embargo proposals, threads with
 * post revisions, the product lists vendors keep (for suggestions) and in-app notifications.
 */
export const cases: Migration = {
  async up(db: AnyDb) {
    const j = json(db);
    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('tlp', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('case_reports')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_reports_pk', ['case_id', 'report_id'])
      .execute();

    await db.schema
      .createTable('case_vulnerabilities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('ordinal', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('cve_id', 'text', (c) => c.unique())
      .addColumn('cvss31', j)
      .addColumn('cvss40', j)
      .addColumn('ssvc', j)
      .addColumn('cwe', j)
      .addColumn('report_id', 'text', (c) => c.references('reports.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('case_vulnerabilities_case_idx')
      .on('case_vulnerabilities')
      .columns(['case_id'])
      .execute();

    await db.schema
      .createTable('case_products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('product', 'text', (c) => c.notNull())
      .addColumn('versions', 'text', (c) => c.notNull())
      .addColumn('purl', 'text')
      .addColumn('cpe', 'text')
      .execute();
    await db.schema.createIndex('case_products_case_idx').on('case_products').columns(['case_id']).execute();

    await db.schema
      .createTable('case_participants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('proposed_by_org_id', 'text', (c) => c.references('organizations.id'))
      .addColumn('added_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('case_participants_case_idx')
      .on('case_participants')
      .columns(['case_id'])
      .execute();
    await db.schema
      .createIndex('case_participants_org_idx')
      .on('case_participants')
      .columns(['organization_id'])
      .execute();
    await db.schema
      .createIndex('case_participants_user_idx')
      .on('case_participants')
      .columns(['user_id'])
      .execute();

    await db.schema
      .createTable('vendor_statements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('vulnerability_id', 'text', (c) =>
        c.notNull().references('case_vulnerabilities.id').onDelete('cascade'),
      )
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('product', 'text', (c) => c.notNull())
      .addColumn('product_key', 'text', (c) => c.notNull())
      .addColumn('purl', 'text')
      .addColumn('cpe', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('justification', 'text')
      .addColumn('statement', 'text', (c) => c.notNull())
      .addColumn('affected_versions', 'text', (c) => c.notNull())
      .addColumn('fixed_versions', j, (c) => c.notNull())
      .addColumn('patches', j, (c) => c.notNull())
      .addColumn('shared', 'integer', (c) => c.notNull())
      .addColumn('approved_at', 'text')
      .addColumn('approved_by', 'text', (c) => c.references('users.id'))
      .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('vendor_statements_unique', ['vulnerability_id', 'organization_id', 'product_key'])
      .execute();
    await db.schema
      .createIndex('vendor_statements_case_idx')
      .on('vendor_statements')
      .columns(['case_id'])
      .execute();

    await db.schema
      .createTable('embargoes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('proposed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('proposed_by_org_id', 'text', (c) => c.references('organizations.id'))
      .addColumn('responses', j, (c) => c.notNull())
      .addColumn('decided_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('embargoes_case_idx')
      .on('embargoes')
      .columns(['case_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('case_threads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('participant_id', 'text', (c) => c.references('case_participants.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_threads_case_idx').on('case_threads').columns(['case_id']).execute();

    await db.schema
      .createTable('case_posts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('thread_id', 'text', (c) => c.notNull().references('case_threads.id').onDelete('cascade'))
      .addColumn('author_user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('case_posts_thread_idx')
      .on('case_posts')
      .columns(['thread_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('case_post_revisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('post_id', 'text', (c) => c.notNull().references('case_posts.id').onDelete('cascade'))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('vendor_products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('purl', 'text')
      .addColumn('cpe', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('vendor_products_org_idx')
      .on('vendor_products')
      .columns(['organization_id'])
      .execute();
    await db.schema.createIndex('vendor_products_purl_idx').on('vendor_products').columns(['purl']).execute();
    await db.schema.createIndex('vendor_products_cpe_idx').on('vendor_products').columns(['cpe']).execute();

    await db.schema
      .createTable('notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('link', 'text', (c) => c.notNull())
      .addColumn('read_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('notifications_user_idx')
      .on('notifications')
      .columns(['user_id', 'created_at'])
      .execute();
  },
  async down(db: AnyDb) {
    for (const t of [
      'notifications',
      'vendor_products',
      'case_post_revisions',
      'case_posts',
      'case_threads',
      'embargoes',
      'vendor_statements',
      'case_participants',
      'case_products',
      'case_vulnerabilities',
      'case_reports',
      'cases',
    ])
      await db.schema.dropTable(t).execute();
  },
};

import { PostgresAdapter, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
// Booleans are integers 0/1 on both dialects, as in the foundation.

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;
const json = (db: AnyDb) => (isPostgres(db) ? 'jsonb' : 'text');

/**
 * Vulnerability reports (discovery and triage): the report, its affected products, the
 * conversation with the reporter, validation records (history kept: the newest is current),
 * attachments, and per-year counters for human references.
 */
export const reports: Migration = {
  async up(db: AnyDb) {
    const j = json(db);
    await db.schema
      .createTable('counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason', 'text')
      .addColumn('duplicate_of', 'text', (c) => c.references('reports.id'))
      .addColumn('tlp', 'text', (c) => c.notNull())
      .addColumn('requested_tlp', 'text', (c) => c.notNull())
      .addColumn('named_user_ids', j, (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('reporter_user_id', 'text', (c) => c.references('users.id'))
      .addColumn('reporter_org_id', 'text', (c) => c.references('organizations.id'))
      .addColumn('contact_name', 'text')
      .addColumn('contact_email', 'text')
      .addColumn('followup_secret_hash', 'text', (c) => c.unique())
      .addColumn('discovery_method', 'text', (c) => c.notNull())
      .addColumn('ai_provenance', j)
      .addColumn('tool_provenance', j)
      .addColumn('suspected_cwe', 'text')
      .addColumn('suggested_cvss', 'text')
      .addColumn('vendor_contacted', 'integer', (c) => c.notNull())
      .addColumn('publicly_known', 'integer', (c) => c.notNull())
      .addColumn('exploited_in_wild', 'integer', (c) => c.notNull())
      .addColumn('sectors', j, (c) => c.notNull())
      .addColumn('credit', j, (c) => c.notNull())
      .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
      .addColumn('case_id', 'text')
      .addColumn('first_response_at', 'text')
      .addColumn('triaged_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('reports_status_idx')
      .on('reports')
      .columns(['status', 'created_at'])
      .execute();
    await db.schema.createIndex('reports_reporter_idx').on('reports').columns(['reporter_user_id']).execute();
    await db.schema
      .createIndex('reports_reporter_org_idx')
      .on('reports')
      .columns(['reporter_org_id'])
      .execute();
    await db.schema.createIndex('reports_case_idx').on('reports').columns(['case_id']).execute();

    await db.schema
      .createTable('report_products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('product', 'text', (c) => c.notNull())
      .addColumn('versions', 'text', (c) => c.notNull())
      .addColumn('purl', 'text')
      .addColumn('cpe', 'text')
      .execute();
    await db.schema
      .createIndex('report_products_report_idx')
      .on('report_products')
      .columns(['report_id'])
      .execute();

    await db.schema
      .createTable('report_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('author_user_id', 'text', (c) => c.references('users.id'))
      .addColumn('author_kind', 'text', (c) => c.notNull())
      .addColumn('internal', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('report_messages_report_idx')
      .on('report_messages')
      .columns(['report_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('report_validations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('cvss31', j)
      .addColumn('cvss40', j)
      .addColumn('ssvc', j)
      .addColumn('cwe', j)
      .addColumn('reproduction_notes', 'text', (c) => c.notNull())
      .addColumn('reproduced', 'integer', (c) => c.notNull())
      .addColumn('evidence_attachment_ids', j, (c) => c.notNull())
      .addColumn('validated_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('report_validations_report_idx')
      .on('report_validations')
      .columns(['report_id', 'created_at'])
      .execute();

    // Files attached to something (a report now; case posts later), by owner.
    await db.schema
      .createTable('attachments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_type', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('uploaded_by_user_id', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('attachments_owner_idx')
      .on('attachments')
      .columns(['owner_type', 'owner_id'])
      .execute();
  },
  async down(db: AnyDb) {
    for (const t of [
      'attachments',
      'report_validations',
      'report_messages',
      'report_products',
      'reports',
      'counters',
    ])
      await db.schema.dropTable(t).execute();
  },
};

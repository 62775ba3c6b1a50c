import { PostgresAdapter, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;
const json = (db: AnyDb) => (isPostgres(db) ? 'jsonb' : 'text');

/**
 * Notifications: subscriptions (organization-wide or personal), webhook endpoints with their sealed
 * signing secrets, the delivery log with every attempt, and the entries waiting for a daily digest.
 * The in-app inbox is the `notifications` table of the cases migration.
 */
export const notifications: Migration = {
  async up(db: AnyDb) {
    const j = json(db);
    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('disabled_reason', 'text')
      .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
      .addColumn('failing_since', 'text')
      .addColumn('last_delivery_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('webhook_endpoints_org_idx')
      .on('webhook_endpoints')
      .columns(['organization_id'])
      .execute();

    await db.schema
      .createTable('notification_subscriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('webhook_id', 'text', (c) => c.references('webhook_endpoints.id').onDelete('cascade'))
      .addColumn('filters', j, (c) => c.notNull())
      .addColumn('cadence', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('notification_subscriptions_org_idx')
      .on('notification_subscriptions')
      .columns(['organization_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('endpoint_id', 'text', (c) =>
        c.notNull().references('webhook_endpoints.id').onDelete('cascade'),
      )
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('exposure_ids', j, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('response_status', 'integer')
      .addColumn('response_body_excerpt', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text')
      .addColumn('first_attempt_at', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_endpoint_idx')
      .on('webhook_deliveries')
      .columns(['endpoint_id', 'created_at', 'id'])
      .execute();

    await db.schema
      .createTable('webhook_delivery_attempts')
      .addColumn('delivery_id', 'text', (c) =>
        c.notNull().references('webhook_deliveries.id').onDelete('cascade'),
      )
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('response_status', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_delivery_attempts_pk', ['delivery_id', 'number'])
      .execute();

    await db.schema
      .createTable('notification_digest_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subscription_id', 'text', (c) =>
        c.notNull().references('notification_subscriptions.id').onDelete('cascade'),
      )
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('exposure_id', 'text', (c) => c.notNull())
      .addColumn('digest_day', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // One entry per exposure per digest: an exposure announced twice in a day is listed once.
    await db.schema
      .createIndex('notification_digest_entries_unique_idx')
      .on('notification_digest_entries')
      .columns(['subscription_id', 'digest_day', 'exposure_id'])
      .unique()
      .execute();
  },

  async down(db: AnyDb) {
    for (const t of [
      'notification_digest_entries',
      'webhook_delivery_attempts',
      'webhook_deliveries',
      'notification_subscriptions',
      'webhook_endpoints',
    ])
      await db.schema.dropTable(t).execute();
  },
};

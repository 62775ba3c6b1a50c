import { PostgresAdapter, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;
const json = (db: AnyDb) => (isPostgres(db) ? 'jsonb' : 'text');

/**
 * Operator exposure. Inventories hold components, each looked up under its match keys
 * (`component_keys`); every released or imported advisory is reduced to affect rules under the same
 * keys (`vuln_rules`), so either side finds the other through an index, never a scan. An exposure is
 * organization × component × vulnerability, with its status history and the org's suppressions.
 */
export const exposure: Migration = {
  async up(db: AnyDb) {
    const j = json(db);
    await db.schema
      .createTable('inventories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('last_upload_id', 'text')
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('inventories_org_idx').on('inventories').columns(['org_id']).execute();

    await db.schema
      .createTable('inventory_uploads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('inventory_id', 'text', (c) => c.notNull().references('inventories.id').onDelete('cascade'))
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('report', j, (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('inventory_uploads_inventory_idx')
      .on('inventory_uploads')
      .columns(['inventory_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('components')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('inventory_id', 'text', (c) => c.notNull().references('inventories.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('identity_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('vendor', 'text')
      .addColumn('version', 'text')
      .addColumn('purl', 'text')
      .addColumn('cpe', 'text')
      .addColumn('model_number', 'text')
      .addColumn('hashes', j, (c) => c.notNull())
      .addColumn('site', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('removed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('components_inventory_idx')
      .on('components')
      .columns(['inventory_id', 'identity_key'])
      .execute();

    await db.schema
      .createTable('component_keys')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('component_id', 'text', (c) => c.notNull().references('components.id').onDelete('cascade'))
      .execute();
    await db.schema.createIndex('component_keys_key_idx').on('component_keys').columns(['key']).execute();
    await db.schema
      .createIndex('component_keys_component_idx')
      .on('component_keys')
      .columns(['component_id'])
      .execute();

    await db.schema
      .createTable('vuln_sources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ref_id', 'text', (c) => c.notNull())
      .addColumn('tracking_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('publisher', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('tlp', 'text', (c) => c.notNull())
      // Organizations that may read it when the label is AMBER or AMBER+STRICT; null = everyone in scope.
      .addColumn('audience', j)
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('vuln_rules')
      .addColumn('source_id', 'text', (c) => c.notNull().references('vuln_sources.id').onDelete('cascade'))
      .addColumn('vuln_key', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('rule', j, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('vuln_rules_key_idx').on('vuln_rules').columns(['key']).execute();
    await db.schema.createIndex('vuln_rules_source_idx').on('vuln_rules').columns(['source_id']).execute();

    // What each source says of each vulnerability, kept per source: a reader merges only the sources it
    // may read, so facts of an AMBER advisory never reach a CLEAR reader through a shared CVE id.
    await db.schema
      .createTable('source_vulnerabilities')
      .addColumn('source_id', 'text', (c) => c.notNull().references('vuln_sources.id').onDelete('cascade'))
      .addColumn('vuln_key', 'text', (c) => c.notNull())
      .addColumn('summary', j, (c) => c.notNull())
      .addPrimaryKeyConstraint('source_vulnerabilities_pk', ['source_id', 'vuln_key'])
      .execute();
    await db.schema
      .createIndex('source_vulnerabilities_vuln_idx')
      .on('source_vulnerabilities')
      .columns(['vuln_key'])
      .execute();

    await db.schema
      .createTable('exposures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('inventory_id', 'text', (c) => c.notNull().references('inventories.id').onDelete('cascade'))
      .addColumn('component_id', 'text', (c) => c.notNull().references('components.id').onDelete('cascade'))
      .addColumn('vuln_key', 'text', (c) => c.notNull())
      .addColumn('confidence', 'text', (c) => c.notNull())
      .addColumn('triage', 'text', (c) => c.notNull())
      .addColumn('alerting', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('justification', 'text')
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('risk_accepted_until', 'text')
      // The suppression that dismissed it: lifted with that suppression (by hand or at its expiry).
      .addColumn('suppression_id', 'text')
      .addColumn('product_label', 'text', (c) => c.notNull())
      .addColumn('fixed_version', 'text')
      .addColumn('source_ids', j, (c) => c.notNull())
      // 0 when no source covers it any more (advisory revised or withdrawn, component changed or removed).
      .addColumn('matched', 'integer', (c) => c.notNull())
      .addColumn('priority_tier', 'text', (c) => c.notNull())
      .addColumn('priority_score', 'real', (c) => c.notNull())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('acknowledged_at', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('exposures_component_vuln_idx')
      .on('exposures')
      .columns(['component_id', 'vuln_key'])
      .unique()
      .execute();
    await db.schema
      .createIndex('exposures_org_rank_idx')
      .on('exposures')
      .columns(['org_id', 'status', 'priority_score'])
      .execute();
    await db.schema.createIndex('exposures_vuln_idx').on('exposures').columns(['vuln_key']).execute();

    await db.schema
      .createTable('exposure_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('exposure_id', 'text', (c) => c.notNull().references('exposures.id').onDelete('cascade'))
      .addColumn('actor_id', 'text', (c) => c.references('users.id'))
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('exposure_events_exposure_idx')
      .on('exposure_events')
      .columns(['exposure_id', 'at'])
      .execute();

    await db.schema
      .createTable('suppressions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('identity_key', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('vuln_key', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('suppressions_org_idx')
      .on('suppressions')
      .columns(['org_id', 'identity_key'])
      .execute();
  },

  async down(db: AnyDb) {
    for (const t of [
      'suppressions',
      'exposure_events',
      'exposures',
      'source_vulnerabilities',
      'vuln_rules',
      'vuln_sources',
      'component_keys',
      'components',
      'inventory_uploads',
      'inventories',
    ])
      await db.schema.dropTable(t).execute();
  },
};

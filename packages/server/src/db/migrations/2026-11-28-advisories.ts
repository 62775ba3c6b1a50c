import { PostgresAdapter, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;
const json = (db: AnyDb) => (isPostgres(db) ? 'jsonb' : 'text');

/**
 * Publication: advisories drafted from cases with their revisions; what a release puts out —
 * the CSAF documents of the provider directory (with hashes and signature), OSV records with
 * their package index, CVE records; and documents imported from other providers.
 * Nothing reaches these distribution tables before a release, so no channel can leak a draft.
 */
export const advisories: Migration = {
  async up(db: AnyDb) {
    const j = json(db);
    await db.schema
      .createTable('advisories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('case_id', 'text', (c) => c.references('cases.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('tlp', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('cves', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('published_revision', 'integer')
      // What the released revision says: readers who are not editors see and search only these.
      .addColumn('published_tlp', 'text')
      .addColumn('published_title', 'text')
      .addColumn('published_cves', 'text')
      .addColumn('release_at', 'text')
      .addColumn('released_at', 'text')
      .addColumn('approved_by', 'text', (c) => c.references('users.id'))
      .addColumn('approved_at', 'text')
      .addColumn('early_release', j)
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('advisories_case_idx').on('advisories').columns(['case_id']).execute();

    await db.schema
      .createTable('advisory_revisions')
      .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id').onDelete('cascade'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('content', j, (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('released_at', 'text')
      .addColumn('sha256', 'text')
      .addPrimaryKeyConstraint('advisory_revisions_pk', ['advisory_id', 'number'])
      .execute();

    // The CSAF provider directory: one row per released revision; `current` marks the one served.
    await db.schema
      .createTable('csaf_documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id'))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('current', 'integer', (c) => c.notNull())
      .addColumn('tracking_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('tlp', 'text', (c) => c.notNull())
      .addColumn('folder', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('sha512', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('key_fingerprint', 'text', (c) => c.notNull())
      .addColumn('audience', j, (c) => c.notNull())
      .addColumn('initial_release_date', 'text', (c) => c.notNull())
      .addColumn('current_release_date', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('csaf_documents_path_idx')
      .on('csaf_documents')
      .columns(['path', 'current'])
      .execute();
    await db.schema
      .createIndex('csaf_documents_folder_idx')
      .on('csaf_documents')
      .columns(['folder', 'current', 'current_release_date'])
      .execute();

    await db.schema
      .createTable('osv_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('advisory_id', 'text', (c) => c.references('advisories.id'))
      .addColumn('vulnerability_key', 'text')
      .addColumn('body', 'text')
      .addColumn('published', 'text')
      .addColumn('modified', 'text', (c) => c.notNull())
      .addColumn('source_url', 'text')
      .addColumn('imported_at', 'text')
      .execute();
    await db.schema
      .createIndex('osv_records_vuln_idx')
      .on('osv_records')
      .columns(['advisory_id', 'vulnerability_key'])
      .unique()
      .execute();
    await db.schema
      .createTable('osv_packages')
      .addColumn('osv_id', 'text', (c) => c.notNull().references('osv_records.id').onDelete('cascade'))
      .addColumn('ecosystem', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('purl', 'text')
      .execute();
    await db.schema.createIndex('osv_packages_name_idx').on('osv_packages').columns(['name']).execute();
    await db.schema.createIndex('osv_packages_purl_idx').on('osv_packages').columns(['purl']).execute();
    await db.schema.createIndex('osv_packages_osv_idx').on('osv_packages').columns(['osv_id']).execute();

    await db.schema
      .createTable('cve_records')
      .addColumn('cve_id', 'text', (c) => c.primaryKey())
      .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('exploited', 'integer', (c) => c.notNull())
      .addColumn('kev', j)
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text')
      .addColumn('submit_error', 'text')
      .execute();

    await db.schema
      .createTable('imported_documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('tracking_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('publisher', 'text', (c) => c.notNull())
      .addColumn('tlp', 'text', (c) => c.notNull())
      .addColumn('cves', 'text', (c) => c.notNull())
      .addColumn('source_url', 'text')
      // Where it came from (a URL's origin, or `upload`): a document claiming another publisher's
      // name cannot replace what was fetched from that publisher.
      .addColumn('source_origin', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('integrity', j, (c) => c.notNull())
      .addColumn('valid', 'integer', (c) => c.notNull())
      .addColumn('problems', j, (c) => c.notNull())
      .addColumn('summary', j, (c) => c.notNull())
      .addColumn('current_release_date', 'text')
      .addColumn('imported_by', 'text', (c) => c.references('users.id'))
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('imported_documents_tracking_idx')
      .on('imported_documents')
      .columns(['format', 'source_origin', 'publisher', 'tracking_id'])
      .unique()
      .execute();
  },

  async down(db: AnyDb) {
    for (const t of [
      'imported_documents',
      'cve_records',
      'osv_packages',
      'osv_records',
      'csaf_documents',
      'advisory_revisions',
      'advisories',
    ])
      await db.schema.dropTable(t).execute();
  },
};

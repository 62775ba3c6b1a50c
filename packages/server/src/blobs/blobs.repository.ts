import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface BlobRecord {
  sha256: string;
  size: number;
  contentType: string;
  createdAt: string;
}

export class BlobsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(b: BlobRecord): Promise<void> {
    await this.db
      .insertInto('blobs')
      .values({ sha256: b.sha256, size: b.size, content_type: b.contentType, created_at: b.createdAt })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async find(sha256: string): Promise<BlobRecord | undefined> {
    const r = await this.db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    return r
      ? { sha256: r.sha256, size: r.size, contentType: r.content_type, createdAt: r.created_at }
      : undefined;
  }
}

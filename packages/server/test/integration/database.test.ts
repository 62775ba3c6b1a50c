import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  migrateDownAll,
  migrateUp,
  migrationStatus,
  openDatabase,
  type DatabaseHandle,
} from '../../src/db/database.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/harness.js';

describe.each(DIALECTS)('database on %s', (dialect) => {
  let db: TestDatabase | undefined;
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    await db?.drop();
  });

  it('migrates up → down → up', async () => {
    db = await freshDatabase(dialect);
    handle = openDatabase(db.target);
    const names = Object.keys(MIGRATIONS);
    expect((await migrateUp(handle)).length).toBe(names.length);
    expect((await migrationStatus(handle)).every((m) => m.executedAt !== undefined)).toBe(true);
    await handle.db.selectFrom('users').select('id').execute();

    expect((await migrateDownAll(handle)).length).toBe(names.length);
    expect((await migrationStatus(handle)).every((m) => m.executedAt === undefined)).toBe(true);
    await expect(handle.db.selectFrom('users').select('id').execute()).rejects.toThrow();

    expect((await migrateUp(handle)).length).toBe(names.length);
    expect(await migrateUp(handle)).toEqual([]);
  });

  it.runIf(dialect === 'sqlite')(
    'runs SQLite in WAL mode with durable commits and foreign keys',
    async () => {
      db = await freshDatabase(dialect);
      handle = openDatabase(db.target);
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(handle.db);
      const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(handle.db);
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(handle.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      expect(sync.rows[0]?.synchronous).toBe(2); // FULL
      expect(fk.rows[0]?.foreign_keys).toBe(1);
    },
  );
});

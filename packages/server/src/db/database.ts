import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type MigrationResultSet,
  type SqliteDatabase,
} from 'kysely';
import type { Database } from './schema.js';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

export type DatabaseTarget =
  { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize?: number; schema?: string };

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** The PostgreSQL schema in use when not the default (tests isolate themselves this way). */
  schema?: string | undefined;
  close(): Promise<void>;
}

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    // WAL for concurrent readers; synchronous=FULL so a commit is on disk before we answer 201.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', schema: target.schema, close: () => db.destroy() };
}

/**
 * Kysely prepares every query afresh; preparing costs more than running a small query on
 * SQLite. The same SQL text is compiled once and reused (bounded, oldest dropped first).
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (stmt === undefined) {
        stmt = sqlite.prepare(text);
        if (cache.size >= max) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

function migrator(handle: DatabaseHandle): Migrator {
  return new Migrator({
    db: handle.db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });
}

function check(result: MigrationResultSet): string[] {
  if (result.error)
    throw result.error instanceof Error ? result.error : new Error(JSON.stringify(result.error));
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}: ${r.status}`);
}

export async function migrateUp(handle: DatabaseHandle): Promise<string[]> {
  return check(await migrator(handle).migrateToLatest());
}

export async function migrateDown(handle: DatabaseHandle): Promise<string[]> {
  return check(await migrator(handle).migrateDown());
}

export async function migrateDownAll(handle: DatabaseHandle): Promise<string[]> {
  const { NO_MIGRATIONS } = await import('kysely');
  return check(await migrator(handle).migrateTo(NO_MIGRATIONS));
}

export async function migrationStatus(
  handle: DatabaseHandle,
): Promise<{ name: string; executedAt: Date | undefined }[]> {
  const list = await migrator(handle).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

import type { z } from 'zod';

/** JSON columns: written as strings (text on SQLite, cast to jsonb on PostgreSQL). */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Read a JSON column from either dialect (string on SQLite, parsed on PostgreSQL) through a schema. */
export function fromJson<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return schema.parse(parsed);
}

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string' || typeof p === 'number')) {
      return parsed;
    }
  } catch {
    // fall through: a bad cursor is treated as a validation problem by the caller
  }
  return undefined;
}

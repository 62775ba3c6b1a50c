import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import fastJson, { type Schema } from 'fast-json-stringify';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** `anyOf: [{type: T, …}, {type: 'null'}]` (how zod writes nullable) as `type: [T, 'null']`. */
function simplifyNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplifyNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) out[k] = simplifyNullable(v);
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const [a, b] = anyOf as JsonSchema[];
    const nullIndex = [a, b].findIndex((x) => x?.type === 'null' && Object.keys(x).length === 1);
    const other = nullIndex === 0 ? b : nullIndex === 1 ? a : undefined;
    if (other && typeof other.type === 'string' && other.anyOf === undefined) {
      delete out.anyOf;
      return { ...out, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

/**
 * Responses are written by fast-json-stringify from each route's zod schema, turned into JSON
 * Schema once at start-up: only declared properties are written (a presenter's stray field never
 * leaks) and it is several times faster than encoding every response through zod. The shape is
 * still checked where it matters: the shared contracts are parsed by the web app, the CLI and the tests.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  const json = simplifyNullable(
    z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-7' }),
  );
  return fastJson(json as Schema);
};

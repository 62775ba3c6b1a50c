/**
 * Validation of OSV records against the official JSON schema (draft 2020-12) with Ajv and its formats.
 *
 * No npm package ships the OSV schema, and production code reads nothing from the repository's
 * standards folder (it is absent in deployments), so the schema is a parameter: whoever validates loads
 * it (the tests read ../shared/standards/osv/schema.json) and compiles it once with `createOsvValidator`.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export interface OsvSchemaProblem {
  /** The JSON pointer of the value concerned; `''` is the whole record. */
  path: string;
  message: string;
}

export interface OsvValidationResult {
  /** True exactly when `problems` is empty. */
  valid: boolean;
  problems: OsvSchemaProblem[];
}

export type OsvValidator = (doc: unknown) => OsvValidationResult;

export class OsvSchemaError extends Error {
  override name = 'OsvSchemaError';
}

// ajv-formats is CommonJS; under NodeNext its plugin function is the `default` export of the module.
const addFormats = addFormatsModule.default;

function describe(error: ErrorObject): OsvSchemaProblem {
  const extra =
    error.keyword === 'additionalProperties' && 'additionalProperty' in error.params
      ? `: ${String(error.params.additionalProperty)}`
      : error.keyword === 'enum' &&
          'allowedValues' in error.params &&
          Array.isArray(error.params.allowedValues)
        ? ` (${error.params.allowedValues.map(String).join(', ')})`
        : '';
  return { path: error.instancePath, message: `${error.message ?? error.keyword}${extra}` };
}

/**
 * Compiles the OSV JSON schema once; the returned function validates one record and lists every
 * problem (all errors, not only the first). Throws `OsvSchemaError` for a schema Ajv cannot compile.
 */
export function createOsvValidator(schema: object): OsvValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OsvSchemaError(`the OSV schema does not compile: ${reason}`);
  }
  return (doc) => {
    if (validate(doc)) return { valid: true, problems: [] };
    const seen = new Set<string>();
    const problems = (validate.errors ?? []).map(describe).filter((p) => {
      const key = `${p.path}\u0000${p.message}`;
      return !seen.has(key) && Boolean(seen.add(key));
    });
    return { valid: problems.length === 0, problems };
  };
}

const compiled = new WeakMap<object, OsvValidator>();

/** Validates a record against the given OSV schema object, compiling it on first use per schema object. */
export function validateOsvRecord(doc: unknown, schema: object): OsvValidationResult {
  let validator = compiled.get(schema);
  if (validator === undefined) {
    validator = createOsvValidator(schema);
    compiled.set(schema, validator);
  }
  return validator(doc);
}

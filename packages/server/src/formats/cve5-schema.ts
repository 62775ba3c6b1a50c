import { Ajv, type ErrorObject } from 'ajv';
import formatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is the module, whose `default` is the plugin.
const addFormats = formatsModule.default;

/**
 * Validation of CVE JSON 5.x records against the official schema (`CVE_Record_Format_bundled.json`,
 * JSON Schema draft-07, hence Ajv's default draft-07 class).
 *
 * The schema is passed in rather than read here: the server carries no data files, and production code
 * does not reach into the standards directory. No npm package we depend on ships the CVE record schema
 * or the CNA-container schema of CVE Services, so the caller loads the bundled file (the tests do).
 *
 * Ajv runs with its default strict mode: the bundled 5.1 schema compiles without relaxing any check
 * (no `strict: false`). It uses the formats `uri` and `date`; `date-time` and `uuid` are registered too,
 * for schema versions that use them.
 */

export interface CveSchemaProblem {
  /** The JSON pointer of the value concerned; `''` is the whole document. */
  path: string;
  message: string;
}

export interface CveValidationResult {
  valid: boolean;
  problems: CveSchemaProblem[];
}

export type CveValidator = (doc: unknown) => CveValidationResult;

/** Compiles the CVE record schema once; the returned function validates one document. */
export function createCveValidator(schema: object): CveValidator {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv, ['uri', 'date', 'date-time', 'uuid']);
  const validate = ajv.compile(schema);
  return (doc) => {
    const valid = validate(doc);
    return { valid, problems: valid ? [] : summarize(validate.errors ?? []) };
  };
}

/**
 * Ajv reports every branch of a failing `oneOf`/`anyOf`, which buries the real reason under the
 * alternatives it tried. Errors are kept in order, one per path and message.
 */
function summarize(errors: readonly ErrorObject[]): CveSchemaProblem[] {
  const seen = new Set<string>();
  const problems: CveSchemaProblem[] = [];
  for (const error of errors) {
    const path = error.instancePath;
    const detail =
      error.keyword === 'additionalProperties'
        ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
        : error.keyword === 'enum'
          ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})`
          : '';
    const message = `${error.message ?? error.keyword}${detail}`;
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, message });
  }
  return problems;
}

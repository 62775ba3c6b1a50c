import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** The official CSAF 2.0 files, beside the checkout as CI has them. */
const csaf = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'standards',
  'csaf-2.0',
);
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * The official provider metadata schema, with the CSAF schema under its id for the `publisher` it refers to.
 * Ajv compiles the whole CSAF schema, so the FIRST CVSS schemas it names must be there too: they are draft-04
 * and draft-07 with versioned ids, so they go in under the URLs the CSAF schema uses, without `$schema` and ids
 * (their keywords mean the same in 2020-12; the provider metadata never reaches them).
 */
export function providerValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const name of ['cvss-v2.0.json', 'cvss-v3.0.json', 'cvss-v3.1.json']) {
    const {
      $schema: _schema,
      id: _id,
      $id: _$id,
      ...cvss
    } = readJson(path.join(csaf, 'referenced_schema', 'first', name)) as Record<string, unknown>;
    ajv.addSchema(cvss, `https://www.first.org/cvss/${name}`);
  }
  ajv.addSchema(readJson(path.join(csaf, 'json_schema', 'csaf_json_schema.json')) as object);
  return ajv.compile(readJson(path.join(csaf, 'json_schema', 'provider_json_schema.json')) as object);
}

import type {
  DocumentTest,
  default as validateTests,
  ValidatorMessage,
} from '@secvisogram/csaf-validator-lib/validate.js';

/**
 * CSAF 2.0 validation before publishing, as a CSAF trusted provider must: the "basic" preset of
 * @secvisogram/csaf-validator-lib, which is the strict JSON schema test `csaf_2_0_strict` and every
 * mandatory test of section 6.1. Test 6.1.8 (Invalid CVSS) is part of the schema test, as the CVSS
 * schemas are referenced from the CSAF schema; its failures are reported here under `6.1.8`.
 *
 * None of these tests does I/O: the CVSS schemas are bundled and registered with Ajv under their URLs,
 * so nothing is fetched, and no process is started.
 *
 * The tests run through the library's `validate.js` rather than `validateStrict.js`. Strict mode only
 * checks that each test function is one of the library's own, which the fixed list from `basic.js` always
 * is (no test ever comes from input); but to know its own tests it imports all of them, optional and
 * informative too, among which 6.3.6–6.3.8 make HTTP requests or run hunspell. That costs seconds of
 * module loading (the tests compile their schemas on import) and loads network code we never run.
 * The library is loaded on first use, so that importing this module costs nothing until then.
 */

/** One reason a document fails: the test, where in the document, and what is wrong. */
export interface CsafProblem {
  /** `csaf_2_0_strict` for the JSON schema, otherwise the mandatory test's number (`6.1.8`, `6.1.27.3`). */
  test: string;
  /** The JSON pointer of the value concerned; `''` is the whole document. */
  path: string;
  message: string;
}

/** The outcome of validating one document. */
export interface CsafValidationResult {
  /** True exactly when `problems` is empty. */
  valid: boolean;
  /** Every problem found, in test order (schema first, then 6.1.1, 6.1.2, …), without duplicates. */
  problems: CsafProblem[];
}

/** The test name of the JSON schema problems (the library's strict CSAF 2.0 schema test). */
export const CSAF_SCHEMA_TEST = 'csaf_2_0_strict';

/** `mandatoryTest_6_1_27_3` → `6.1.27.3`; the schema test keeps its name. */
function testNumber(name: string): string {
  const match = /^mandatoryTest_(\d+(?:_\d+)+)$/.exec(name);
  return match?.[1] === undefined ? name : match[1].replaceAll('_', '.');
}

/** Schema first, then by test number, each part compared as a number (6.1.9 < 6.1.10 < 6.1.27.1). */
function compareTests(a: string, b: string): number {
  if (a === b) return 0;
  if (a === CSAF_SCHEMA_TEST) return -1;
  if (b === CSAF_SCHEMA_TEST) return 1;
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

interface Test {
  readonly id: string;
  readonly run: DocumentTest;
}

interface Validator {
  readonly tests: readonly Test[];
  readonly validate: typeof validateTests;
}

let loaded: Promise<Validator> | undefined;

function loadValidator(): Promise<Validator> {
  loaded ??= Promise.all([
    import('@secvisogram/csaf-validator-lib/basic.js'),
    import('@secvisogram/csaf-validator-lib/validate.js'),
  ]).then(([basic, { default: validate }]) => ({
    tests: Object.values(basic)
      // TypeScript adds a `default` to the namespace of an untyped package; this ES module has none.
      .filter((run): run is DocumentTest => typeof run === 'function')
      .map((run) => ({ id: testNumber(run.name), run }))
      .sort((a, b) => compareTests(a.id, b.id)),
    validate,
  }));
  return loaded;
}

/** The tests a document must pass: `csaf_2_0_strict`, then the mandatory tests by number. */
export async function csafBasicTests(): Promise<string[]> {
  return (await loadValidator()).tests.map((t) => t.id);
}

/** The values test 6.1.8 is about: a score's CVSS v2 or v3 object, checked against the FIRST schemas. */
const CVSS_OBJECT = /^\/vulnerabilities\/\d+\/scores\/\d+\/cvss_v[23](?:\/|$)/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The library's message, and for the schema test what Ajv leaves out of its text: which property is not
 * allowed, or which values are. Ajv passes these as `keyword` and `params`, which the library forwards
 * though its documented interface has only `message` and `instancePath`; without them the text stays.
 */
function messageOf(error: ValidatorMessage): string {
  const params = isRecord(error.params) ? error.params : {};
  const { additionalProperty, allowedValues } = params;
  if (
    (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') &&
    typeof additionalProperty === 'string'
  ) {
    return `${error.message}: ${JSON.stringify(additionalProperty)}`;
  }
  if (error.keyword === 'enum' && Array.isArray(allowedValues)) {
    return `${error.message}: ${allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return error.message;
}

interface TestOutcome {
  readonly id: string;
  readonly problems: readonly CsafProblem[];
  /** The test threw instead of giving a result. */
  readonly crashed: boolean;
}

/**
 * One test on its own, so that a test that throws (the mandatory tests assume a schema-shaped document and
 * some throw on, say, `vulnerabilities: [null]`) neither hides the other tests' results nor passes.
 */
async function runTest(validate: typeof validateTests, test: Test, document: unknown): Promise<TestOutcome> {
  let result;
  try {
    result = await validate([test.run], document);
  } catch {
    return { id: test.id, problems: [], crashed: true };
  }
  const problems = result.tests.flatMap((r) => {
    const found = r.errors.map((error) => ({
      test: test.id === CSAF_SCHEMA_TEST && CVSS_OBJECT.test(error.instancePath) ? '6.1.8' : test.id,
      path: error.instancePath,
      message: messageOf(error),
    }));
    // A failed test always names a problem, even if the library gave no message.
    return !r.isValid && found.length === 0 ? [{ test: test.id, path: '', message: 'test failed' }] : found;
  });
  return { id: test.id, problems, crashed: false };
}

/**
 * Validates a CSAF 2.0 document against the JSON schema and all mandatory tests, returning every problem
 * at once. A document is valid when no test reports a problem and none fails to run on it.
 */
export async function validateCsaf(document: unknown): Promise<CsafValidationResult> {
  const { tests, validate } = await loadValidator();
  const outcomes = await Promise.all(tests.map((test) => runTest(validate, test, document)));
  const schema = outcomes.find((o) => o.id === CSAF_SCHEMA_TEST);
  const schemaValid = schema !== undefined && !schema.crashed && schema.problems.length === 0;

  const seen = new Set<string>();
  const problems: CsafProblem[] = [];
  const add = (problem: CsafProblem): void => {
    const key = JSON.stringify([problem.test, problem.path, problem.message]);
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(problem);
  };
  for (const outcome of outcomes) {
    outcome.problems.forEach(add);
    // A mandatory test that throws on a document the schema already rejects says nothing new.
    if (outcome.crashed && (schemaValid || outcome.id === CSAF_SCHEMA_TEST)) {
      add({ test: outcome.id, path: '', message: 'the test could not be run on this document' });
    }
  }
  // 6.1.8 problems come from the schema test but sort with the mandatory tests.
  problems.sort((a, b) => compareTests(a.test, b.test));
  return { valid: problems.length === 0, problems };
}

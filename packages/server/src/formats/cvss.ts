import cvssCalculator from 'ae-cvss-calculator';

// The package is CommonJS: Node gives ES modules its exports as the default export only.
const { Cvss3P0, Cvss3P1, Cvss4P0 } = cvssCalculator;

/**
 * CVSS vector strings: validation, normalization and the base score.
 *
 * Scores come from `ae-cvss-calculator`. That library is lenient: it keeps the last of two values
 * for one metric, ignores a wrong or missing `CVSS:x.y` prefix, accepts `X` for base metrics and `S`
 * (Safety) for base subsequent-system impacts, scores an incomplete vector as 0, and stops at the first
 * unknown metric or value with a terse exception. So every vector is first checked here against the
 * metric tables of the FIRST specifications, all problems are collected at once, and only a valid,
 * normalized vector reaches the library.
 *
 * Accepted: CVSS 3.0, 3.1 and 4.0 with their `CVSS:x.y/` prefix. CVSS 2.0 (which has no prefix) is not.
 * Metrics may come in any order; the normalized vector lists them in the specification's order and
 * leaves out metrics set to `X` (Not Defined), which is what an absent metric means.
 */

export const CVSS_VERSIONS = ['3.0', '3.1', '4.0'] as const;
export type CvssVersion = (typeof CVSS_VERSIONS)[number];

export const CVSS_SEVERITIES = ['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type CvssSeverity = (typeof CVSS_SEVERITIES)[number];

export interface Cvss {
  readonly version: CvssVersion;
  /** The vector in the specification's metric order, without metrics set to `X`. */
  readonly vector: string;
  /**
   * The base score. For CVSS 4.0 this is CVSS-B, the score of the base metrics alone, even when the
   * vector also carries threat or environmental metrics.
   */
  readonly baseScore: number;
  readonly severity: CvssSeverity;
}

export type CvssParseResult = { ok: true; value: Cvss } | { ok: false; problems: string[] };

interface MetricDef {
  readonly name: string;
  /** Value code → value name, in the specification's order. */
  readonly values: Readonly<Record<string, string>>;
  /** Base metrics are mandatory; all others are optional. */
  readonly base: boolean;
}

/** Metric abbreviation → definition; the insertion order is the specification's vector order. */
type MetricTable = ReadonlyMap<string, MetricDef>;

const base = (name: string, values: Record<string, string>): MetricDef => ({ name, values, base: true });
const optional = (name: string, values: Record<string, string>): MetricDef => ({
  name,
  values: { X: 'Not Defined', ...values },
  base: false,
});
/** Object keys keep their insertion order, so the table keeps the order it is written in. */
const table = (entries: Record<string, MetricDef>): MetricTable => new Map(Object.entries(entries));

const HIGH_LOW_NONE = { H: 'High', L: 'Low', N: 'None' };
const REQUIREMENT = { H: 'High', M: 'Medium', L: 'Low' };

/** CVSS v3.0 and v3.1 share their metrics (v3.1 specification, section 6, table 15). */
const CVSS3_METRICS = table({
  AV: base('Attack Vector', { N: 'Network', A: 'Adjacent Network', L: 'Local', P: 'Physical' }),
  AC: base('Attack Complexity', { L: 'Low', H: 'High' }),
  PR: base('Privileges Required', { N: 'None', L: 'Low', H: 'High' }),
  UI: base('User Interaction', { N: 'None', R: 'Required' }),
  S: base('Scope', { U: 'Unchanged', C: 'Changed' }),
  C: base('Confidentiality', HIGH_LOW_NONE),
  I: base('Integrity', HIGH_LOW_NONE),
  A: base('Availability', HIGH_LOW_NONE),
  E: optional('Exploit Code Maturity', { H: 'High', F: 'Functional', P: 'Proof-of-Concept', U: 'Unproven' }),
  RL: optional('Remediation Level', {
    U: 'Unavailable',
    W: 'Workaround',
    T: 'Temporary Fix',
    O: 'Official Fix',
  }),
  RC: optional('Report Confidence', { C: 'Confirmed', R: 'Reasonable', U: 'Unknown' }),
  CR: optional('Confidentiality Requirement', REQUIREMENT),
  IR: optional('Integrity Requirement', REQUIREMENT),
  AR: optional('Availability Requirement', REQUIREMENT),
  MAV: optional('Modified Attack Vector', { N: 'Network', A: 'Adjacent Network', L: 'Local', P: 'Physical' }),
  MAC: optional('Modified Attack Complexity', { L: 'Low', H: 'High' }),
  MPR: optional('Modified Privileges Required', { N: 'None', L: 'Low', H: 'High' }),
  MUI: optional('Modified User Interaction', { N: 'None', R: 'Required' }),
  MS: optional('Modified Scope', { U: 'Unchanged', C: 'Changed' }),
  MC: optional('Modified Confidentiality', HIGH_LOW_NONE),
  MI: optional('Modified Integrity', HIGH_LOW_NONE),
  MA: optional('Modified Availability', HIGH_LOW_NONE),
});

/** CVSS v4.0 specification, section 7, table 23. */
const CVSS4_METRICS = table({
  AV: base('Attack Vector', { N: 'Network', A: 'Adjacent', L: 'Local', P: 'Physical' }),
  AC: base('Attack Complexity', { L: 'Low', H: 'High' }),
  AT: base('Attack Requirements', { N: 'None', P: 'Present' }),
  PR: base('Privileges Required', { N: 'None', L: 'Low', H: 'High' }),
  UI: base('User Interaction', { N: 'None', P: 'Passive', A: 'Active' }),
  VC: base('Vulnerable System Confidentiality', HIGH_LOW_NONE),
  VI: base('Vulnerable System Integrity', HIGH_LOW_NONE),
  VA: base('Vulnerable System Availability', HIGH_LOW_NONE),
  SC: base('Subsequent System Confidentiality', HIGH_LOW_NONE),
  SI: base('Subsequent System Integrity', HIGH_LOW_NONE),
  SA: base('Subsequent System Availability', HIGH_LOW_NONE),
  E: optional('Exploit Maturity', { A: 'Attacked', P: 'POC', U: 'Unreported' }),
  CR: optional('Confidentiality Requirement', REQUIREMENT),
  IR: optional('Integrity Requirement', REQUIREMENT),
  AR: optional('Availability Requirement', REQUIREMENT),
  MAV: optional('Modified Attack Vector', { N: 'Network', A: 'Adjacent', L: 'Local', P: 'Physical' }),
  MAC: optional('Modified Attack Complexity', { L: 'Low', H: 'High' }),
  MAT: optional('Modified Attack Requirements', { N: 'None', P: 'Present' }),
  MPR: optional('Modified Privileges Required', { N: 'None', L: 'Low', H: 'High' }),
  MUI: optional('Modified User Interaction', { N: 'None', P: 'Passive', A: 'Active' }),
  MVC: optional('Modified Vulnerable System Confidentiality', HIGH_LOW_NONE),
  MVI: optional('Modified Vulnerable System Integrity', HIGH_LOW_NONE),
  MVA: optional('Modified Vulnerable System Availability', HIGH_LOW_NONE),
  MSC: optional('Modified Subsequent System Confidentiality', { H: 'High', L: 'Low', N: 'Negligible' }),
  MSI: optional('Modified Subsequent System Integrity', {
    S: 'Safety',
    H: 'High',
    L: 'Low',
    N: 'Negligible',
  }),
  MSA: optional('Modified Subsequent System Availability', {
    S: 'Safety',
    H: 'High',
    L: 'Low',
    N: 'Negligible',
  }),
  S: optional('Safety', { N: 'Negligible', P: 'Present' }),
  AU: optional('Automatable', { N: 'No', Y: 'Yes' }),
  R: optional('Recovery', { A: 'Automatic', U: 'User', I: 'Irrecoverable' }),
  V: optional('Value Density', { D: 'Diffuse', C: 'Concentrated' }),
  RE: optional('Vulnerability Response Effort', { L: 'Low', M: 'Moderate', H: 'High' }),
  U: optional('Provider Urgency', { Clear: 'Clear', Green: 'Green', Amber: 'Amber', Red: 'Red' }),
});

const METRICS: Readonly<Record<CvssVersion, MetricTable>> = {
  '3.0': CVSS3_METRICS,
  '3.1': CVSS3_METRICS,
  '4.0': CVSS4_METRICS,
};

const isVersion = (s: string): s is CvssVersion => (CVSS_VERSIONS as readonly string[]).includes(s);

/** The qualitative severity rating scale of CVSS v3.x and v4.0 (the same bands in both). */
export function cvssSeverity(score: number): CvssSeverity {
  if (score <= 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

/** Validates a CVSS 3.0/3.1/4.0 vector string and computes its base score; lists every problem found. */
export function parseCvss(vector: string): CvssParseResult {
  const text = vector.trim();
  if (text === '') return { ok: false, problems: ['The CVSS vector is empty.'] };

  const [prefix = '', ...parts] = text.split('/');
  const version = /^CVSS:(\d+\.\d+)$/.exec(prefix)?.[1];
  if (version === undefined) {
    const hint = /^CVSS:/i.test(prefix)
      ? ` (found "${prefix}"; the prefix is case-sensitive)`
      : prefix.includes(':')
        ? ' (vectors without a prefix, such as CVSS 2.0 vectors, are not supported)'
        : '';
    return {
      ok: false,
      problems: [`A CVSS vector must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/${hint}.`],
    };
  }
  if (!isVersion(version)) {
    return {
      ok: false,
      problems: [`CVSS version ${version} is not supported (supported: ${CVSS_VERSIONS.join(', ')}).`],
    };
  }

  const metrics = METRICS[version];
  const problems: string[] = [];
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const given = new Map<string, string>();
  parts.forEach((part, index) => {
    if (part === '') {
      problems.push(
        index === parts.length - 1
          ? 'The vector must not end with "/".'
          : `There is an empty metric after "${parts[index - 1] ?? prefix}/" (a doubled "/"?).`,
      );
      return;
    }
    const pair = /^([^:]+):([^:]+)$/.exec(part);
    if (pair === null) {
      problems.push(`"${part}" is not a metric:value pair.`);
      return;
    }
    const [, key = '', value = ''] = pair;
    const def = metrics.get(key);
    if (def === undefined) {
      const upper = key.toUpperCase();
      const hint = metrics.has(upper) ? ` (metric names are case-sensitive: ${upper})` : '';
      problems.push(`"${key}" is not a CVSS ${version} metric${hint}.`);
      return;
    }
    if (seen.has(key) && !repeated.has(key)) {
      repeated.add(key);
      problems.push(`${key} (${def.name}) appears more than once.`);
    }
    seen.add(key);
    if (!Object.hasOwn(def.values, value)) {
      const allowed = Object.entries(def.values).map(([code, name]) => `${code} (${name})`);
      problems.push(`"${value}" is not a valid value for ${key} (${def.name}); expected ${orList(allowed)}.`);
      return;
    }
    given.set(key, value);
  });
  for (const [key, def] of metrics) {
    if (def.base && !seen.has(key)) {
      problems.push(`The base metric ${key} (${def.name}) is missing.`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const normalized = [
    `CVSS:${version}`,
    ...[...metrics.keys()].flatMap((key) => {
      const value = given.get(key);
      return value === undefined || value === 'X' ? [] : [`${key}:${value}`];
    }),
  ].join('/');
  const baseScore = scoreBase(version, normalized);
  return { ok: true, value: { version, vector: normalized, baseScore, severity: cvssSeverity(baseScore) } };
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/** The library's score for a vector this module has already validated and normalized. */
function scoreBase(version: CvssVersion, vector: string): number {
  let score: number | undefined;
  switch (version) {
    case '3.0':
      score = new Cvss3P0(vector).calculateScores().base;
      break;
    case '3.1':
      score = new Cvss3P1(vector).calculateScores().base;
      break;
    case '4.0':
      score = new Cvss4P0(vector).calculateScores().baseMetricsOnly;
      break;
  }
  if (score === undefined || !Number.isFinite(score)) {
    throw new Error(`ae-cvss-calculator returned no base score for the valid vector ${vector}`);
  }
  return score;
}

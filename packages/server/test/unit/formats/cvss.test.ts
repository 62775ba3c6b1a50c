import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cvssSeverity, parseCvss } from '../../../src/formats/cvss.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const standards = path.resolve(repoRoot, '..', 'shared', 'standards');

interface Published {
  readonly file: string;
  readonly vectorString: string;
  readonly baseScore: number;
  readonly baseSeverity: string | undefined;
}

/** Every object in a JSON document with a prefixed (3.x or 4.0) vectorString and a numeric baseScore. */
function publishedScores(file: string): Published[] {
  const found: Published[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (typeof node === 'object' && node !== null) {
      const o = node as Record<string, unknown>;
      if (
        typeof o.vectorString === 'string' &&
        o.vectorString.startsWith('CVSS:') &&
        typeof o.baseScore === 'number'
      ) {
        found.push({
          file: path.relative(standards, file),
          vectorString: o.vectorString,
          baseScore: o.baseScore,
          baseSeverity: typeof o.baseSeverity === 'string' ? o.baseSeverity : undefined,
        });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(readFileSync(file, 'utf8')));
  return found;
}

const jsonFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .map((name) => path.join(dir, name));

/** The CSAF 2.0 validator test documents for one test of section 6, split into failures and valid ones. */
function csafTestDocuments(id: string): { failures: string[]; valid: string[] } {
  const dir = path.join(standards, 'csaf-2.0/test/validator/data');
  const { tests } = JSON.parse(readFileSync(path.join(dir, 'testcases.json'), 'utf8')) as {
    tests: { id: string; failures?: { name: string }[]; valid?: { name: string }[] }[];
  };
  const test = tests.find((t) => t.id === id);
  if (test === undefined) throw new Error(`no CSAF test ${id}`);
  return {
    failures: (test.failures ?? []).map((d) => path.join(dir, d.name)),
    valid: (test.valid ?? []).map((d) => path.join(dir, d.name)),
  };
}

const scoreOf = (vector: string) => {
  const result = parseCvss(vector);
  if (!result.ok) throw new Error(`${vector}: ${result.problems.join(' ')}`);
  return result.value;
};

const problemsOf = (vector: string): string[] => {
  const result = parseCvss(vector);
  if (result.ok) throw new Error(`${vector} was accepted`);
  return result.problems;
};

describe('parseCvss: scores', () => {
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '3.1', 9.8, 'CRITICAL'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', '3.1', 10, 'CRITICAL'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', '3.1', 6.1, 'MEDIUM'],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', '3.1', 7.8, 'HIGH'],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', '3.1', 5.9, 'MEDIUM'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', '3.1', 0, 'NONE'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '3.0', 9.8, 'CRITICAL'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', '4.0', 9.3, 'CRITICAL'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', '4.0', 10, 'CRITICAL'],
    ['CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', '4.0', 8.5, 'HIGH'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N', '4.0', 6.9, 'MEDIUM'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', '4.0', 0, 'NONE'],
  ])('%s scores %s / %s', (vector, version, baseScore, severity) => {
    expect(parseCvss(vector)).toEqual({ ok: true, value: { version, vector, baseScore, severity } });
  });

  const published = [
    ...jsonFiles(path.join(standards, 'cve-5/examples')),
    ...jsonFiles(path.join(standards, 'csaf-2.0/examples/csaf')),
    ...csafTestDocuments('6.1.8').valid,
    ...csafTestDocuments('6.1.9').valid,
  ].flatMap(publishedScores);

  it('finds the published scores to check against (CVE 5 and CSAF 2.0 examples and tests)', () => {
    expect(published.length).toBeGreaterThanOrEqual(20);
    const versions = new Set(published.map((p) => p.vectorString.slice(0, 'CVSS:x.y'.length)));
    expect([...versions].sort()).toEqual(['CVSS:3.0', 'CVSS:3.1', 'CVSS:4.0']);
  });

  it('gives every published vector its published base score and severity', () => {
    const mismatches = published.flatMap((p) => {
      const ours = scoreOf(p.vectorString);
      const same = ours.baseScore === p.baseScore && (p.baseSeverity ?? ours.severity) === ours.severity;
      return same
        ? []
        : [
            `${p.file}: ${p.vectorString} published ${p.baseScore} ${p.baseSeverity ?? ''}, got ${ours.baseScore} ${ours.severity}`,
          ];
    });
    expect(mismatches).toEqual([]);
  });

  it('disagrees with the wrong scores of the CSAF "invalid CVSS computation" failures (6.1.9)', () => {
    const wrong = csafTestDocuments('6.1.9').failures.flatMap(publishedScores);
    expect(wrong.length).toBeGreaterThanOrEqual(2);
    for (const p of wrong) {
      const ours = scoreOf(p.vectorString);
      expect([ours.baseScore, ours.severity], p.file).not.toEqual([p.baseScore, p.baseSeverity]);
    }
  });

  it('gives the CVSS 4.0 base score (CVSS-B) even when threat and environmental metrics are present', () => {
    const vector = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/MSI:S/MSA:S';
    expect(scoreOf(vector)).toMatchObject({ baseScore: 9.3, severity: 'CRITICAL' });
  });

  it('gives the CVSS 3.1 base score when temporal metrics are present', () => {
    expect(scoreOf('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C').baseScore).toBe(9.8);
  });
});

describe('parseCvss: normalization', () => {
  it('puts metrics in the specification order and drops Not Defined (X) metrics', () => {
    expect(scoreOf(' CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:X/RC:C ').vector).toBe(
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/RC:C',
    );
    expect(
      scoreOf('CVSS:4.0/U:Red/E:A/SA:N/SI:N/SC:N/VA:H/VI:H/VC:H/UI:N/PR:N/AT:N/AC:L/AV:N/CR:X').vector,
    ).toBe('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/U:Red');
  });

  it('accepts every CVSS 4.0 metric group, including the supplemental metrics', () => {
    const vector =
      'CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/E:P/CR:H/IR:M/AR:L/MAV:P/MAC:H/MAT:P' +
      '/MPR:H/MUI:A/MVC:N/MVI:N/MVA:N/MSC:N/MSI:S/MSA:S/S:P/AU:Y/R:I/V:C/RE:H/U:Amber';
    expect(scoreOf(vector)).toMatchObject({ version: '4.0', vector });
  });
});

describe('parseCvss: invalid vectors', () => {
  it.each([
    ['', 'The CVSS vector is empty.'],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 'CVSS 2.0 vectors, are not supported'],
    ['CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P', 'CVSS version 2.0 is not supported'],
    ['CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS version 3.2 is not supported'],
    ['cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'the prefix is case-sensitive'],
    ['not a vector', 'must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/'],
  ])('rejects %j', (vector, message) => {
    const problems = problemsOf(vector);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('rejects what the library would silently accept', () => {
    // ae-cvss-calculator keeps the last of two values, takes X for a base metric, scores an incomplete
    // vector 0 and takes Safety (S) for a base subsequent-system impact.
    expect(problemsOf('CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toEqual([
      'AV (Attack Vector) appears more than once.',
    ]);
    expect(problemsOf('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toEqual([
      '"X" is not a valid value for AV (Attack Vector); expected N (Network), A (Adjacent Network), L (Local) or P (Physical).',
    ]);
    expect(problemsOf('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')).toEqual([
      'The base metric A (Availability) is missing.',
    ]);
    expect(problemsOf('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N')).toEqual([
      '"S" is not a valid value for SI (Subsequent System Integrity); expected H (High), L (Low) or N (None).',
    ]);
  });

  it('rejects metrics of another version', () => {
    expect(problemsOf('CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H')).toEqual([
      '"AT" is not a CVSS 3.1 metric.',
    ]);
    expect(problemsOf('CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toEqual(
      expect.arrayContaining([
        '"C" is not a CVSS 4.0 metric.',
        'The base metric AT (Attack Requirements) is missing.',
        'The base metric VC (Vulnerable System Confidentiality) is missing.',
      ]),
    );
  });

  it('lists every problem at once', () => {
    expect(problemsOf('CVSS:3.1/AV:N/AV:L/AC:Q/ZZ:1/av:N/PR//UI:N/S:U/C:H/I:H/')).toEqual([
      'AV (Attack Vector) appears more than once.',
      '"Q" is not a valid value for AC (Attack Complexity); expected L (Low) or H (High).',
      '"ZZ" is not a CVSS 3.1 metric.',
      '"av" is not a CVSS 3.1 metric (metric names are case-sensitive: AV).',
      '"PR" is not a metric:value pair.',
      'There is an empty metric after "PR/" (a doubled "/"?).',
      'The vector must not end with "/".',
      'The base metric PR (Privileges Required) is missing.',
      'The base metric A (Availability) is missing.',
    ]);
  });

  it('rejects values in the wrong case and malformed pairs', () => {
    expect(problemsOf('CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F:X')).toEqual([
      '"n" is not a valid value for AV (Attack Vector); expected N (Network), A (Adjacent Network), L (Local) or P (Physical).',
      '"E:F:X" is not a metric:value pair.',
    ]);
  });
});

describe('cvssSeverity', () => {
  it.each([
    [0, 'NONE'],
    [0.1, 'LOW'],
    [3.9, 'LOW'],
    [4, 'MEDIUM'],
    [6.9, 'MEDIUM'],
    [7, 'HIGH'],
    [8.9, 'HIGH'],
    [9, 'CRITICAL'],
    [10, 'CRITICAL'],
  ])('%d is %s', (score, severity) => {
    expect(cvssSeverity(score)).toBe(severity);
  });
});

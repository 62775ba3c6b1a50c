import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csafFilename, isValidCsafFilename } from '../../../src/formats/csaf-filename.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const csaf = path.resolve(repoRoot, '..', 'shared', 'standards', 'csaf-2.0');

/** Each JSON document under `dir` as [file name, /document/tracking/id], by file name. */
function namedDocuments(dir: string): [string, string][] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name): [string, string][] => {
      const document = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as {
        document?: { tracking?: { id?: unknown } };
      };
      const id = document.document?.tracking?.id;
      return typeof id === 'string' ? [[path.basename(name), id]] : [];
    });
}

describe('csafFilename: section 5.1', () => {
  it.each([
    // The rule's own example: the underscore is replaced too, so the run "_#" gives one underscore.
    ['2022_#01-A', '2022_01-a.json'],
    ['RHSA-2019:1862', 'rhsa-2019_1862.json'],
    ['cisco-sa-20190513-secureboot', 'cisco-sa-20190513-secureboot.json'],
    ['Example Company - 2019-YH3234', 'example_company_-_2019-yh3234.json'],
    ['OASIS: #/CSAF_TC-CSAF_2.0-2021-5-1-13', 'oasis_csaf_tc-csaf_2_0-2021-5-1-13.json'],
    ['a+b-c', 'a+b-c.json'],
    ['__Leading and trailing!!', '_leading_and_trailing_.json'],
    ['CH-2026-0042', 'ch-2026-0042.json'],
    ['Ärger/Ölung', '_rger_lung.json'],
    ['../../etc/passwd', '_etc_passwd.json'],
  ])('%j → %s', (trackingId, name) => {
    expect(csafFilename(trackingId)).toBe(name);
    expect(isValidCsafFilename(name, trackingId)).toBe(true);
  });

  it('lower-cases before it replaces, so capitals are kept as letters', () => {
    expect(csafFilename('ABC')).toBe('abc.json');
  });

  it.each(['', ' ', '\t\n'])('refuses the tracking id %j, which the schema never allows', (trackingId) => {
    expect(() => csafFilename(trackingId)).toThrow(RangeError);
    expect(isValidCsafFilename('.json', trackingId)).toBe(false);
  });
});

describe('isValidCsafFilename: the official file name tests', () => {
  const data = path.join(csaf, 'test/filenames/data');
  const valid = namedDocuments(path.join(data, 'valid'));
  const invalid = namedDocuments(path.join(data, 'invalid'));

  it('has the official documents', () => {
    expect([valid.length, invalid.length]).toEqual([3, 3]);
  });

  it.each(valid)('accepts %s for tracking id %j', (name, trackingId) => {
    expect(isValidCsafFilename(name, trackingId)).toBe(true);
    expect(csafFilename(trackingId)).toBe(name);
  });

  it.each(invalid)('refuses %s for tracking id %j', (name, trackingId) => {
    expect(isValidCsafFilename(name, trackingId)).toBe(false);
    expect(csafFilename(trackingId)).not.toBe(name);
  });
});

describe('isValidCsafFilename: every other official document is named by the rule', () => {
  const documents = [
    ...namedDocuments(path.join(csaf, 'examples/csaf')),
    ...namedDocuments(path.join(csaf, 'test/validator/data')),
  ];

  it('finds the examples and validator test documents', () => {
    expect(documents.length).toBeGreaterThanOrEqual(19 + 239);
  });

  it('names each one as section 5.1 does', () => {
    const misnamed = documents.filter(([name, trackingId]) => !isValidCsafFilename(name, trackingId));
    expect(misnamed).toEqual([]);
  });

  it('rejects a name that differs from the rule only by case, by a doubled underscore or by directory', () => {
    expect(isValidCsafFilename('RHSA-2019_1862.json', 'RHSA-2019:1862')).toBe(false);
    expect(isValidCsafFilename('rhsa-2019__1862.json', 'RHSA-2019::1862')).toBe(false);
    expect(isValidCsafFilename('2019/rhsa-2019_1862.json', 'RHSA-2019:1862')).toBe(false);
    expect(isValidCsafFilename('rhsa-2019_1862', 'RHSA-2019:1862')).toBe(false);
  });
});

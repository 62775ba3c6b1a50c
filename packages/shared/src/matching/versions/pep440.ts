import { compare, valid } from '@renovatebot/pep440';
import { type VersionScheme, VersionError } from './scheme.js';

function checked(v: string): string {
  if (valid(v) === null) throw new VersionError(`invalid PEP 440 version ${JSON.stringify(v)}`);
  return v;
}

/** PEP 440 (PyPI): epochs, pre/post/dev releases, local versions. */
export const pep440Scheme: VersionScheme = {
  name: 'pypi',
  compare: (a, b) => compare(checked(a), checked(b)),
  isValid: (v) => valid(v) !== null,
};

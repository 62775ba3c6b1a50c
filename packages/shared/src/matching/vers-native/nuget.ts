/** NuGet: a bare version (a minimum) or interval notation. */
import { VersError } from '../vers.js';
import { findVersionScheme } from '../versions/index.js';
import { atLeast, compareIn, isEmpty, type Interval, type NativeRange, point } from './intervals.js';

function nugetVersion(text: string, native: string): string {
  const version = text.trim();
  if (version.includes('*')) {
    throw new VersError(`floating NuGet versions are not supported: ${JSON.stringify(native)}`);
  }
  if (findVersionScheme('nuget')?.isValid(version) !== true) {
    throw new VersError(`invalid NuGet version ${JSON.stringify(version)} in ${JSON.stringify(native)}`);
  }
  return version;
}

export function nugetRange(native: string): NativeRange {
  const text = native.trim();
  const m = /^([[(])([^,]*)(?:,([^,]*))?([\])])$/.exec(text);
  if (m === null) {
    if (/[[\](),]/.test(text)) {
      throw new VersError(
        `invalid NuGet version range ${JSON.stringify(native)} (expected a version or interval notation like "[1.0, 2.0)")`,
      );
    }
    // A bare version is a minimum: "1.0" means ">= 1.0".
    return { intervals: [atLeast(nugetVersion(text, native))], excluded: [] };
  }
  const [, open, first = '', second, close] = m;
  if (second === undefined) {
    if (open !== '[' || close !== ']') {
      throw new VersError(
        `a single NuGet version in brackets must be exact, "[1.0]": ${JSON.stringify(native)}`,
      );
    }
    return { intervals: [point(nugetVersion(first, native))], excluded: [] };
  }
  if (first.trim() === '' && second.trim() === '') {
    throw new VersError(`a NuGet version range needs at least one bound: ${JSON.stringify(native)}`);
  }
  const interval: Interval = {
    ...(first.trim() === ''
      ? {}
      : { lower: { version: nugetVersion(first, native), inclusive: open === '[' } }),
    ...(second.trim() === ''
      ? {}
      : { upper: { version: nugetVersion(second, native), inclusive: close === ']' } }),
  };
  if (isEmpty(interval, compareIn('nuget'))) {
    throw new VersError(`NuGet version range ${JSON.stringify(native)} matches no version`);
  }
  return { intervals: [interval], excluded: [] };
}

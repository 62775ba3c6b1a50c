/** Conan 2 version ranges: `||` alternatives of space-separated conditions, then optional settings. */
import { VersError } from '../vers.js';
import { findVersionScheme } from '../versions/index.js';
import {
  atLeast,
  atMost,
  compareIn,
  EVERY_VERSION,
  intersect,
  type Interval,
  type NativeRange,
  point,
} from './intervals.js';

const CONAN_SETTINGS = /^(include_prerelease|loose)(=(True|False))?$/;

/**
 * The upper bound `~` and `^` use: the items up to `index`, the last one incremented, and a trailing
 * '-' (the lowest pre-release of that version).
 */
function conanBump(version: string, index: number, native: string): string {
  const items = version.split('.');
  const item = items[index];
  if (item === undefined || !/^\d+$/.test(item)) {
    throw new VersError(
      `cannot bump item ${String(index + 1)} of Conan version ${version} in ${JSON.stringify(native)}`,
    );
  }
  return [...items.slice(0, index), String(BigInt(item) + 1n)].join('.') + '-';
}

function conanCondition(condition: string, native: string): Interval {
  const m = /^(>=|<=|>|<|=|~|\^)?(.+)$/.exec(condition);
  // A trailing '-' asks Conan to include pre-releases, which vers ranges always do.
  const written = m?.[2]?.replace(/-$/, '') ?? '';
  if (written === '*') return atLeast('0.0.0');
  if (m === null || findVersionScheme('conan')?.isValid(written) !== true || /[<>=~^|]/.test(written)) {
    throw new VersError(
      `invalid Conan version condition ${JSON.stringify(condition)} in ${JSON.stringify(native)}`,
    );
  }
  switch (m[1]) {
    case undefined:
    case '=':
      return point(written);
    case '<':
      return atMost(written, false);
    case '<=':
      return atMost(written);
    case '>':
      return atLeast(written, false);
    case '>=':
      return atLeast(written);
    case '~': {
      const index = written.split('.').length > 1 ? 1 : 0;
      return {
        lower: { version: written, inclusive: true },
        upper: { version: conanBump(written, index, native), inclusive: false },
      };
    }
    default: {
      // `^`: bump the first item that is not zero.
      const items = written.split('.');
      const index = items.findIndex((item) => !/^0+$/.test(item));
      return {
        lower: { version: written, inclusive: true },
        upper: { version: conanBump(written, index === -1 ? items.length : index, native), inclusive: false },
      };
    }
  }
}

export function conanRange(native: string): NativeRange {
  const [expression = '', ...settings] = native.split(',').map((s) => s.trim());
  const unknown = settings.find((s) => !CONAN_SETTINGS.test(s));
  if (unknown !== undefined) {
    throw new VersError(
      `unknown Conan version range setting ${JSON.stringify(unknown)} in ${JSON.stringify(native)}`,
    );
  }
  const cmp = compareIn('conan');
  const intervals = expression.split('||').flatMap((alternative) => {
    const conditions = alternative
      .trim()
      .split(/\s+/)
      .filter((c) => c !== '');
    if (conditions.length === 0) {
      throw new VersError(`empty alternative in Conan version range ${JSON.stringify(native)}`);
    }
    let acc: Interval | undefined = EVERY_VERSION;
    for (const condition of conditions) acc = acc && intersect(acc, conanCondition(condition, native), cmp);
    return acc ?? [];
  });
  return { intervals, excluded: [] };
}

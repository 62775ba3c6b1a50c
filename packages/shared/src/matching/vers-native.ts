/**
 * Native version range syntax → vers (the vers-spec "from native" conversion) for npm (node-semver
 * ranges), PyPI (PEP 440 specifier sets), RubyGems requirements, NuGet interval notation, Conan 2
 * version ranges, and the version lists of OpenSSL and nginx security advisories. How a range becomes
 * a canonical vers is in vers-native/intervals.ts.
 *
 * What vers cannot say is widened, never narrowed (an advisory range must not lose affected
 * versions): npm's, PEP 440's and Conan's rules that keep pre-releases out of some comparisons are
 * dropped.
 */
import { stringifyVers, VersError } from './vers.js';
import { nginxRange, opensslRange } from './vers-native/advisories.js';
import { conanRange } from './vers-native/conan.js';
import { gemRange } from './vers-native/gem.js';
import { compareIn, type NativeRange, toConstraints } from './vers-native/intervals.js';
import { npmRange } from './vers-native/npm.js';
import { nugetRange } from './vers-native/nuget.js';
import { pypiRange } from './vers-native/pypi.js';
import { VersionError } from './versions/index.js';

const CONVERTERS: Readonly<Record<string, (native: string) => NativeRange>> = {
  npm: npmRange,
  pypi: pypiRange,
  gem: gemRange,
  nuget: nugetRange,
  conan: conanRange,
  nginx: nginxRange,
  openssl: opensslRange,
};

/** The vers schemes whose native range syntax `versFromNative` reads. */
export const VERS_FROM_NATIVE_SCHEMES: readonly string[] = Object.keys(CONVERTERS);

/**
 * The canonical vers for a range written in an ecosystem's own syntax, e.g.
 * `versFromNative('npm', '^1.2.9 || ~2.1')` is `vers:npm/>=1.2.9|<2.0.0|>=2.1.0|<2.2.0`.
 * Throws `VersError` for an unsupported scheme, invalid native syntax, or a range that matches no
 * version.
 */
export function versFromNative(scheme: string, native: string): string {
  const key = scheme.toLowerCase();
  const convert = Object.hasOwn(CONVERTERS, key) ? CONVERTERS[key] : undefined;
  if (convert === undefined) {
    throw new VersError(
      `converting native ${scheme} ranges to vers is not supported (supported: ${VERS_FROM_NATIVE_SCHEMES.join(', ')})`,
    );
  }
  if (native.trim() === '') throw new VersError(`the native ${key} range is empty`);
  try {
    const constraints = toConstraints(convert(native), compareIn(key));
    if (constraints === undefined) {
      throw new VersError(`${key} range ${JSON.stringify(native)} matches no version`);
    }
    return stringifyVers({ scheme: key, constraints });
  } catch (e) {
    // A version the ordering cannot read (e.g. a PEP 440 `===` legacy string compared with others).
    if (e instanceof VersionError) {
      throw new VersError(`cannot convert ${key} range ${JSON.stringify(native)}: ${e.message}`);
    }
    throw e;
  }
}

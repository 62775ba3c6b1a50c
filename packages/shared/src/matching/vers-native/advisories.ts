/**
 * The version lists of security advisories: nginx ("0.7.52-0.8.39, 1.5.0+, 1.4.1+") and OpenSSL
 * ("3.0.1, 0.9.7a"); a comma means OR.
 */
import { VersError } from '../vers.js';
import { findVersionScheme } from '../versions/index.js';
import { atLeast, type Interval, type NativeRange, point } from './intervals.js';

const NGINX_VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

function nginxVersion(text: string, native: string): RegExpExecArray {
  const m = NGINX_VERSION.exec(text.trim());
  if (m === null) {
    throw new VersError(`invalid nginx version ${JSON.stringify(text.trim())} in ${JSON.stringify(native)}`);
  }
  return m;
}

/** One item of an nginx list: "0.7.52-0.8.39", "1.4.1+" or "0.9.10". */
function nginxItem(item: string, native: string): Interval {
  const dash = item.indexOf('-');
  if (dash !== -1) {
    const [low] = nginxVersion(item.slice(0, dash), native);
    const [high] = nginxVersion(item.slice(dash + 1), native);
    return { lower: { version: low, inclusive: true }, upper: { version: high, inclusive: true } };
  }
  if (!item.endsWith('+')) return point(nginxVersion(item, native)[0]);
  const [version, major = '', minor = ''] = nginxVersion(item.slice(0, -1), native);
  // "1.4.1+" on a stable branch (even minor) means the later 1.4 releases; on mainline (odd minor),
  // every later release.
  if (Number(minor) % 2 === 1) return atLeast(version);
  return {
    lower: { version, inclusive: true },
    upper: { version: `${major}.${String(Number(minor) + 1)}.0`, inclusive: false },
  };
}

export function nginxRange(native: string): NativeRange {
  return { intervals: native.split(',').map((item) => nginxItem(item.trim(), native)), excluded: [] };
}

/** OpenSSL advisories list affected releases, comma-separated ("3.0.1, 0.9.7a"). */
export function opensslRange(native: string): NativeRange {
  const openssl = findVersionScheme('openssl');
  const versions = native.split(',').map((v) => v.trim());
  const invalid = versions.find((v) => openssl?.isValid(v) !== true);
  if (invalid !== undefined) {
    throw new VersError(
      `invalid OpenSSL version ${JSON.stringify(invalid)} in ${JSON.stringify(native)} (expected a comma-separated list like "3.0.1, 1.1.1k")`,
    );
  }
  return { intervals: versions.map(point), excluded: [] };
}

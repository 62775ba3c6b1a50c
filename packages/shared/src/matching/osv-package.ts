/**
 * Package identity in OSV terms: the ecosystem (with an optional `:<release>` suffix) and the name as
 * the ecosystem spells it, derived from a package URL. Maven names are `group:artifact`, Go names the
 * module path, npm names keep their `@scope/`, PyPI names compare after PEP 503 normalization.
 */
import { findPurl, type Purl, purlBase } from './purl.js';

/** The ecosystems defined by OSV schema 1.7 (`$defs.ecosystemName`), plus `GIT` which the schema also accepts. */
export const OSV_ECOSYSTEMS = [
  'AlmaLinux',
  'Alpaquita',
  'Alpine',
  'Android',
  'Azure Linux',
  'BellSoft Hardened Containers',
  'Bioconductor',
  'Bitnami',
  'Chainguard',
  'CleanStart',
  'ConanCenter',
  'CRAN',
  'crates.io',
  'Debian',
  'Docker Hardened Images',
  'Echo',
  'FreeBSD',
  'GHC',
  'GitHub Actions',
  'Go',
  'Hackage',
  'Hex',
  'Julia',
  'Kubernetes',
  'Linux',
  'Mageia',
  'Maven',
  'MinimOS',
  'npm',
  'NuGet',
  'opam',
  'openEuler',
  'openSUSE',
  'OSS-Fuzz',
  'Packagist',
  'Photon OS',
  'Pub',
  'PyPI',
  'Red Hat',
  'Rocky Linux',
  'Root',
  'RubyGems',
  'SUSE',
  'SwiftURL',
  'TuxCare',
  'Ubuntu',
  'VSCode',
  'Wolfi',
  'GIT',
] as const;
export type OsvEcosystemName = (typeof OSV_ECOSYSTEMS)[number];

const ECOSYSTEM_SET: ReadonlySet<string> = new Set(OSV_ECOSYSTEMS);

/** The ecosystem without its `:<release>` suffix: `Debian:12` → `Debian`. */
export function ecosystemBase(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

/** The `:<release>` suffix without its colon (`Debian:12` → `12`), or undefined. */
export function ecosystemSuffix(ecosystem: string): string | undefined {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? undefined : ecosystem.slice(colon + 1);
}

/** Whether `ecosystem` is an OSV ecosystem, optionally with a non-empty `:<release>` suffix (case-sensitive). */
export function isOsvEcosystem(ecosystem: string): boolean {
  const suffix = ecosystemSuffix(ecosystem);
  return ECOSYSTEM_SET.has(ecosystemBase(ecosystem)) && suffix !== '';
}

/** Purl types with exactly one OSV ecosystem, whatever the namespace. */
const BY_TYPE: Readonly<Record<string, OsvEcosystemName>> = {
  npm: 'npm',
  pypi: 'PyPI',
  maven: 'Maven',
  golang: 'Go',
  cargo: 'crates.io',
  nuget: 'NuGet',
  gem: 'RubyGems',
  composer: 'Packagist',
  hex: 'Hex',
  pub: 'Pub',
  swift: 'SwiftURL',
  cran: 'CRAN',
  hackage: 'Hackage',
  conan: 'ConanCenter',
  opam: 'opam',
  julia: 'Julia',
};

/** `rpm` namespaces (distributions) with an OSV ecosystem. */
const RPM_NAMESPACES: Readonly<Record<string, OsvEcosystemName>> = {
  redhat: 'Red Hat',
  almalinux: 'AlmaLinux',
  rocky: 'Rocky Linux',
  rockylinux: 'Rocky Linux',
  opensuse: 'openSUSE',
  suse: 'SUSE',
};

const DEB_NAMESPACES: Readonly<Record<string, OsvEcosystemName>> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
};

function lookup<T>(table: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined {
  if (key === null || key === undefined) return undefined;
  const k = key.toLowerCase();
  return Object.hasOwn(table, k) ? table[k] : undefined;
}

/**
 * The OSV ecosystem (without release suffix) of a purl type. `deb`, `rpm` and `apk` depend on the
 * namespace (the distribution): `deb` → Debian or Ubuntu, `rpm` → Red Hat, AlmaLinux, Rocky Linux,
 * openSUSE, SUSE; `apk/alpine` → Alpine. Undefined when OSV has no ecosystem for it (e.g. `github`,
 * `generic`, or an rpm distribution we do not know).
 */
export function ecosystemForPurlType(type: string, namespace?: string | null): OsvEcosystemName | undefined {
  const t = type.toLowerCase();
  switch (t) {
    case 'deb':
      return lookup(DEB_NAMESPACES, namespace);
    case 'rpm':
      return lookup(RPM_NAMESPACES, namespace);
    case 'apk':
      return namespace?.toLowerCase() === 'alpine' ? 'Alpine' : undefined;
    default:
      return lookup(BY_TYPE, t);
  }
}

const RPM_ECOSYSTEMS: ReadonlySet<string> = new Set([
  'Red Hat',
  'AlmaLinux',
  'Rocky Linux',
  'openSUSE',
  'SUSE',
  'openEuler',
  'Mageia',
  'Azure Linux',
  'Photon OS',
]);

/** The purl type for an OSV ecosystem (a `:<release>` suffix is ignored), or undefined. */
export function purlTypeForEcosystem(ecosystem: string): string | undefined {
  const base = ecosystemBase(ecosystem);
  for (const [type, eco] of Object.entries(BY_TYPE)) if (eco === base) return type;
  if (base === 'Debian' || base === 'Ubuntu') return 'deb';
  if (base === 'Alpine') return 'apk';
  if (RPM_ECOSYSTEMS.has(base)) return 'rpm';
  return undefined;
}

/** Debian code names → release numbers (distro-info-data); `sid` has none and keeps its name. */
const DEBIAN_CODENAMES: Readonly<Record<string, string>> = {
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  sid: 'sid',
};

/** `debian-12`, `debian-12.5`, `12`, `bookworm` → `12`; `sid` → `sid`. */
function debianRelease(distro: string): string | undefined {
  const d = distro.toLowerCase();
  const named = lookup(DEBIAN_CODENAMES, d.replace(/^debian-/, ''));
  if (named !== undefined) return named;
  return /^(?:debian-)?(\d+)(?:\.\d+)*$/.exec(d)?.[1];
}

/** `ubuntu-22.04` or `22.04` → `22.04:LTS` (an LTS release is an April release of an even year). */
function ubuntuRelease(distro: string): string | undefined {
  const m = /^(?:ubuntu-)?(\d{2})\.(\d{2})$/.exec(distro.toLowerCase());
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  const lts = Number(m[1]) % 2 === 0 && m[2] === '04';
  return `${m[1]}.${m[2]}${lts ? ':LTS' : ''}`;
}

/** `alpine-3.18`, `3.18.4`, `v3.18` → `v3.18`. */
function alpineRelease(distro: string): string | undefined {
  const m = /^(?:alpine-)?v?(\d+\.\d+)(?:\.\d+)*$/.exec(distro.toLowerCase());
  return m?.[1] === undefined ? undefined : `v${m[1]}`;
}

/** `almalinux-9`, `el9`, `9.2` → `9`. */
function majorRelease(distro: string): string | undefined {
  return /(\d+)(?:\.\d+)*$/.exec(distro)?.[1];
}

export interface OsvPackage {
  /** With a `:<release>` suffix where the purl's `distro` qualifier gives one (`Debian:12`). */
  ecosystem: string;
  name: string;
  /** The purl without version, qualifiers and subpath; absent when the purl type cannot be written so. */
  purl?: string;
}

export type OsvPackageResult = { ok: true; package: OsvPackage } | { ok: false; reason: string };

function ecosystemWithRelease(
  base: OsvEcosystemName,
  purl: Purl,
): { ok: true; ecosystem: string } | { ok: false; reason: string } {
  const distro = purl.qualifiers?.distro;
  const release = (parse: (d: string) => string | undefined): string | undefined =>
    distro === undefined ? undefined : parse(distro);
  const withSuffix = (r: string | undefined): string => (r === undefined ? base : `${base}:${r}`);
  if (base === 'Debian') return { ok: true, ecosystem: withSuffix(release(debianRelease)) };
  if (base === 'AlmaLinux' || base === 'Rocky Linux') {
    return { ok: true, ecosystem: withSuffix(release(majorRelease)) };
  }
  if (base === 'Ubuntu' || base === 'Alpine') {
    const r = release(base === 'Ubuntu' ? ubuntuRelease : alpineRelease);
    const example = base === 'Ubuntu' ? 'ubuntu-22.04' : 'alpine-3.18';
    return r === undefined
      ? { ok: false, reason: `OSV ${base} needs the release: add a distro qualifier such as ${example}` }
      : { ok: true, ecosystem: withSuffix(r) };
  }
  // Red Hat's suffix is a product-stream CPE and SUSE's a product name; neither follows from a purl.
  return { ok: true, ecosystem: base };
}

/** The OSV name of a purl: Maven `group:artifact`, Go/Packagist/Swift `namespace/name`, npm `@scope/name`. */
function osvName(ecosystem: OsvEcosystemName, purl: Purl): string {
  const ns = purl.namespace;
  if (ns === null || ns === '') return purl.name;
  if (ecosystem === 'Maven') return `${ns}:${purl.name}`;
  const namespaced: readonly OsvEcosystemName[] = ['Go', 'Packagist', 'SwiftURL', 'npm'];
  // deb/rpm/apk namespaces name the distribution, not part of the package name.
  return namespaced.includes(ecosystem) ? `${ns}/${purl.name}` : purl.name;
}

/** The OSV package of a purl (string or parsed), or why there is none. */
export function osvPackageFromPurl(input: string | Purl): OsvPackageResult {
  const purl = typeof input === 'string' ? findPurl(input) : input;
  if (purl === undefined)
    return {
      ok: false,
      reason: `not a valid package URL: ${typeof input === 'string' ? input : input.name}`,
    };
  const base = ecosystemForPurlType(purl.type, purl.namespace);
  if (base === undefined) {
    const what = purl.namespace === null ? purl.type : `${purl.type}/${purl.namespace}`;
    return { ok: false, reason: `OSV has no ecosystem for purl type ${what}` };
  }
  const eco = ecosystemWithRelease(base, purl);
  if (!eco.ok) return eco;
  let withoutVersion: string | undefined;
  try {
    withoutVersion = purlBase(purl);
  } catch {
    withoutVersion = undefined; // some types (e.g. swift) cannot be written without a version
  }
  const pkg: OsvPackage = { ecosystem: eco.ecosystem, name: osvName(base, purl) };
  if (withoutVersion !== undefined) pkg.purl = withoutVersion;
  return { ok: true, package: pkg };
}

/** PEP 503: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The name as compared within an ecosystem (PyPI per PEP 503; others as written). */
export function normalizeOsvPackageName(ecosystem: string, name: string): string {
  return ecosystemBase(ecosystem) === 'PyPI' ? normalizePypiName(name) : name;
}

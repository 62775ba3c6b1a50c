/**
 * npm `package-lock.json` (lockfileVersion 1, 2 and 3) → one component per installed package, with
 * purl `pkg:npm/<name>@<version>` (a scope is the purl namespace: `pkg:npm/%40types/node@20.11.0`) and
 * the `integrity` digests as hashes.
 *
 * Versions 2 and 3 are read from `packages`, keyed by install path. Skipped: the root project (`""`),
 * other entries outside `node_modules` (workspace folders: the project's own code) and `link: true`
 * entries (symlinks to those folders). Version 1 has only the nested `dependencies` tree. Dev, optional
 * and peer dependencies are all kept: they are installed, so they are run somewhere. The same
 * package@version installed at several paths is one component, merged without a warning (normal in a
 * lockfile, not a mistake of the operator).
 */
import { PurlError, stringifyPurl } from '../purl.js';
import type { ParsedInventory } from '../types.js';
import { ComponentCollector, isObject, jsonString, unreadableJson } from './collect.js';
import { hashesFromIntegrity } from './hashes.js';
import { parseJsonText, pointer, withoutBom } from './json-text.js';

export const LOCKFILE_VERSIONS = [1, 2, 3] as const;
const NODE_MODULES = 'node_modules/';

export function parsePackageLock(text: string): ParsedInventory {
  const json = parseJsonText(withoutBom(text));
  return json.ok ? readPackageLock(json.value) : unreadableJson('package-lock', json);
}

/** Reads an already parsed package-lock.json. */
export function readPackageLock(document: unknown): ParsedInventory {
  const collector = new ComponentCollector();
  const problems = collector.problems;
  if (!isObject(document)) {
    problems.error('/', 'A package-lock.json is a JSON object.');
    return collector.finish('package-lock', null);
  }
  const version = document.lockfileVersion;
  if (typeof version !== 'number' || !(LOCKFILE_VERSIONS as readonly number[]).includes(version)) {
    problems.error(
      '/lockfileVersion',
      version === undefined
        ? 'lockfileVersion is missing: npm writes 1, 2 or 3'
        : `lockfileVersion ${JSON.stringify(version)} is not supported: 1, 2 and 3 are`,
    );
    return collector.finish('package-lock', null);
  }
  if (document.packages !== undefined) readPackages(document.packages, collector);
  else readDependencyTree(document.dependencies, collector);
  return collector.finish('package-lock', `lockfileVersion ${String(version)}`);
}

/** `@scope/name` → namespace `@scope` and name `name`, as purl-spec's npm type wants them. */
function npmPurl(packageName: string, version: string | null): string {
  const slash = packageName.startsWith('@') ? packageName.indexOf('/') : -1;
  return stringifyPurl({
    type: 'npm',
    namespace: slash > 0 ? packageName.slice(0, slash) : null,
    name: slash > 0 ? packageName.slice(slash + 1) : packageName,
    version,
    qualifiers: null,
    subpath: null,
  });
}

function addPackage(
  packageName: string,
  version: string | null,
  integrity: string | null,
  at: string,
  collector: ComponentCollector,
) {
  let purl: string;
  try {
    purl = npmPurl(packageName, version);
  } catch (error) {
    const reason = error instanceof PurlError ? error.message : String(error);
    collector.problems.error(at, `not a valid npm package: ${reason}`);
    return;
  }
  collector.add(
    {
      name: packageName,
      vendor: null,
      version,
      purl,
      cpe: null,
      modelNumber: null,
      site: null,
      hashes: integrity === null ? [] : hashesFromIntegrity(integrity),
    },
    (field) => (field === undefined || field === 'purl' ? at : `${at}/${field}`),
    { quietDuplicates: true },
  );
}

function readPackages(packages: unknown, collector: ComponentCollector): void {
  if (!isObject(packages)) {
    collector.problems.error('/packages', '"packages" must be an object');
    return;
  }
  for (const [path, entry] of Object.entries(packages)) {
    if (collector.isFull) return;
    const at = pointer('packages', path);
    const installedAt = path.lastIndexOf(NODE_MODULES);
    if (installedAt < 0) continue; // the root project or a workspace folder
    if (!isObject(entry)) {
      collector.problems.error(at, 'a package entry must be a JSON object');
      continue;
    }
    if (entry.link === true) continue;
    // An aliased install (`"foo": "npm:bar@1"`) records the real package name in `name`.
    const name =
      jsonString(entry, 'name', at, collector.problems) ?? path.slice(installedAt + NODE_MODULES.length);
    const version = jsonString(entry, 'version', at, collector.problems);
    addPackage(name, version, jsonString(entry, 'integrity', at, collector.problems), at, collector);
  }
}

/** Version 1: `dependencies` maps names to `{ version, integrity, dependencies }`, nested. */
function readDependencyTree(root: unknown, collector: ComponentCollector): void {
  const stack: { tree: unknown; at: string }[] = [{ tree: root, at: '/dependencies' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.tree === undefined) continue;
    if (!isObject(item.tree)) {
      collector.problems.error(item.at, '"dependencies" must be an object');
      continue;
    }
    const entries = Object.entries(item.tree);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [name, entry] = entries[i] ?? [];
      if (name === undefined) continue;
      const at = `${item.at}${pointer(name)}`;
      if (!isObject(entry)) {
        collector.problems.error(at, 'a dependency entry must be a JSON object');
        continue;
      }
      stack.push({ tree: entry.dependencies, at: `${at}/dependencies` });
    }
    for (const [name, entry] of entries) {
      if (collector.isFull) return;
      if (!isObject(entry)) continue;
      const at = `${item.at}${pointer(name)}`;
      const spec = registryVersion(name, jsonString(entry, 'version', at, collector.problems));
      addPackage(
        spec.name,
        spec.version,
        jsonString(entry, 'integrity', at, collector.problems),
        at,
        collector,
      );
    }
  }
}

/**
 * A v1 `version` is the installed version, an alias (`npm:real-name@1.2.3`) or, for packages not from
 * the registry, where they came from (`git+https://…#sha`, `file:../x`): no version a purl can carry.
 */
function registryVersion(name: string, version: string | null): { name: string; version: string | null } {
  if (version === null) return { name, version };
  if (version.startsWith('npm:')) {
    const alias = version.slice('npm:'.length);
    const at = alias.lastIndexOf('@');
    return at > 0
      ? { name: alias.slice(0, at), version: alias.slice(at + 1) }
      : { name: alias, version: null };
  }
  return version.includes(':') || version.includes('/') ? { name, version: null } : { name, version };
}

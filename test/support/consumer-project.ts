/**
 * A fresh user project that installs the packed tarball offline. npm resolves a dependency from the cache only with
 * a lockfile (without one it asks the registry for each package's metadata), so the project's lockfile is cut from
 * the repository's: the packages the tarball and the chosen dev tools need, at the paths and versions `npm ci` put
 * them in the cache with.
 */
import fs from 'node:fs';
import path from 'node:path';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [field: string]: unknown;
}

interface Lockfile {
  packages: Record<string, LockEntry>;
}

/** Where Node would find `name` required from the package installed at `from` ('' is the project root). */
function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let dir = from; ;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (dir === '') return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent < 0 ? '' : dir.slice(0, parent);
  }
}

/** Every lock entry reachable from `roots` (names resolved from the project root), dev flags dropped. */
function reachable(lock: Lockfile, roots: readonly string[]): Record<string, LockEntry> {
  const found: Record<string, LockEntry> = {};
  const visit = (from: string, name: string, optional: boolean): void => {
    const at = resolveInLock(lock.packages, from, name);
    if (!at) {
      if (optional) return;
      throw new Error(`package-lock.json has no ${name} (needed from ${from || 'the root'})`);
    }
    if (found[at]) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[at]!;
    found[at] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(at, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(at, dep, true);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) visit(at, dep, true);
  };
  for (const name of roots) visit('', name, false);
  return found;
}

export interface ConsumerProjectOptions {
  readonly dir: string;
  /** The tarball `npm pack` wrote; copied into the project. */
  readonly tarball: string;
  /** The repository whose package.json and package-lock.json pin every version. */
  readonly repoRoot: string;
  /** Dev tools the project installs too, at the repository's versions (jest, typescript ...). */
  readonly devDependencies: readonly string[];
}

/** Writes package.json and package-lock.json so that `npm ci --offline` installs the tarball from the cache. */
export function writeConsumerProject(options: ConsumerProjectOptions): void {
  const repoManifest = JSON.parse(fs.readFileSync(path.join(options.repoRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    bin: Record<string, string>;
    engines: Record<string, string>;
  };
  const lock = JSON.parse(fs.readFileSync(path.join(options.repoRoot, 'package-lock.json'), 'utf8')) as Lockfile;
  const tarballName = path.basename(options.tarball);
  fs.copyFileSync(options.tarball, path.join(options.dir, tarballName));

  const devDependencies = Object.fromEntries(
    options.devDependencies.map((name) => {
      const version = lock.packages[`node_modules/${name}`]?.version;
      if (!version) throw new Error(`package-lock.json has no ${name}`);
      return [name, version];
    }),
  );
  const dependencies = { [repoManifest.name]: `file:${tarballName}` };
  const manifest = { name: 'steadfast-consumer', version: '1.0.0', private: true, dependencies, devDependencies };
  const packages: Record<string, LockEntry> = {
    '': { name: manifest.name, version: manifest.version, dependencies, devDependencies },
    [`node_modules/${repoManifest.name}`]: {
      version: repoManifest.version,
      resolved: `file:${tarballName}`,
      dependencies: repoManifest.dependencies,
      bin: repoManifest.bin,
      engines: repoManifest.engines,
    },
    ...reachable(lock, [...Object.keys(repoManifest.dependencies), ...options.devDependencies]),
  };
  fs.writeFileSync(path.join(options.dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(
    path.join(options.dir, 'package-lock.json'),
    `${JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
}

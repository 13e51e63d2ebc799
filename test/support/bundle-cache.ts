/**
 * Workflow bundles shared by every test file and every Jest worker: webpack takes seconds per bundle, and Jest gives
 * each test file a fresh module registry, so a bundle kept in a module variable is rebuilt for every file. A bundle is
 * written once under the temp directory, named by a hash of everything it can contain (the sources, the fixtures and
 * the lockfile), so a changed source makes a new bundle and a stale one is never used.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CACHE_DIR = path.join(os.tmpdir(), 'steadfast-test-bundles');
/**
 * A bundle unused this long is removed. The directory is shared by every checkout on the machine, so bundles are
 * pruned by age, not by count: checkouts at other source states build bundles of their own while a long run still
 * starts processes from its own (a count made one engineer's run delete the bundle another's was about to load).
 */
const UNUSED_FOR_MS = 60 * 60 * 1000;

/** Folders (under the repository) and files whose content a bundle is built from. */
const BUNDLE_INPUTS = ['src', 'test/fixtures', 'package-lock.json'];

function filesUnder(entry: string): string[] {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [entry];
  return fs
    .readdirSync(entry, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((child) => filesUnder(path.join(entry, child.name)));
}

let inputsHash: string | undefined;

/** One hash of every input file's path and content; computed once per test file (a few milliseconds). */
function hashOfInputs(): string {
  if (inputsHash === undefined) {
    const hash = createHash('sha256');
    for (const file of BUNDLE_INPUTS.flatMap((input) => filesUnder(path.join(ROOT, input)))) {
      hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
    }
    inputsHash = hash.digest('hex').slice(0, 16);
  }
  return inputsHash;
}

/** Bundles no run has used for an hour go (a hit touches its file), so the directory does not grow without bound. */
function pruneUnusedBundles(): void {
  const before = Date.now() - UNUSED_FOR_MS;
  for (const name of fs.readdirSync(CACHE_DIR)) {
    const file = path.join(CACHE_DIR, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.mtimeMs < before) fs.rmSync(file, { force: true });
  }
}

/**
 * The file of the bundle called `name` for the current sources: in the cache, or built by `build` and written there
 * (atomically, so concurrent Jest workers never read half a file; two workers may both build it once).
 */
export async function cachedBundleFile(name: string, build: () => Promise<string>): Promise<string> {
  const file = path.join(CACHE_DIR, `${name}-${hashOfInputs()}.js`);
  try {
    // A hit marks the bundle as in use, so no prune removes it while processes of this run may still load it.
    const now = new Date();
    fs.utimesSync(file, now, now);
    return file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const code = await build();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, code);
  fs.renameSync(partial, file);
  pruneUnusedBundles();
  return file;
}

/** The code of the bundle called `name` for the current sources (cachedBundleFile). */
export async function cachedBundleCode(name: string, build: () => Promise<string>): Promise<string> {
  return fs.readFileSync(await cachedBundleFile(name, build), 'utf8');
}

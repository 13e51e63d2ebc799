/**
 * Where the built UI lives: `ui/build` under Steadfast's package root, found from this file whether it runs from
 * src/ (tests), dist/src/ (the repository) or an installed copy of the package.
 */
import fs from 'node:fs';
import path from 'node:path';

export const UI_BUILD_DIR = path.join('ui', 'build');
/** What to run in a clone to build the UI (`npm ci` runs it too). */
export const UI_BUILD_COMMAND = 'npm run build:ui';

export function steadfastPackageRoot(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && isSteadfastManifest(manifest)) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isSteadfastManifest(file: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'steadfast';
  } catch {
    return false;
  }
}

export function defaultUiAssetsDir(): string {
  const root = steadfastPackageRoot() ?? process.cwd();
  return path.join(root, UI_BUILD_DIR);
}

export function isUiBuilt(assetsDir: string): boolean {
  return fs.existsSync(path.join(assetsDir, 'index.html'));
}

#!/usr/bin/env node
'use strict';
/**
 * Set-up step (`npm run build:ui`, run by `npm ci` through `prepare`): installs ui/'s own dependencies and builds the
 * Temporal UI into ui/build, which the embedded server serves. Skips the work when ui/build already matches ui/'s
 * sources and lockfile, and skips itself when ui/ is absent (an image built without it) or STEADFAST_SKIP_UI_BUILD=1.
 */
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const uiDir = path.join(__dirname, '..', 'ui');
const buildDir = path.join(uiDir, 'build');
const stampFile = path.join(buildDir, '.steadfast-build-stamp');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function say(line) {
  process.stdout.write(`steadfast ui: ${line}\n`);
}

/** A hash of everything the build reads from ui/ itself (dependencies are pinned by the lockfile). */
function sourceHash() {
  const hash = crypto.createHash('sha256');
  const files = [
    'package.json',
    'package-lock.json',
    'svelte.config.js',
    'vite.config.js',
    'tailwind.config.js',
    'postcss.config.js',
  ];
  const walk = (dir) => {
    for (const entry of fs
      .readdirSync(path.join(uiDir, dir), { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else files.push(relative);
    }
  };
  walk('src');
  walk('static');
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(uiDir, file)))
      .update('\0');
  return hash.digest('hex');
}

function main() {
  if (process.env.STEADFAST_SKIP_UI_BUILD === '1') return say('skipped (STEADFAST_SKIP_UI_BUILD=1)');
  if (!fs.existsSync(path.join(uiDir, 'package.json'))) return say('skipped (no ui/ folder here)');
  const hash = sourceHash();
  if (
    fs.existsSync(path.join(buildDir, 'index.html')) &&
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === hash
  )
    return say('ui/build is up to date');
  const started = Date.now();
  const installed = path.join(uiDir, 'node_modules', '.package-lock.json');
  const lock = path.join(uiDir, 'package-lock.json');
  if (
    !fs.existsSync(installed) ||
    fs.readFileSync(installed, 'utf8').length === 0 ||
    fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs
  ) {
    say('installing its build dependencies (npm ci in ui/)');
    execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: uiDir, stdio: 'inherit' });
  }
  say('building the Temporal UI into ui/build');
  execFileSync(npm, ['run', 'build', '--silent'], { cwd: uiDir, stdio: 'inherit' });
  fs.writeFileSync(stampFile, hash);
  say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`steadfast ui: the UI build failed: ${err.message}\n`);
  process.stderr.write('steadfast ui: the server still runs without it; retry with `npm run build:ui`\n');
  process.exit(1);
}

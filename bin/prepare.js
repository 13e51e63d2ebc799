#!/usr/bin/env node
'use strict';
/**
 * `prepare` (run by `npm ci` / `npm install` in a clone): builds dist/ and the UI. `npm pack` and `npm publish` run
 * `prepack` for that and then `prepare` too, so here those skip: one build, not two. Output goes to stderr so that
 * `npm pack --json` prints only JSON.
 */
const { execFileSync } = require('node:child_process');

const command = process.env.npm_command;
if (command === 'pack' || command === 'publish') {
  process.stderr.write(`steadfast: prepare skipped (prepack built the package for npm ${command})\n`);
} else {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  for (const script of ['build', 'build:ui'])
    execFileSync(npm, ['run', script, '--silent'], { stdio: ['ignore', process.stderr, 'inherit'] });
}

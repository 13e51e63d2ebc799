#!/usr/bin/env node
'use strict';
/** Entry point of the `steadfast` command: runs the CLI compiled into dist/ by `npm run build`. */
const fs = require('node:fs');
const path = require('node:path');

const main = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write(
    `steadfast: the CLI is not built (${path.relative(process.cwd(), main) || main} is missing); run \`npm run build\` first\n`,
  );
  process.exit(1);
}
require(main).run(process.argv);

/**
 * The README shows every quick-start command that test/deploy/quick-start.test.ts runs, verbatim.
 * Until README.md exists only the commands file is checked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { documentedCommands, readQuickStart } from '../support/quick-start-commands';

const ROOT = path.resolve(__dirname, '../..');
const README = path.join(ROOT, 'README.md');

test('docs/quick-start-commands.json is valid and lists distinct commands, installing first', () => {
  const commands = documentedCommands(readQuickStart(ROOT));
  expect(commands[0]).toBe('npm ci');
  expect(new Set(commands).size).toBe(commands.length);
});

test('README.md shows each quick-start command', () => {
  const commands = documentedCommands(readQuickStart(ROOT));
  const readme = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : undefined;
  const missing = readme === undefined ? [] : commands.filter((command) => !readme.includes(command));
  if (missing.length > 0) {
    throw new Error(
      `README.md does not show these commands of docs/quick-start-commands.json:\n  ${missing.join('\n  ')}\n` +
        'Document them in the README, or remove them from docs/quick-start-commands.json.',
    );
  }
  expect(missing).toEqual([]);
});

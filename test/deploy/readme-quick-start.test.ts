/**
 * The README's quick start shows every command test/deploy/quick-start.test.ts runs, verbatim and in order, so
 * what a new user reads is what the walk-through proves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { documentedCommands, readQuickStart } from '../support/quick-start-commands';

const ROOT = path.resolve(__dirname, '../..');

/** The README's "## Quick start" section, up to the next second-level heading. */
function quickStartSection(readme: string): string {
  const start = readme.search(/^## Quick start\b/m);
  if (start < 0) throw new Error('README.md has no "## Quick start" section');
  const next = readme.slice(start + 1).search(/^## /m);
  return next < 0 ? readme.slice(start) : readme.slice(start, start + 1 + next);
}

test('docs/quick-start-commands.json is valid and lists distinct commands, installing first', () => {
  const commands = documentedCommands(readQuickStart(ROOT));
  expect(commands[0]).toBe('npm ci');
  expect(new Set(commands).size).toBe(commands.length);
});

test("the README's quick start shows each command of docs/quick-start-commands.json, in order", () => {
  const section = quickStartSection(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  const commands = documentedCommands(readQuickStart(ROOT));
  const shown = commands.map((command) => ({ command, at: section.indexOf(command) }));
  expect(shown.filter(({ at }) => at < 0).map(({ command }) => command)).toEqual([]);
  expect(shown.map(({ command }) => command)).toEqual(
    [...shown].sort((a, b) => a.at - b.at).map(({ command }) => command),
  );
});

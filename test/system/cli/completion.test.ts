/**
 * `steadfast completion bash|zsh`: the scripts are generated from the command tree, so every command and flag is
 * in them. Bash loads its script and completes with it; zsh is checked by content (it may not be installed).
 */
import { spawnSync } from 'node:child_process';
import { buildProgram } from '../../../src/cli/main';
import { makeTempDir, removeTempDir, runCli, STEADFAST_BIN } from '../../support/cli-process';

let cwd: string;
beforeAll(() => {
  cwd = makeTempDir();
});
afterAll(() => removeTempDir(cwd));

/** Every command path of the CLI, e.g. "worker agents", from the same tree the scripts are made of. */
function commandPaths(): string[] {
  const paths: string[] = [];
  const visit = (command: ReturnType<typeof buildProgram>, prefix: string[]) => {
    for (const sub of command.commands) {
      paths.push([...prefix, sub.name()].join(' '));
      visit(sub, [...prefix, sub.name()]);
    }
  };
  visit(buildProgram(), []);
  return paths;
}

/** Runs bash's completion function for `words` (the last one is being completed) and returns what it offers. */
function bashCompletes(words: string[]): string[] {
  const script = [
    `source <("${process.execPath}" "${STEADFAST_BIN}" completion bash)`,
    `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_steadfast_completion',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8' });
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  return result.stdout.split('\n').filter((line) => line !== '');
}

test('bash loads the script and registers the completion of steadfast', () => {
  const result = spawnSync(
    'bash',
    ['-c', `source <("${process.execPath}" "${STEADFAST_BIN}" completion bash) && complete -p steadfast`],
    { cwd, encoding: 'utf8' },
  );
  expect({ status: result.status, stdout: result.stdout.trim(), stderr: result.stderr }).toEqual({
    status: 0,
    stdout: 'complete -o default -F _steadfast_completion steadfast',
    stderr: '',
  });
});

test('bash completes commands, subcommands and the flags of the command typed so far', () => {
  const topLevel = commandPaths().filter((path) => !path.includes(' '));
  expect(bashCompletes(['steadfast', '']).sort()).toEqual([...topLevel].sort());
  expect(bashCompletes(['steadfast', 'wat'])).toEqual(['watch']);
  expect(bashCompletes(['steadfast', 'worker', 'a'])).toEqual(['agents']);
  expect(bashCompletes(['steadfast', 'worker', 'agents', '--con'])).toEqual(['--concurrency', '--connect-timeout']);
  // Flags and their values before the word do not hide the command.
  expect(bashCompletes(['steadfast', 'approve', '--address', '127.0.0.1:7233', '--c'])).toEqual(['--comment']);
  expect(bashCompletes(['steadfast', 'terminate', 'some-id', '--r'])).toEqual(['--reason']);
});

test('the zsh script names every command and every flag of each', async () => {
  const result = await runCli(['completion', 'zsh'], { cwd });
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: [] });
  const script = result.stdout.join('\n');
  expect(result.stdout[0]).toBe('#compdef steadfast');
  for (const path of commandPaths()) {
    const name = path.split(' ').at(-1)!;
    expect(script).toMatch(new RegExp(`'${name}:`));
    expect(script).toContain(`'${path}')`);
  }
  for (const flag of ['--comment:', '--reason:', '--wait:', '--json:', '--module:', '--search-attribute:']) {
    expect(script).toContain(`'${flag}`);
  }
});

test('completion of an unknown shell is a usage error', async () => {
  const result = await runCli(['completion', 'fish'], { cwd });
  expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
    code: 2,
    stdout: [],
    stderr: ['steadfast: <shell>: expected one of bash, zsh'],
  });
});

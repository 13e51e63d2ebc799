/**
 * `steadfast completion bash|zsh`: the scripts are generated from the command tree, so every command and flag is
 * in them. Bash and zsh (.ci/run installs it) load their script and complete with it: zsh interactively, in a
 * pseudo-terminal, with compinit, for every command and its flags.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { completionTree } from '../../../src/cli/completion/command-tree';
import { buildProgram } from '../../../src/cli/main';
import { makeTempDir, removeTempDir, runCli, STEADFAST_BIN } from '../../support/cli-process';
import { runZsh, zshCompletes, zshWord, type ZshLoading } from '../../support/zsh-completion';

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

test.each<ZshLoading>(['source', 'fpath'])(
  'zsh loads the script after compinit (%s) and registers the completion of steadfast',
  (loading) => {
    const script = `${zshWord(process.execPath)} ${zshWord(STEADFAST_BIN)} completion zsh`;
    const fpathDir = fs.mkdtempSync(path.join(cwd, 'fpath-'));
    if (loading === 'fpath') fs.writeFileSync(path.join(fpathDir, '_steadfast'), runZsh(script, cwd));
    const result = spawnSync(
      'zsh',
      [
        '-f',
        '-c',
        [
          loading === 'fpath' ? `fpath=(${zshWord(fpathDir)} $fpath)` : '',
          'autoload -U compinit && compinit -u -D',
          loading === 'source' ? `source <(${script})` : '',
          'print -r -- "$_comps[steadfast]"',
        ].join('\n'),
      ],
      { cwd, encoding: 'utf8', env: { ...process.env, HOME: cwd } },
    );
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: '_steadfast\n',
      stderr: '',
    });
  },
);

test('zsh sourcing the script before compinit says to run compinit first', () => {
  const result = spawnSync(
    'zsh',
    ['-f', '-c', `source <(${zshWord(process.execPath)} ${zshWord(STEADFAST_BIN)} completion zsh)`],
    { cwd, encoding: 'utf8', env: { ...process.env, HOME: cwd } },
  );
  expect({ status: result.status, stderr: result.stderr }).toEqual({
    status: 1,
    stderr:
      'steadfast completion zsh: compinit has not run; load this script after: autoload -U compinit && compinit\n',
  });
});

test.each<ZshLoading>(['source', 'fpath'])(
  'zsh completes commands, subcommands and the flags of the command typed so far (%s)',
  (loading) => {
    fs.writeFileSync(path.join(cwd, 'request.json'), '{}');
    const tree = completionTree(buildProgram());
    const expected = new Map<string, string[]>([
      ['steadfast wat', ['watch']],
      ['steadfast worker a', ['agents']],
      ['steadfast worker agents --con', ['--concurrency', '--connect-timeout']],
      // Flags and their values before the word do not hide the command.
      ['steadfast approve --address 127.0.0.1:7233 --c', ['--comment']],
      ['steadfast terminate some-id --r', ['--reason']],
      // Where no command or flag fits, file names.
      ['steadfast run req', ['request.json']],
    ]);
    // Every command: its subcommands after a space, its flags after "--".
    for (const node of tree) {
      const typed = ['steadfast', ...node.path].join(' ');
      const subcommands = node.subcommands.map((sub) => sub.name);
      if (subcommands.length > 0) expected.set(`${typed} `, subcommands);
      expected.set(
        `${typed} --`,
        node.options.map((option) => option.flag),
      );
    }
    expect(expected.get('steadfast ')).toEqual(expect.arrayContaining(['run', 'worker', 'schedule', 'approve']));
    expect(expected.get('steadfast server --')).toEqual(expect.arrayContaining(['--search-attribute', '--db']));

    const { offered, errors } = zshCompletes([...expected.keys()], { cwd, loading });
    expect(errors).toBe('');
    const sorted = (words: readonly string[] | undefined) => [...(words ?? [])].sort();
    for (const [typed, words] of expected) {
      expect({ typed, offered: sorted(offered.get(typed)) }).toEqual({ typed, offered: sorted(words) });
    }
  },
);

test('completion of an unknown shell is a usage error', async () => {
  const result = await runCli(['completion', 'fish'], { cwd });
  expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
    code: 2,
    stdout: [],
    stderr: ['steadfast: <shell>: expected one of bash, zsh'],
  });
});

/**
 * Drives zsh's real completion of `steadfast`: an interactive zsh runs in zsh's own pseudo-terminal (zsh/zpty), loads
 * the completion script after compinit as a user's .zshrc would, and gets each line typed with a TAB. A compadd wrapper
 * records the words zsh would offer for it, a completion widget prints a marker when zsh is done.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { STEADFAST_BIN } from './cli-process';

/** How the script reaches zsh: `source <(steadfast completion zsh)`, or a file `_steadfast` in a directory of $fpath. */
export type ZshLoading = 'source' | 'fpath';

export interface ZshCompletions {
  /** For each line typed, the words zsh offers, in the order zsh was given them. */
  readonly offered: ReadonlyMap<string, readonly string[]>;
  /** What zsh wrote to stderr while loading the script and while completing. */
  readonly errors: string;
}

const READY = '==steadfast-test-ready==';
const COMPLETED = '==steadfast-test-completed==';
const CTRL_U = '\\x15';

/** Types each of `lines` (the last word is the one completed) into one zsh in `cwd` and collects what it offers. */
export function zshCompletes(lines: readonly string[], { cwd, loading }: { cwd: string; loading: ZshLoading }) {
  const dir = fs.mkdtempSync(path.join(cwd, 'zsh-'));
  const file = (name: string) => path.join(dir, name);
  const scriptCommand = `${zshWord(process.execPath)} ${zshWord(STEADFAST_BIN)} completion zsh`;
  if (loading === 'fpath') fs.writeFileSync(file('_steadfast'), runZsh(scriptCommand, cwd));
  fs.writeFileSync(file('.zshrc'), zshrc(dir, loading, scriptCommand));
  fs.writeFileSync(file('driver.zsh'), DRIVER);
  fs.writeFileSync(file('errors'), '');
  const result = spawnSync('zsh', ['-f', file('driver.zsh'), ...lines], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ZDOTDIR: dir, HOME: dir, TERM: 'dumb', STEADFAST_TEST_DIR: dir },
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  if (result.status !== 0) {
    const transcript = fs.existsSync(file('pty.log')) ? fs.readFileSync(file('pty.log'), 'utf8') : '';
    throw new Error(
      `zsh completion driver failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}\n` +
        `zsh stderr: ${fs.readFileSync(file('errors'), 'utf8')}\nterminal output:\n${transcript}`,
    );
  }
  const offered = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of result.stdout.split('\n')) {
    if (line.startsWith('@line ')) offered.set(line.slice('@line '.length), (current = []));
    else if (line !== '') current.push(line);
  }
  return { offered, errors: fs.readFileSync(file('errors'), 'utf8') } satisfies ZshCompletions;
}

/** Runs one command line in a plain zsh and returns its stdout. */
export function runZsh(commandLine: string, cwd: string): string {
  const result = spawnSync('zsh', ['-f', '-c', commandLine], { cwd, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`zsh -c ${commandLine}: exit ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** Single-quoted for zsh. */
export function zshWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The interactive shell's startup: compinit, the script, and the capture of what completion offers. */
function zshrc(dir: string, loading: ZshLoading, scriptCommand: string): string {
  const at = (name: string) => zshWord(path.join(dir, name));
  return `PS1='> '
unsetopt AUTO_LIST BEEP
bindkey -e
{
  ${loading === 'fpath' ? `fpath=(${zshWord(dir)} $fpath)` : ''}
  autoload -U compinit && compinit -u -D
  ${loading === 'source' ? `source <(${scriptCommand})` : ''}
} 2>>${at('errors')}

# Calls with -O, -A or -D only sort candidates into arrays; every other call offers its words, and records those that
# match what is typed.
compadd() {
  local arg
  local -a matching
  for arg in "$@"; do
    [[ $arg == (-|--) ]] && break
    [[ $arg == -[OAD] ]] && { builtin compadd "$@"; return; }
  done
  builtin compadd -O matching "$@"
  (( $#matching )) && print -rl -- $matching >>${at('offered')}
  builtin compadd "$@"
}
_steadfast_test_complete() {
  : >|${at('offered')}
  _main_complete 2>>${at('errors')}
  print -rn -- $'\\n${COMPLETED}\\n'
}
zle -C steadfast-test-complete complete-word _steadfast_test_complete
bindkey '^I' steadfast-test-complete
print -rn -- $'\\n${READY}\\n'
`;
}

/**
 * Starts the interactive zsh on a pseudo-terminal, waits for its ready marker, then for each argument types it with a
 * TAB, waits for the completed marker, prints `@line <argument>` and the words offered, and clears the line (Ctrl-U).
 * Everything the terminal shows goes to pty.log for failure messages; the caller's timeout bounds every wait.
 */
const DRIVER = `zmodload zsh/zpty || exit 3
dir=$STEADFAST_TEST_DIR
await() {
  local line
  while zpty -r shell line; do
    print -rn -- "$line" >>$dir/pty.log
    [[ $line == *"$1"* ]] && return 0
  done
  print -ru2 -- "zsh ended before printing $1"
  exit 4
}
zpty shell zsh --no-globalrcs -i
await '${READY}'
for typed in "$@"; do
  zpty -n -w shell "$typed"$'\\t'
  await '${COMPLETED}'
  print -r -- "@line $typed"
  [[ -s $dir/offered ]] && print -r -- "$(<$dir/offered)"
  zpty -n -w shell $'${CTRL_U}'
done
zpty -d shell
`;

/** `steadfast completion bash|zsh`: prints a shell completion script generated from the commands and their flags. */
import type { Command } from 'commander';
import { z } from 'zod';
import { parseFlags } from '../flags';

const SHELLS = ['bash', 'zsh'] as const;

const CompletionFlagsSchema = z.object({
  shell: z.enum(SHELLS, { error: `expected one of ${SHELLS.join(', ')}` }),
});

export function register(program: Command): void {
  program
    .command('completion')
    .description('Print a shell completion script for bash or zsh, generated from the commands and their flags')
    .argument('<shell>', SHELLS.join(' or '))
    .addHelpText(
      'after',
      '\nExamples:\n  source <(steadfast completion bash)          # in ~/.bashrc\n' +
        '  source <(steadfast completion zsh)           # in ~/.zshrc, after compinit',
    )
    .action(async (shell: string) => {
      const flags = parseFlags(CompletionFlagsSchema, { shell }, { shell: '<shell>' });
      const [{ completionTree }, { bashCompletionScript }, { zshCompletionScript }] = await Promise.all([
        import('../completion/command-tree'),
        import('../completion/bash-completion'),
        import('../completion/zsh-completion'),
      ]);
      const tree = completionTree(program);
      const script =
        flags.shell === 'bash' ? bashCompletionScript(program.name(), tree) : zshCompletionScript(program.name(), tree);
      process.stdout.write(script);
    });
}

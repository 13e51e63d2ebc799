/** The command tree commander holds, as completion scripts need it: every command path, its subcommands and flags. */
import type { Command } from 'commander';

export interface CompletionNode {
  /** Words after `steadfast`, e.g. ['worker', 'agents']; empty for the program itself. */
  readonly path: readonly string[];
  readonly description: string;
  readonly subcommands: readonly { readonly name: string; readonly description: string }[];
  readonly options: readonly { readonly flag: string; readonly description: string }[];
}

/** Every command with its path, depth first, the program first. */
export function completionTree(program: Command): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: readonly string[]) => {
    const subcommands = command.commands.filter((sub) => !isHidden(sub));
    nodes.push({
      path,
      description: command.description(),
      subcommands: subcommands.map((sub) => ({ name: sub.name(), description: firstSentence(sub.description()) })),
      options: [
        ...command.options
          .filter((option) => !option.hidden && option.long !== undefined)
          .map((option) => ({ flag: option.long!, description: firstSentence(option.description) })),
        { flag: '--help', description: 'display help for command' },
      ],
    });
    for (const sub of subcommands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return nodes;
}

function isHidden(command: Command): boolean {
  // commander keeps `hidden` private; the implicit `help` command is not in command.commands.
  return (command as unknown as { _hidden?: boolean })._hidden === true;
}

function firstSentence(text: string): string {
  return text.split(/[;:(]/)[0]!.trim();
}

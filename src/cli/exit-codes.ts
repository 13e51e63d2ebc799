/** The exit codes of every `steadfast` command, documented in docs/cli.md; scripts may rely on them. */
export const ExitCode = {
  /** The command did what was asked (for `run --wait`, `watch` and `result`: the orchestration completed). */
  ok: 0,
  /** The orchestration failed or was cancelled, an operation was refused, or the server could not be reached. */
  failed: 1,
  /** The command line or an input file is wrong: unknown command or option, bad flag value, invalid request. */
  usage: 2,
} as const;

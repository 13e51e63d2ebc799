/**
 * `steadfast list | head -1`: once the reader of stdout has gone, there is nobody to tell anything to. The command
 * ends at once and quietly (exit code 0, as if it had finished), instead of crashing on EPIPE with a stack trace.
 */
let installed = false;

export function exitQuietlyWhenStdoutCloses(stdout: NodeJS.WriteStream = process.stdout): void {
  if (installed) return;
  installed = true;
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

/** Whether a path or text holds a PEM certificate or key: the one check behind every TLS file setting. */
import fs from 'node:fs';

/** Undefined when `file` is a readable PEM file; else why not, naming the file. */
export function pemFileProblem(file: string): string | undefined {
  let text: string;
  try {
    if (fs.statSync(file).isDirectory()) return `${file} is a directory, not a PEM file`;
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `no file at ${file}`;
    if (code === 'EACCES') return `cannot read ${file}: permission denied`;
    return `cannot read ${file}: ${code ?? (error as Error).message}`;
  }
  const problem = pemTextProblem(text);
  return problem === undefined ? undefined : `${file} ${problem}`;
}

/** Undefined when `text` looks like PEM; a certificate pasted without its armour is caught here, not in a TLS handshake. */
export function pemTextProblem(text: string): string | undefined {
  return text.includes('-----BEGIN ') ? undefined : 'is not PEM (no "-----BEGIN" line)';
}

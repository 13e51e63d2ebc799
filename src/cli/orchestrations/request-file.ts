/**
 * Reads an orchestration request from a JSON file, or from stdin when the file is "-", and validates it; every
 * problem is one line naming the file and field, and is a usage error (exit code 2).
 */
import fs from 'node:fs';
import { InvalidConfigError } from '../../config/parse-config';
import {
  parseOrchestrationRequest,
  type OrchestrationRequest,
  type OrchestrationRequestInput,
} from '../../config/orchestration-request';
import { UsageError } from '../cli-error';

export interface RequestFile {
  /** As written, for the client (which validates it again). */
  readonly input: OrchestrationRequestInput;
  readonly parsed: OrchestrationRequest;
}

/** The argument that names stdin instead of a file, as in `cat request.json | steadfast run -`. */
export const STDIN_ARGUMENT = '-';

const STDIN_FD = 0;

export function readRequestFile(file: string): RequestFile {
  const fromStdin = file === STDIN_ARGUMENT;
  const source = fromStdin ? 'the request on stdin' : file;
  let text: string;
  try {
    text = fs.readFileSync(fromStdin ? STDIN_FD : file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(
      fromStdin ? `cannot read the request from stdin: ${reason}` : `cannot read request file ${file}: ${reason}`,
    );
  }
  if (fromStdin && text.trim() === '')
    throw new UsageError('no request on stdin; pipe one in, e.g. `steadfast run - < request.json`');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return { input: json as OrchestrationRequestInput, parsed: parseOrchestrationRequest(json) };
  } catch (error) {
    if (error instanceof InvalidConfigError)
      throw new UsageError(`${source}: invalid orchestration request: ${error.problems.join('; ')}`);
    throw error;
  }
}

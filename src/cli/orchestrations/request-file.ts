/** Reads an orchestration request from a JSON file and validates it; every problem is one line naming the file and field. */
import fs from 'node:fs';
import { InvalidConfigError } from '../../config/parse-config';
import {
  parseOrchestrationRequest,
  type OrchestrationRequest,
  type OrchestrationRequestInput,
} from '../../config/orchestration-request';
import { CliError } from '../cli-error';

export interface RequestFile {
  /** As written, for the client (which validates it again). */
  readonly input: OrchestrationRequestInput;
  readonly parsed: OrchestrationRequest;
}

export function readRequestFile(file: string): RequestFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CliError(`cannot read request file ${file}: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return { input: json as OrchestrationRequestInput, parsed: parseOrchestrationRequest(json) };
  } catch (error) {
    if (error instanceof InvalidConfigError)
      throw new CliError(`${file}: invalid orchestration request: ${error.problems.join('; ')}`);
    throw error;
  }
}

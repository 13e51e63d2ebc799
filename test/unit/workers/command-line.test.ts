import {
  AgentPoolProcessConfigSchema,
  OrchestratorProcessConfigSchema,
} from '../../../src/config/worker-process-config';
import { InvalidConfigError } from '../../../src/config/parse-config';
import { parseCommandLine, parseFlags } from '../../../src/workers/command-line';

describe('worker process command line', () => {
  it('reads --flag value and --flag=value, in camelCase', () => {
    expect(parseFlags(['--task-queue', 'q', '--max-cached-workflows=5'])).toEqual({
      taskQueue: 'q',
      maxCachedWorkflows: '5',
    });
  });

  it('rejects positional arguments, missing values and repeated flags, naming each', () => {
    const error = (() => {
      try {
        parseFlags(['stray', '--module', '--agents', 'a', '--agents', 'b']);
      } catch (caught) {
        return caught as InvalidConfigError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error!.problems).toEqual([
      'stray: unexpected argument; every option is a flag such as --address host:port',
      '--module: needs a value',
      '--agents: given more than once',
    ]);
  });

  it('applies the environment under the flags, and converts text to numbers, durations and lists', () => {
    const config = parseCommandLine(
      AgentPoolProcessConfigSchema,
      ['--module', './agents.js', '--agents', 'search, write', '--concurrency', '8', '--shutdown-grace-time', '2s'],
      { address: 'temporal.internal:7233', namespace: 'prod' },
    );
    expect(config).toEqual({
      address: 'temporal.internal:7233',
      namespace: 'prod',
      module: './agents.js',
      agents: ['search', 'write'],
      concurrency: 8,
      shutdownGraceTime: 2_000,
    });
    expect(
      parseCommandLine(OrchestratorProcessConfigSchema, ['--address', '10.0.0.1:7000'], { address: 'ignored:1' })
        .address,
    ).toBe('10.0.0.1:7000');
  });

  it('leaves address and namespace to TEMPORAL_* variables and the profile when the flags are absent', () => {
    const parsed = parseCommandLine(OrchestratorProcessConfigSchema, []);
    expect(parsed.address).toBeUndefined();
    expect(parsed.namespace).toBeUndefined();
  });

  it('reports bad values and unknown flags against the flag', () => {
    expect(() =>
      parseCommandLine(AgentPoolProcessConfigSchema, [
        '--concurrency',
        'lots',
        '--colour',
        'red',
        '--address',
        'nowhere',
      ]),
    ).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          '--address: expected host:port, e.g. 127.0.0.1:7233',
          '--concurrency: expected a whole number',
          '--module: expected the path of a module that exports agent definitions, e.g. ./my-agents.js',
          '--colour: unknown flag',
        ]),
      }),
    );
    expect(() => parseCommandLine(AgentPoolProcessConfigSchema, ['--module', 'm.js', '--address', 'nowhere'])).toThrow(
      expect.objectContaining({ problems: ['--address: expected host:port, e.g. 127.0.0.1:7233'] }),
    );
  });
});

import { defineAgent } from '../../../src/activities/define-agent';
import { InvalidConfigError } from '../../../src/config/parse-config';
import { concurrencyFor, selectPoolAgents } from '../../../src/workers/pool-sizing';

const search = defineAgent({ name: 'search', handler: async () => 1, concurrency: 3 });
const write = defineAgent({ name: 'write', handler: async () => 2 });

describe('agent pool sizing', () => {
  it('serves every agent of the module unless told which', () => {
    expect(selectPoolAgents([search, write], undefined)).toEqual([search, write]);
    expect(selectPoolAgents([search, write], ['write', 'write'])).toEqual([write]);
  });

  it('names an unknown agent and lists the known ones', () => {
    expect(() => selectPoolAgents([search, write], ['write', 'summarize'])).toThrow(
      expect.objectContaining({ problems: ['only[1]: no agent "summarize" is defined (known: search, write)'] }),
    );
    expect(() => selectPoolAgents([], undefined)).toThrow(InvalidConfigError);
  });

  it("runs as many instructions at once as the agent's concurrency, unless the pool overrides it", () => {
    expect(concurrencyFor(search, undefined)).toBe(3);
    expect(concurrencyFor(write, undefined)).toBe(4);
    expect(concurrencyFor(search, 10)).toBe(10);
  });
});

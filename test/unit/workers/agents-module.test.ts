import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAgentsModule } from '../../../src/workers/agents-module';

describe('loading the agents module', () => {
  it('finds the agent definitions a module exports, relative to the current directory', () => {
    const agents = loadAgentsModule('test/fixtures/agents/ledger-agents', path.resolve(__dirname, '../../..'));
    expect(agents.map((agent) => agent.name)).toEqual(['ledger-writer']);
  });

  it('says which module could not be loaded, or that it defines no agents', () => {
    expect(() => loadAgentsModule('./no/such/module.js', '/tmp')).toThrow(
      /module: cannot load \/tmp\/no\/such\/module\.js: .*Cannot find module/,
    );
    const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agents-')), 'empty.js');
    fs.writeFileSync(empty, 'module.exports = { notAnAgent: 1 };');
    expect(() => loadAgentsModule(empty)).toThrow(/exports no agent definitions; export the results of defineAgent/);
  });

  it('names the field of an invalid agent definition in the module', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agents-')), 'broken.js');
    const defineAgent = JSON.stringify(path.resolve(__dirname, '../../../src/activities/define-agent'));
    fs.writeFileSync(
      file,
      `module.exports = require(${defineAgent}).defineAgent({ name: 'broken', handler: async () => 1, timeouts: { heartbeat: 'soon' } });`,
    );
    expect(() => loadAgentsModule(file)).toThrow(
      `module: ${file}: invalid agent "broken": timeouts.heartbeat: expected a duration: milliseconds, or text like "500ms", "30s", "5m", "1h", got "soon"`,
    );
  });
});

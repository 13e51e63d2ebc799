/** The local activity before a step's first dispatch: policies of its agent and chain, and one exchange for its circuits. */
import { describeStep } from '../../../src/activities/describe-step';
import { defaultAgentPolicy } from '../../../src/config/agent-policy-schemas';
import type { AgentOutcomeReport } from '../../../src/orchestration/agent-health';
import type { AgentPolicy } from '../../../src/orchestration/agent-policy';
import type { LlmPolicy } from '../../../src/orchestration/llm-policy';
import type {
  DescribedAgents,
  ExchangeAgentHealthInput,
  ExchangedAgentHealth,
} from '../../../src/orchestration/orchestrator-activities-api';

const withFallback = (name: string, alternates: string[], autonomous = false): AgentPolicy => {
  const policy = defaultAgentPolicy(name);
  return { ...policy, fallback: { ...policy.fallback, alternates, autonomous } };
};

const POLICIES: Record<string, AgentPolicy> = {
  writer: withFallback('writer', ['editor'], true),
  editor: { ...defaultAgentPolicy('editor'), llm: { circuitKey: 'model:gpt' } as LlmPolicy },
  proofreader: { ...defaultAgentPolicy('proofreader'), llm: { circuitKey: 'model:gpt' } as LlmPolicy },
};

function fakeCatalog() {
  const asked: string[][] = [];
  return {
    asked,
    describe(names: readonly string[]): DescribedAgents {
      asked.push([...names]);
      return {
        policies: Object.fromEntries(names.map((name) => [name, POLICIES[name] ?? defaultAgentPolicy(name)])),
        withAutonomous: names.filter((name) => name === 'writer'),
      };
    },
  };
}

const EXCHANGED: ExchangedAgentHealth = {
  snapshot: { breakerConfig: { failureThreshold: 3, cooldownMs: 30_000 }, breakers: {} },
  maxAgeMs: 1_000,
};
const REPORT: AgentOutcomeReport = { agent: 'writer', ok: true, at: 1, orchestrationId: 'o', stepId: 's' };

test("the agent's own chain: its alternates are described, and the exchange reads their circuits and models'", async () => {
  const catalog = fakeCatalog();
  const exchanges: ExchangeAgentHealthInput[] = [];
  const described = await describeStep(
    catalog,
    async (input) => {
      exchanges.push(input);
      return EXCHANGED;
    },
    { agent: 'writer', health: { registryId: 'r', reports: [REPORT] } },
  );
  expect(Object.keys(described.policies).sort()).toEqual(['editor', 'writer']);
  expect(described.withAutonomous).toEqual(['writer']);
  // The autonomous branch runs on the orchestrator: no circuit of its own; the LLM alternate adds its model's.
  expect(exchanges).toEqual([{ registryId: 'r', agents: ['writer', 'editor', 'model:gpt'], reports: [REPORT] }]);
  expect(described.health).toEqual({ agents: ['writer', 'editor', 'model:gpt'], exchanged: EXCHANGED });
});

test("a step's fallback override decides the chain: its alternates are described instead of the agent's", async () => {
  const catalog = fakeCatalog();
  const described = await describeStep(catalog, async () => EXCHANGED, {
    agent: 'writer',
    fallback: { alternates: ['proofreader', 'writer'] },
    health: { registryId: 'r', reports: [] },
  });
  expect(Object.keys(described.policies).sort()).toEqual(['proofreader', 'writer']);
  expect(described.health?.agents).toEqual(['writer', 'proofreader', 'model:gpt']);

  const alone = await describeStep(catalog, async () => EXCHANGED, {
    agent: 'writer',
    fallback: { alternates: [] },
    health: { registryId: 'r', reports: [] },
  });
  expect(Object.keys(alone.policies)).toEqual(['writer']);
  expect(alone.health?.agents).toEqual(['writer']);
});

test('without health nothing is exchanged; an unreadable registry still leaves the policies, with why', async () => {
  let exchanged = 0;
  const plain = await describeStep(
    fakeCatalog(),
    async () => {
      exchanged += 1;
      return EXCHANGED;
    },
    { agent: 'writer' },
  );
  expect(exchanged).toBe(0);
  expect(plain.health).toBeUndefined();
  expect(Object.keys(plain.policies).sort()).toEqual(['editor', 'writer']);

  const unreadable = await describeStep(
    fakeCatalog(),
    async () => {
      throw new Error('14 UNAVAILABLE: registry gone');
    },
    { agent: 'writer', health: { registryId: 'r', reports: [REPORT] } },
  );
  expect(Object.keys(unreadable.policies).sort()).toEqual(['editor', 'writer']);
  expect(unreadable.health).toEqual({
    agents: ['writer', 'editor', 'model:gpt'],
    unavailable: 'Error: 14 UNAVAILABLE: registry gone',
  });
});

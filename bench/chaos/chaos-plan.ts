/**
 * The scenarios `npm run chaos` runs, in order, at the sizes of the failure-mode issue (scale 1); `--scale` shrinks
 * batch sizes and outage lengths, never the timeouts a scenario needs to outlast.
 */
import { runAgentCrash } from '../../test/support/chaos/scenarios/agent-crash';
import { runAgentDeadlock } from '../../test/support/chaos/scenarios/agent-deadlock';
import { runEdgePartition } from '../../test/support/chaos/scenarios/edge-partition';
import { runAgentHang } from '../../test/support/chaos/scenarios/agent-hang';
import { runAgentUnresponsive } from '../../test/support/chaos/scenarios/agent-unresponsive';
import { runBadRelease } from '../../test/support/chaos/scenarios/bad-release';
import { runInvalidConfig } from '../../test/support/chaos/scenarios/invalid-config';
import { runOrchestratorCrash } from '../../test/support/chaos/scenarios/orchestrator-crash';
import { runOutageCascade } from '../../test/support/chaos/scenarios/outage-cascade';
import { runOverload } from '../../test/support/chaos/scenarios/overload';
import { runAgentPoolPartition } from '../../test/support/chaos/scenarios/partition-agent-pool';
import { runOrchestratorPartition } from '../../test/support/chaos/scenarios/partition-orchestrator';
import { runRoutingLoop } from '../../test/support/chaos/scenarios/routing-loop';
import { runServerCrash } from '../../test/support/chaos/scenarios/server-crash';
import { CHAOS_WORKER } from '../../test/support/chaos/chaos-agents';
import { scaled, type ScenarioLog } from '../../test/support/chaos/scenario-kit';
import type { ScenarioReport } from '../../test/support/chaos/scenario-report';

export interface PlanSettings {
  readonly scale: number;
  /**
   * Whether the load scenarios (3, 6) use the agent-health registry. Off by default: every step queries the registry,
   * which then bounds throughput below the pools' capacity (docs/reliability.md); every other scenario uses it.
   */
  readonly registryUnderLoad: boolean;
}

export interface PlannedScenario {
  readonly id: string;
  run(settings: PlanSettings, log: ScenarioLog): Promise<ScenarioReport>;
}

const MINUTES = 60_000;

export const CHAOS_PLAN: readonly PlannedScenario[] = [
  {
    id: 'orchestrator-crash',
    run: ({ scale }, log) =>
      runOrchestratorCrash(
        {
          orchestrations: scaled(200, scale, 20),
          stepsPerOrchestration: 3,
          workMs: 200,
          pools: 2,
          concurrency: 8,
          killAfterShare: 0.3,
          agentHealth: true,
          settleWithinMs: 15 * MINUTES,
        },
        log,
      ),
  },
  {
    id: 'server-crash',
    run: ({ scale }, log) =>
      runServerCrash(
        {
          orchestrations: scaled(200, scale, 20),
          stepsPerOrchestration: 3,
          workMs: 200,
          pools: 2,
          concurrency: 8,
          killAfterShare: 0.3,
          agentHealth: true,
          settleWithinMs: 15 * MINUTES,
        },
        log,
      ),
  },
  {
    id: 'agent-crash',
    run: ({ scale }, log) =>
      runAgentCrash(
        {
          orchestrations: scaled(200, scale, 20),
          stepsPerOrchestration: 2,
          workMs: 600,
          concurrency: 8,
          killAfterShare: 0.3,
          settleWithinMs: 15 * MINUTES,
        },
        log,
      ),
  },
  {
    id: 'agent-hang',
    run: ({ scale }, log) =>
      runAgentHang(
        {
          orchestrations: scaled(100, scale, 20),
          stepsPerOrchestration: 2,
          workMs: 100,
          concurrency: 8,
          onceEvery: 5,
          alwaysEvery: 10,
          settleWithinMs: 15 * MINUTES,
        },
        log,
      ),
  },
  {
    id: 'agent-unresponsive',
    run: ({ scale }, log) =>
      runAgentUnresponsive(
        {
          orchestrations: scaled(100, scale, 20),
          stepsPerOrchestration: 2,
          workMs: 100,
          concurrency: 8,
          onceEvery: 5,
          alwaysEvery: 10,
          settleWithinMs: 15 * MINUTES,
        },
        log,
      ),
  },
  {
    id: 'overload',
    run: ({ scale, registryUnderLoad }, log) =>
      runOverload(
        {
          levels: [100, 500, 2_000].map((size) => scaled(size, scale, 10)),
          maxInFlight: scaled(500, scale, 10),
          stepsPerOrchestration: 1,
          workMs: 100,
          pools: 2,
          concurrency: 8,
          agentHealth: registryUnderLoad,
          settleWithinMs: 15 * MINUTES,
        },
        log,
      ),
  },
  {
    id: 'routing-loop',
    run: ({ scale }, log) =>
      runRoutingLoop(
        { orchestrations: scaled(20, scale, 5), loopThreshold: 3, workMs: 100, settleWithinMs: 5 * MINUTES },
        log,
      ),
  },
  {
    id: 'agent-deadlock',
    run: ({ scale }, log) =>
      runAgentDeadlock({ orchestrations: scaled(20, scale, 5), workMs: 100, settleWithinMs: 5 * MINUTES }, log),
  },
  {
    id: 'invalid-config',
    run: ({ scale }, log) =>
      runInvalidConfig({ orchestrations: scaled(50, scale, 10), workMs: 300, settleWithinMs: 5 * MINUTES }, log),
  },
  {
    id: 'bad-release',
    run: ({ scale }, log) =>
      runBadRelease(
        {
          orchestrations: scaled(50, scale, 10),
          stepsPerOrchestration: 3,
          workMs: 300,
          brokenForMs: 5_000,
          settleWithinMs: 10 * MINUTES,
        },
        log,
      ),
  },
  {
    id: 'partition-agent-pool',
    run: ({ scale }, log) =>
      runAgentPoolPartition(
        {
          orchestrations: scaled(150, scale, 30),
          arrivalIntervalMs: 200,
          workMs: 400,
          concurrency: 8,
          cutForMs: Math.max(8_000, scaled(15_000, scale)),
          settleWithinMs: 10 * MINUTES,
        },
        log,
      ),
  },
  {
    id: 'partition-agent-pool-long-steps',
    run: ({ scale }, log) =>
      runAgentPoolPartition(
        {
          orchestrations: scaled(100, scale, 30),
          arrivalIntervalMs: 300,
          workMs: 2_500,
          concurrency: 8,
          firstAgent: CHAOS_WORKER,
          cutForMs: Math.max(8_000, scaled(15_000, scale)),
          settleWithinMs: 10 * MINUTES,
          label: {
            scenario: 'partition-agent-pool-long-steps',
            title: '5a′. Partition, steps longer than the heartbeat timeout',
          },
        },
        log,
      ),
  },
  {
    id: 'partition-orchestrator',
    run: ({ scale }, log) =>
      runOrchestratorPartition(
        {
          orchestrations: scaled(150, scale, 30),
          arrivalIntervalMs: 200,
          workMs: 300,
          concurrency: 8,
          cutAfterMs: 5_000,
          cutForMs: Math.max(8_000, scaled(15_000, scale)),
          settleWithinMs: 10 * MINUTES,
        },
        log,
      ),
  },
  {
    id: 'outage-cascade',
    run: ({ scale, registryUnderLoad }, log) =>
      runOutageCascade(
        {
          warmupMs: 20_000,
          outageMs: Math.max(10_000, scaled(60_000, scale)),
          arrivalsPerSecond: 10,
          workMs: 1_000,
          pools: 2,
          concurrency: 8,
          expiring: 10,
          agentHealth: registryUnderLoad,
          settleWithinMs: 15 * MINUTES,
        },
        log,
      ),
  },
  {
    id: 'edge-partition',
    run: ({ scale }, log) =>
      runEdgePartition(
        {
          requests: scaled(200, scale, 20),
          unreachableAfter: '300ms',
          cutForMs: Math.max(5_000, scaled(15_000, scale)),
          settleWithinMs: 5 * MINUTES,
        },
        log,
      ),
  },
];

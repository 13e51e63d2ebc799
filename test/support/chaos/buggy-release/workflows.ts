/**
 * A broken release of the orchestrator workflows, deployed for real by the bad-release scenario: orchestrate throws a
 * plain TypeError, which fails workflow tasks (not orchestrations), so runs wait for a fixed release. Bundled on its own.
 */
export { agentHealthRegistry } from '../../../../src/workflows/agent-health-registry';

export async function orchestrate(): Promise<never> {
  throw new TypeError('orchestrate 2.0-broken: cannot read properties of undefined (reading "steps")');
}

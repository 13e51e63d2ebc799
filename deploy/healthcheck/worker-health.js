#!/usr/bin/env node
'use strict';
/**
 * Container health check of a worker (orchestrator or agent pool): healthy once the process polls its task queues,
 * as its metrics endpoint reports (steadfast_worker_polling 1). Needs STEADFAST_METRICS_PORT, as the compose files set.
 *   node deploy/healthcheck/worker-health.js [host:port]
 * Exit code 0: healthy; 1: not (the reason on stderr).
 */
const POLLING = /^steadfast_worker_polling\{[^}]*\}\s+1(\.0+)?$/m;
const TIMEOUT_MS = 4000;

async function main() {
  const port = process.env.STEADFAST_METRICS_PORT;
  const target = process.argv[2] || (port ? `127.0.0.1:${port}` : undefined);
  if (!target)
    return fail('STEADFAST_METRICS_PORT is not set and no host:port was given; the worker serves no metrics');
  let response;
  try {
    response = await fetch(`http://${target}/metrics`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    return fail(`no metrics endpoint at ${target}: ${error.cause?.code || error.message}`);
  }
  if (!response.ok) return fail(`metrics endpoint at ${target} answered HTTP ${response.status}`);
  if (!POLLING.test(await response.text()))
    return fail(`the worker at ${target} is not polling (steadfast_worker_polling is not 1)`);
}

function fail(reason) {
  process.stderr.write(`unhealthy: ${reason}\n`);
  process.exitCode = 1;
}

main().catch((error) => fail(error.message));

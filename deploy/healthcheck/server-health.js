#!/usr/bin/env node
'use strict';
/**
 * Container health check of a Temporal frontend (the embedded server, or a cluster): healthy once it answers
 * GetSystemInfo. Uses the same client the workers use.
 *   node deploy/healthcheck/server-health.js [host:port]   (default: $TEMPORAL_ADDRESS, then 127.0.0.1:7233)
 * Exit code 0: healthy; 1: not (the reason on stderr).
 */
const { Connection } = require('@temporalio/client');

const TIMEOUT_MS = 4000;

async function main() {
  const address = process.argv[2] || process.env.TEMPORAL_ADDRESS || '127.0.0.1:7233';
  let connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: TIMEOUT_MS });
    await connection.withDeadline(Date.now() + TIMEOUT_MS, () => connection.workflowService.getSystemInfo({}));
  } catch (error) {
    process.stderr.write(`unhealthy: no Temporal server answers at ${address}: ${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await connection?.close();
  }
}

main();
